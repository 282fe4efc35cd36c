import type { DecodedBlock, DecodedTransaction, LedgerWrite } from './decode';
import { historyEntityOf, LANE_KEY_TYPE, type LaneWrite, type VersionRow, type VersionTx } from './versions';

/** A valid transaction of the namespace. */
export interface TransactionRow {
  readonly txId: string;
  readonly block: bigint;
  readonly txIndex: number;
  readonly time: string;
}

/** A chaincode event of a valid transaction. */
export interface EventRow {
  readonly txId: string;
  readonly block: bigint;
  readonly txIndex: number;
  readonly name: string;
  readonly payload: string;
  readonly time: string;
  /**
   * The accounts the event concerns, whose holders may read it on the event stream: the account its
   * transaction's creator acted for, and every account whose points the transaction moved.
   */
  readonly accounts: readonly string[];
}

/** A statement line (`movement~<account>~<time>~<txId>~<n>`). */
export interface MovementRow {
  readonly account: string;
  readonly txId: string;
  readonly seq: number;
  readonly time: string;
  readonly delta: number;
  readonly kind: string;
  readonly counterparty: string | null;
  readonly reference: string | null;
}

/** A recorded sale (`sale~<merchantId>~<yyyymm>~<txId>`). */
export interface SaleRow {
  readonly merchant: string;
  readonly month: string;
  readonly txId: string;
  readonly amountFen: number;
  readonly occurredAt: string;
}

/**
 * The latest version of a JOSP plan (`jospplan~<planId>`). The plan record holds no raised total:
 * the store fills `raised` in as the sum of the plan's tranches ({@link TrancheRow}).
 */
export interface PlanRow {
  readonly planId: string;
  readonly status: string;
  readonly issuer: string;
  readonly kind: string;
  readonly capPoints: number;
  readonly raised: number;
  readonly updatedAt: string;
  /** Block and index of the write, so a replayed older version never overwrites a newer one. */
  readonly block: bigint;
  readonly txIndex: number;
  /** The whole record as written, for clients that need more than the indexed columns. */
  readonly record: string;
}

/** A plan as one block writes it: the record holds no raised total, which the store sums from the tranches. */
export type PlanWrite = Omit<PlanRow, 'raised'>;

/**
 * The latest version of one tranche of a plan's capacity (`josptranche~<planId>~<tranche>`): a
 * subscription rewrites only the tranches it draws from, so the plan's raised total is their sum.
 */
export interface TrancheRow {
  readonly planId: string;
  /** The tranche's number, 0–15 (the key's two digits). */
  readonly tranche: number;
  readonly raised: number;
  /** Block and index of the write, so a replayed older version never overwrites a newer one. */
  readonly block: bigint;
  readonly txIndex: number;
}

/** A confirmed coupon redemption (`cpnredeem~<merchantId>~<orderId>`, docs/coupons.md): written once per order. */
export interface RedemptionRow {
  /** The redeeming merchant. */
  readonly merchantId: string;
  readonly orderId: string;
  readonly classId: string;
  /** The class's issuer, who owes no rebate to itself. */
  readonly issuer: string;
  readonly holder: string;
  readonly amountFen: number;
  readonly faceValueFen: number;
  readonly payFen: number;
  readonly rebateFen: number;
  /** The recorded order's time of sale. */
  readonly occurredAt: string;
  /** Clearing day of the rebate payable; null when the merchant is the issuer. */
  readonly payableDay: string | null;
  readonly requestId: string;
  readonly txId: string;
  /** Time of the redeeming transaction. */
  readonly time: string;
}

/**
 * One investor's payout of a JOSP plan: its position (`jospposition~<investor>~<planId>`) as a
 * settlement (`PAID`) or refund (`REFUNDED`) page closed it. A position is closed once.
 */
export interface PayoutRow {
  readonly planId: string;
  readonly investor: string;
  /** `PAID` (settled: principal and yield) or `REFUNDED` (principal only). */
  readonly status: string;
  /** The position's home tranche and place in its roster: the order the plan pays in. */
  readonly tranche: number;
  readonly seq: number;
  readonly principal: number;
  readonly yieldPoints: number;
  /** Time of the payout page that paid it. */
  readonly paidAt: string;
  readonly txId: string;
}

/** Everything one block adds to the read model; applied atomically with the checkpoint. */
export interface BlockRows {
  readonly block: bigint;
  /** Id of the block's last valid transaction, kept with the checkpoint for diagnosis. */
  readonly lastTxId: string | null;
  readonly transactions: readonly TransactionRow[];
  readonly events: readonly EventRow[];
  readonly movements: readonly MovementRow[];
  readonly sales: readonly SaleRow[];
  readonly plans: readonly PlanWrite[];
  readonly tranches: readonly TrancheRow[];
  readonly redemptions: readonly RedemptionRow[];
  readonly payouts: readonly PayoutRow[];
  /** Versions of the audited entities other than accounts (docs/audit.md "History"). */
  readonly versions: readonly VersionRow[];
  /** Balance-lane writes, in block order; the store folds them into account versions. */
  readonly laneWrites: readonly LaneWrite[];
}

const SEPARATOR = '\u0000';

/** The ids of the plans whose raised total a block may change: those it writes a version or a tranche of. */
export function plansTouched(rows: BlockRows): string[] {
  return [...new Set([...rows.plans, ...rows.tranches].map((r) => r.planId))];
}

/**
 * Splits a Fabric composite key `\u0000type\u0000part\u0000…\u0000` into its type and parts.
 *
 * @returns null for a simple (non-composite) key
 */
export function splitCompositeKey(key: string): { type: string; parts: string[] } | null {
  if (!key.startsWith(SEPARATOR) || !key.endsWith(SEPARATOR) || key.length < 2) {
    return null;
  }
  const [type, ...parts] = key.slice(1, -1).split(SEPARATOR);
  return type === undefined || type === '' ? null : { type, parts };
}

/** Key types of coupon and program-point holdings: `<type>~<asset>~<holder>` (docs/coupons.md, "Keys"). */
const HOLDING_KEY_TYPES: ReadonlySet<string> = new Set(['cpnbal', 'ppbal']);

/** The holders whose coupons or program points a transaction moved: its event concerns them too. */
function holdersWritten(tx: DecodedBlock['transactions'][number]): string[] {
  return tx.writes.flatMap(({ key }) => {
    const split = splitCompositeKey(key);
    const holder = split !== null && HOLDING_KEY_TYPES.has(split.type) ? split.parts[1] : undefined;
    return holder === undefined ? [] : [holder];
  });
}

/** Maps a decoded block to the rows of every table; writes of other key types are ignored. */
export function rowsOfBlock(block: DecodedBlock): BlockRows {
  const rows = {
    events: [] as EventRow[],
    movements: [] as MovementRow[],
    sales: [] as SaleRow[],
    plans: [] as PlanWrite[],
    tranches: [] as TrancheRow[],
    redemptions: [] as RedemptionRow[],
    payouts: [] as PayoutRow[],
    versions: [] as VersionRow[],
    laneWrites: [] as LaneWrite[],
  };
  for (const tx of block.transactions) {
    const movementsBefore = rows.movements.length;
    addWrites(rows, block.number, tx);
    addVersions(rows, block.number, tx);
    if (tx.event !== null) {
      const moved = rows.movements.slice(movementsBefore).map((m) => m.account);
      const signer = tx.creatorAccount === null ? [] : [tx.creatorAccount];
      const accounts = [...new Set([...signer, ...moved, ...holdersWritten(tx)])];
      rows.events.push({ txId: tx.txId, block: block.number, txIndex: tx.txIndex, time: tx.time, ...tx.event, accounts });
    }
  }
  const last = block.transactions[block.transactions.length - 1];
  const transactions = block.transactions.map((tx) => ({ txId: tx.txId, block: block.number, txIndex: tx.txIndex, time: tx.time }));
  return { block: block.number, lastTxId: last?.txId ?? null, transactions, ...rows };
}

/** The rows that the writes of a transaction add to. */
interface WriteRows {
  movements: MovementRow[];
  sales: SaleRow[];
  plans: PlanWrite[];
  tranches: TrancheRow[];
  redemptions: RedemptionRow[];
  payouts: PayoutRow[];
}

function addWrites(rows: WriteRows, block: bigint, tx: DecodedTransaction): void {
  for (const write of tx.writes) {
    addWrite(rows, block, tx, write);
  }
}

function addWrite(rows: WriteRows, block: bigint, tx: DecodedTransaction, write: LedgerWrite): void {
  const key = splitCompositeKey(write.key);
  const record = recordOf(write);
  if (key !== null && record !== null) {
    ROWS_OF_KEY_TYPE.get(key.type)?.(rows, { parts: key.parts, record, write, block, tx });
  }
}

/** A JSON object written to a composite key, with the parts of the key and the transaction. */
interface KeyedWrite {
  readonly parts: readonly string[];
  readonly record: Record<string, unknown>;
  readonly write: LedgerWrite;
  readonly block: bigint;
  readonly tx: DecodedTransaction;
}

/** A tranche key's two digits ("00" to "15"); a part of any other form names no tranche. */
const TRANCHE_DIGITS = /^\d{2}$/;

/** The statuses of a position that a payout page closed. */
const PAID_OUT: ReadonlySet<string> = new Set(['PAID', 'REFUNDED']);

/** How the writes of each indexed key type become rows; a write with too few key parts adds none. */
const ROWS_OF_KEY_TYPE = new Map<string, (rows: WriteRows, write: KeyedWrite) => void>([
  [
    'movement',
    (rows, { parts: [account, , , seq], record, tx }) => {
      if (account !== undefined && seq !== undefined) {
        rows.movements.push(movementRow(account, Number(seq), record, tx));
      }
    },
  ],
  [
    'sale',
    (rows, { parts: [merchant, month], record, tx }) => {
      if (merchant !== undefined && month !== undefined) {
        rows.sales.push(saleRow(merchant, month, record, tx));
      }
    },
  ],
  [
    'jospplan',
    (rows, { parts: [planId], record, write, block, tx }) => {
      if (planId !== undefined) {
        rows.plans.push(planRow(planId, write, record, block, tx));
      }
    },
  ],
  [
    'josptranche',
    (rows, { parts: [planId, tranche], record, block, tx }) => {
      if (planId !== undefined && tranche !== undefined && TRANCHE_DIGITS.test(tranche)) {
        rows.tranches.push({ planId, tranche: Number(tranche), raised: integer(record.raised), block, txIndex: tx.txIndex });
      }
    },
  ],
  [
    'cpnredeem',
    (rows, { parts: [merchantId, orderId], record, tx }) => {
      if (merchantId !== undefined && orderId !== undefined) {
        rows.redemptions.push(redemptionRow(merchantId, orderId, record, tx));
      }
    },
  ],
  [
    'jospposition',
    (rows, { parts: [investor, planId], record, tx }) => {
      // A subscription writes the position too (ACTIVE); only the page that closes it pays out.
      if (investor !== undefined && planId !== undefined && PAID_OUT.has(text(record.status) ?? '')) {
        rows.payouts.push(payoutRow(planId, investor, record, tx));
      }
    },
  ],
]);

function movementRow(account: string, seq: number, record: Record<string, unknown>, tx: DecodedTransaction): MovementRow {
  return {
    account,
    txId: tx.txId,
    seq,
    time: text(record.time) ?? tx.time,
    delta: integer(record.delta),
    kind: text(record.kind) ?? '',
    counterparty: text(record.counterparty),
    reference: text(record.reference),
  };
}

function saleRow(merchant: string, month: string, record: Record<string, unknown>, tx: DecodedTransaction): SaleRow {
  return {
    merchant,
    month,
    txId: tx.txId,
    amountFen: integer(record.amountFen),
    occurredAt: text(record.occurredAt) ?? tx.time,
  };
}

function redemptionRow(merchantId: string, orderId: string, record: Record<string, unknown>, tx: DecodedTransaction): RedemptionRow {
  return {
    merchantId,
    orderId,
    classId: text(record.classId) ?? '',
    issuer: text(record.issuer) ?? '',
    holder: text(record.holder) ?? '',
    amountFen: integer(record.amountFen),
    faceValueFen: integer(record.faceValueFen),
    payFen: integer(record.payFen),
    rebateFen: integer(record.rebateFen),
    occurredAt: text(record.occurredAt) ?? tx.time,
    payableDay: text(record.payableDay),
    requestId: text(record.requestId) ?? '',
    txId: tx.txId,
    time: text(record.time) ?? tx.time,
  };
}

function payoutRow(planId: string, investor: string, record: Record<string, unknown>, tx: DecodedTransaction): PayoutRow {
  return {
    planId,
    investor,
    status: text(record.status) ?? '',
    tranche: integer(record.tranche),
    seq: integer(record.seq),
    principal: integer(record.principal),
    yieldPoints: integer(record.yieldPoints),
    paidAt: text(record.closedAt) ?? tx.time,
    txId: tx.txId,
  };
}

function planRow(planId: string, write: LedgerWrite, record: Record<string, unknown>, block: bigint, tx: DecodedTransaction): PlanWrite {
  return {
    planId,
    status: text(record.status) ?? '',
    issuer: text(record.issuer) ?? '',
    kind: text(record.kind) ?? '',
    capPoints: integer(record.capPoints),
    updatedAt: text(record.updatedAt) ?? tx.time,
    block,
    txIndex: tx.txIndex,
    record: write.value ?? '',
  };
}

/** Every write of an audited entity's key becomes a version, deletes and non-JSON values included. */
function addVersions(rows: { versions: VersionRow[]; laneWrites: LaneWrite[] }, block: bigint, tx: DecodedTransaction): void {
  const at: VersionTx = {
    block,
    txIndex: tx.txIndex,
    txId: tx.txId,
    time: tx.time,
    creatorMsp: tx.creatorMsp,
    creatorRole: tx.creatorRole,
  };
  for (const write of tx.writes) {
    const key = splitCompositeKey(write.key);
    if (key === null) {
      continue;
    }
    const [account, lane] = key.parts;
    if (key.type === LANE_KEY_TYPE && key.parts.length === 2 && account !== undefined && lane !== undefined) {
      rows.laneWrites.push({ ...at, account, lane, points: lanePoints(write) });
      continue;
    }
    const entity = historyEntityOf(key.type, key.parts);
    if (entity !== null) {
      rows.versions.push({ ...at, ...entity, isDelete: write.value === null, value: write.value });
    }
  }
}

/** A lane's `{points}`; a deleted or unreadable lane holds nothing, as the chaincode's history reads it. */
function lanePoints(write: LedgerWrite): number {
  const record = recordOf(write);
  return record === null ? 0 : integer(record.points);
}

/** The written JSON object; null for a delete or a value that is no JSON object. */
function recordOf(write: LedgerWrite): Record<string, unknown> | null {
  return write.value === null ? null : parseObject(write.value);
}

function parseObject(value: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function integer(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}
