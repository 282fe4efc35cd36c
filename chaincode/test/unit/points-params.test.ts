import { parseLedgerError } from '@loulan/protocol';

import { DEFAULT_PARAMS, parseParamsJson, parseStoredParams, regionTier } from '../../src/points/params';

function errorOf(action: () => unknown): ReturnType<typeof parseLedgerError> {
  try {
    action();
  } catch (error) {
    return parseLedgerError(error instanceof Error ? error.message : '');
  }
  throw new Error('expected a failure');
}

const defaults = JSON.stringify(DEFAULT_PARAMS);
const withField = (field: string, value: unknown): string => JSON.stringify({ ...DEFAULT_PARAMS, [field]: value });
const lowTier = [{ minCount: 1, minAmountFen: 1, multiplierBps: 9_999 }];
const unordered = [
  { upToFen: 10, rateBps: 1 },
  { upToFen: 5, rateBps: 1 },
  { upToFen: null, rateBps: 1 },
];

describe('parameters', () => {
  it('has the defaults of docs/rules.md#points-params', () => {
    expect(DEFAULT_PARAMS.joinBonus).toEqual({ '1': 50_000, '2': 30_000, '3': 20_000 });
    expect(DEFAULT_PARAMS.redemptionCapBps).toBe(5_000);
    expect(DEFAULT_PARAMS.maxBackdateDays).toBe(7);
    expect(DEFAULT_PARAMS.disputeWindowSeconds).toBe(259_200);
  });

  it.each([
    ['Beijing', 1],
    ['shanghai', 1],
    ['SHENZHEN', 1],
    ['Chengdu', 2],
    ['Tianjin', 2],
    ["xi'an", 2],
    ['Suzhou', 3],
  ])('puts %s in tier %i', (region, tier) => {
    expect(regionTier(DEFAULT_PARAMS, region)).toBe(tier);
  });

  it('accepts the defaults back, ignoring the fields UpdateParams manages', () => {
    const doc = JSON.stringify({ ...DEFAULT_PARAMS, version: 3, updatedAt: 'x', updatedByTxId: 'y' });
    expect(parseParamsJson(doc)).toEqual(DEFAULT_PARAMS);
  });

  it.each([
    ['not JSON', '{', 'paramsJson'],
    ['an unknown field', JSON.stringify({ ...DEFAULT_PARAMS, bonus: 1 }), 'params'],
    ['a missing field', JSON.stringify({ ...DEFAULT_PARAMS, maxBackdateDays: undefined }), 'maxBackdateDays'],
    ['a fractional rate', JSON.stringify({ ...DEFAULT_PARAMS, redemptionCapBps: 50.5 }), 'redemptionCapBps'],
    ['a cap above 100%', JSON.stringify({ ...DEFAULT_PARAMS, redemptionCapBps: 10_001 }), 'redemptionCapBps'],
    ['a zero point value', JSON.stringify({ ...DEFAULT_PARAMS, pointValueFen: 0 }), 'pointValueFen'],
    ['a bonus tier "4"', JSON.stringify({ ...DEFAULT_PARAMS, joinBonus: { ...DEFAULT_PARAMS.joinBonus, '4': 1 } }), 'joinBonus'],
    ['a region in two cases', JSON.stringify({ ...DEFAULT_PARAMS, regionTiers: { Wuhan: 2, WUHAN: 1 } }), 'regionTiers'],
    ['a multiplier below ×1', withField('activityTiers', lowTier), 'activityTiers.multiplierBps'],
    ['brackets out of order', withField('monthlyRewardBrackets', unordered), 'monthlyRewardBrackets.upToFen'],
    ['a bounded last bracket', withField('monthlyRewardBrackets', [{ upToFen: 10, rateBps: 1 }]), 'monthlyRewardBrackets'],
  ])('refuses %s with INVALID_ARGUMENT naming the field', (_label, json, field) => {
    expect(errorOf(() => parseParamsJson(json))).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field } });
  });

  it('takes the default dispute window when the field is absent, and accepts its bounds', () => {
    // JSON.stringify leaves an undefined field out: a document written before the parameter existed.
    expect(parseParamsJson(withField('disputeWindowSeconds', undefined)).disputeWindowSeconds).toBe(259_200);
    expect(parseParamsJson(withField('disputeWindowSeconds', 60)).disputeWindowSeconds).toBe(60);
    expect(parseParamsJson(withField('disputeWindowSeconds', 2_592_000)).disputeWindowSeconds).toBe(2_592_000);
  });

  it.each([0, 59, 2_592_001, 60.5, '3600', null])('refuses a dispute window of %p with INVALID_ARGUMENT and its bounds', (value) => {
    expect(errorOf(() => parseParamsJson(withField('disputeWindowSeconds', value)))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'disputeWindowSeconds', min: 60, max: 2_592_000 },
    });
  });

  it('refuses an oversized document', () => {
    expect(errorOf(() => parseParamsJson(defaults.padEnd(70_000, ' ')))?.code).toBe('INVALID_ARGUMENT');
  });

  it('reads a stored document back only with its version fields', () => {
    const stored = { ...DEFAULT_PARAMS, version: 2, updatedAt: '2025-01-01T00:00:00.000Z', updatedByTxId: 'tx1' };
    expect(parseStoredParams(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
    expect(() => parseStoredParams(JSON.parse(defaults))).toThrow('version');
  });
});
