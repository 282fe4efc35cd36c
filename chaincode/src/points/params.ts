/**
 * Platform parameters of the points ledger: defaults (docs/rules.md#points-params), validation of a whole
 * parameter document, and the region tier lookup. No Fabric types.
 *
 * @packageDocumentation
 */
import { decodeJson, MAX_FEN_ARGUMENT } from '../ledger/args';
import { InvalidArgumentError } from '../ledger/errors';
import { isJsonObject } from '../ledger/state';

/** Region tiers; a region not listed in `regionTiers` is tier 3. */
export type RegionTier = 1 | 2 | 3;

/** One step of the activity multiplier: reached by count or by amount. */
export type ActivityTier = {
  readonly minCount: number;
  readonly minAmountFen: number;
  readonly multiplierBps: number;
};

/** One marginal bracket of the monthly reward; `upToFen: null` is open-ended. */
export type RewardBracket = {
  readonly upToFen: number | null;
  readonly rateBps: number;
};

/** Join bonus in points per region tier, keyed "1", "2", "3". */
export type JoinBonus = { readonly '1': number; readonly '2': number; readonly '3': number };

/** The tunable rules, see docs/points.md "Parameters". */
export type PointsParams = {
  readonly pointValueFen: number;
  readonly basePointsPerYuan: number;
  readonly joinBonus: JoinBonus;
  readonly regionTiers: { readonly [region: string]: RegionTier };
  readonly activityWindowDays: number;
  readonly activityTiers: readonly ActivityTier[];
  readonly redemptionCapBps: number;
  readonly monthlyRewardBrackets: readonly RewardBracket[];
  readonly maxBackdateDays: number;
  /** How far a proposal's timestamp may be from the endorsing peer's clock. */
  readonly maxClockSkewSeconds: number;
  /**
   * How long after its settlement a shelf statement may be disputed, and before which it cannot
   * be paid; read at settlement, see docs/shelf.md.
   */
  readonly disputeWindowSeconds: number;
};

/**
 * Parameters as returned by GetParams: the defaults with version 0 and no update fields
 * until the first UpdateParams, then the stored document.
 */
export type ParamsDocument = StoredParams | (PointsParams & { readonly version: 0 });

/** Parameters as stored under `params~current` by UpdateParams. */
export type StoredParams = PointsParams & {
  /** Incremented by each UpdateParams, from 1. */
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedByTxId: string;
};

const TIER_1 = ['Beijing', 'Shanghai', 'Guangzhou', 'Shenzhen', 'Hangzhou'];
// The other provincial capitals, plus the municipalities not already in tier 1.
const TIER_2 = [
  'Tianjin',
  'Chongqing',
  'Shijiazhuang',
  'Taiyuan',
  'Hohhot',
  'Shenyang',
  'Changchun',
  'Harbin',
  'Nanjing',
  'Hefei',
  'Fuzhou',
  'Nanchang',
  'Jinan',
  'Zhengzhou',
  'Wuhan',
  'Changsha',
  'Nanning',
  'Haikou',
  'Chengdu',
  'Guiyang',
  'Kunming',
  'Lhasa',
  "Xi'an",
  'Lanzhou',
  'Xining',
  'Yinchuan',
  'Urumqi',
];

/** The defaults of docs/rules.md#points-params. */
export const DEFAULT_PARAMS: PointsParams = {
  pointValueFen: 1,
  basePointsPerYuan: 1,
  joinBonus: { '1': 50_000, '2': 30_000, '3': 20_000 },
  regionTiers: Object.fromEntries([...TIER_1.map((r) => [r, 1] as const), ...TIER_2.map((r) => [r, 2] as const)]),
  activityWindowDays: 30,
  activityTiers: [
    { minCount: 10, minAmountFen: 500_000, multiplierBps: 15_000 },
    { minCount: 3, minAmountFen: 100_000, multiplierBps: 12_000 },
  ],
  redemptionCapBps: 5_000,
  monthlyRewardBrackets: [
    { upToFen: 1_000_000, rateBps: 100 },
    { upToFen: 10_000_000, rateBps: 200 },
    { upToFen: null, rateBps: 300 },
  ],
  maxBackdateDays: 7,
  maxClockSkewSeconds: 300,
  disputeWindowSeconds: 3 * 86_400,
};

/** Longest accepted parameter document, in UTF-16 code units. */
export const MAX_PARAMS_JSON_LENGTH = 65_536;

const MAX_REGIONS = 512;
const MAX_REGION_LENGTH = 64;
const MAX_LIST_ENTRIES = 16;
const MAX_BONUS = 1_000_000_000;
// Fields of a stored document that UpdateParams sets itself; accepted in the input so that
// a client can send back what GetParams gave it, and ignored.
const MANAGED_FIELDS = ['version', 'updatedAt', 'updatedByTxId'];
const PARAM_FIELDS = [
  'pointValueFen',
  'basePointsPerYuan',
  'joinBonus',
  'regionTiers',
  'activityWindowDays',
  'activityTiers',
  'redemptionCapBps',
  'monthlyRewardBrackets',
  'maxBackdateDays',
  'maxClockSkewSeconds',
  'disputeWindowSeconds',
];
// Bounds of `disputeWindowSeconds`: at least a minute, at most 30 days.
const MIN_DISPUTE_WINDOW_SECONDS = 60;
const MAX_DISPUTE_WINDOW_SECONDS = 30 * 86_400;

/**
 * Parses and validates the paramsJson argument of UpdateParams. Every parameter field is
 * required but `maxClockSkewSeconds` (default 300) and `disputeWindowSeconds` (default 259,200,
 * 3 days); `version`, `updatedAt` and `updatedByTxId` may be present and are ignored; any other
 * field is refused so that a misspelt name cannot silently keep a default.
 *
 * @param json - the document as received
 * @returns the validated parameters
 * @throws InvalidArgumentError naming the field at fault
 */
export function parseParamsJson(json: unknown): PointsParams {
  if (typeof json !== 'string' || json.length > MAX_PARAMS_JSON_LENGTH) {
    throw new InvalidArgumentError(`paramsJson must be a JSON document of at most ${MAX_PARAMS_JSON_LENGTH} characters`, {
      field: 'paramsJson',
    });
  }
  const value = decodeJson(json);
  if (value === undefined) {
    throw new InvalidArgumentError('paramsJson is not valid JSON', { field: 'paramsJson' });
  }
  return validateParams(value);
}

/**
 * Validates decoded parameters, see {@link parseParamsJson}.
 *
 * @param value - decoded JSON
 * @returns the validated parameters, holding only the parameter fields
 * @throws InvalidArgumentError naming the field at fault
 */
export function validateParams(value: unknown): PointsParams {
  const doc = requireObject(value, 'params');
  const unknown = Object.keys(doc).find((k) => !PARAM_FIELDS.includes(k) && !MANAGED_FIELDS.includes(k));
  if (unknown !== undefined) {
    throw invalid('params', 'holds an unknown field', { unknownField: unknown.slice(0, 64) });
  }
  return {
    pointValueFen: integer(doc.pointValueFen, 'pointValueFen', 1, 10_000),
    basePointsPerYuan: integer(doc.basePointsPerYuan, 'basePointsPerYuan', 0, 1_000),
    joinBonus: joinBonus(doc.joinBonus),
    regionTiers: regionTiers(doc.regionTiers),
    activityWindowDays: integer(doc.activityWindowDays, 'activityWindowDays', 1, 366),
    activityTiers: activityTiers(doc.activityTiers),
    redemptionCapBps: integer(doc.redemptionCapBps, 'redemptionCapBps', 0, 10_000),
    monthlyRewardBrackets: rewardBrackets(doc.monthlyRewardBrackets),
    maxBackdateDays: integer(doc.maxBackdateDays, 'maxBackdateDays', 0, 90),
    // Optional so that documents written before they existed, and clients that send them back, keep working.
    maxClockSkewSeconds: optionalInteger(doc, 'maxClockSkewSeconds', 1, 3_600),
    disputeWindowSeconds: optionalInteger(doc, 'disputeWindowSeconds', MIN_DISPUTE_WINDOW_SECONDS, MAX_DISPUTE_WINDOW_SECONDS),
  };
}

/**
 * Checks a stored parameter document.
 *
 * @param value - decoded JSON
 * @returns the document
 * @throws Error when it is not a valid document
 */
export function parseStoredParams(value: unknown): StoredParams {
  const params = validateParams(value);
  const doc = requireObject(value, 'params');
  const { version, updatedAt, updatedByTxId } = doc;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new Error('stored params lack a version');
  }
  if (typeof updatedAt !== 'string' || typeof updatedByTxId !== 'string') {
    throw new Error('stored params lack updatedAt or updatedByTxId');
  }
  return { ...params, version, updatedAt, updatedByTxId };
}

/**
 * The tier of a region, matched case-insensitively; unlisted regions are tier 3.
 *
 * @param params - current parameters
 * @param region - region as registered
 * @returns 1, 2 or 3
 */
export function regionTier(params: PointsParams, region: string): RegionTier {
  const wanted = region.toLowerCase();
  const match = Object.entries(params.regionTiers).find(([name]) => name.toLowerCase() === wanted);
  return match === undefined ? 3 : match[1];
}

function joinBonus(value: unknown): JoinBonus {
  const doc = requireObject(value, 'joinBonus');
  if (Object.keys(doc).some((k) => !['1', '2', '3'].includes(k))) {
    throw invalid('joinBonus', 'must have exactly the keys "1", "2" and "3"');
  }
  return {
    '1': integer(doc['1'], 'joinBonus.1', 0, MAX_BONUS),
    '2': integer(doc['2'], 'joinBonus.2', 0, MAX_BONUS),
    '3': integer(doc['3'], 'joinBonus.3', 0, MAX_BONUS),
  };
}

function regionTiers(value: unknown): { readonly [region: string]: RegionTier } {
  const doc = requireObject(value, 'regionTiers');
  const entries = Object.entries(doc);
  if (entries.length > MAX_REGIONS) {
    throw invalid('regionTiers', `may list at most ${MAX_REGIONS} regions`);
  }
  const seen = new Set<string>();
  const result: Record<string, RegionTier> = {};
  for (const [region, tier] of entries) {
    const folded = region.toLowerCase();
    if (region.trim() === '' || region.length > MAX_REGION_LENGTH || /[\p{Cc}\p{Cs}]/u.test(region) || seen.has(folded)) {
      throw invalid('regionTiers', 'has an empty, overlong, invalid or case-duplicate region name');
    }
    seen.add(folded);
    const checked = integer(tier, 'regionTiers.tier', 1, 3);
    result[region] = checked === 1 ? 1 : checked === 2 ? 2 : 3;
  }
  return result;
}

function activityTiers(value: unknown): ActivityTier[] {
  return list(value, 'activityTiers', 0).map((item) => {
    const tier = requireObject(item, 'activityTiers[]');
    return {
      minCount: integer(tier.minCount, 'activityTiers.minCount', 1, 1_000_000),
      minAmountFen: integer(tier.minAmountFen, 'activityTiers.minAmountFen', 1, MAX_FEN_ARGUMENT),
      multiplierBps: integer(tier.multiplierBps, 'activityTiers.multiplierBps', 10_000, 100_000),
    };
  });
}

function rewardBrackets(value: unknown): RewardBracket[] {
  const items = list(value, 'monthlyRewardBrackets', 1);
  let previous = 0;
  return items.map((item, index) => {
    const bracket = requireObject(item, 'monthlyRewardBrackets[]');
    const rateBps = integer(bracket.rateBps, 'monthlyRewardBrackets.rateBps', 0, 10_000);
    if (index === items.length - 1) {
      if (bracket.upToFen !== null) {
        throw invalid('monthlyRewardBrackets', 'the last bracket must have upToFen null');
      }
      return { upToFen: null, rateBps };
    }
    const upToFen = integer(bracket.upToFen, 'monthlyRewardBrackets.upToFen', previous + 1, MAX_FEN_ARGUMENT);
    previous = upToFen;
    return { upToFen, rateBps };
  });
}

function list(value: unknown, field: string, min: number): unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > MAX_LIST_ENTRIES) {
    throw invalid(field, `must be a list of ${min} to ${MAX_LIST_ENTRIES} entries`);
  }
  return value;
}

/** A field that documents may omit: its default when absent, else a whole number in `[min, max]`. */
function optionalInteger(
  doc: Record<string, unknown>,
  field: 'maxClockSkewSeconds' | 'disputeWindowSeconds',
  min: number,
  max: number,
): number {
  const value = doc[field];
  return value === undefined ? DEFAULT_PARAMS[field] : integer(value, field, min, max);
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min} to ${max}`, { min, max });
  }
  return value;
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (!isJsonObject(value)) {
    throw invalid(field, 'must be an object');
  }
  return value;
}

function invalid(field: string, problem: string, extra: Record<string, string | number> = {}): InvalidArgumentError {
  return new InvalidArgumentError(`${field} ${problem}`, { field, ...extra });
}
