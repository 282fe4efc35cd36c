/**
 * The read model's table rows as a SQL driver returns them, and their decoding into the store's rows:
 * one decoding for every store, told by a {@link ColumnCodec} how its driver returns numbers and booleans.
 */

import type { MovementRow, PayoutRow, PlanRow, RedemptionRow } from './rows';
import type { VerifiedPrefix } from './store';
import type { VersionRow } from './versions';

/**
 * How a SQL driver returns the read model's BIGINT columns (`Int`) and boolean ones (`Flag`), and how
 * the stores turn them into JS values. The tables are the same for every store; only this differs.
 */
export interface ColumnCodec<Int extends string | number, Flag> {
  /** @throws Error when the value does not fit a JS number exactly */
  readonly int: (value: Int) => number;
  readonly flag: (value: Flag) => boolean;
}

/** A row of `rm_movements` as the driver returns it. */
export interface MovementDbRow<Int extends string | number> {
  account: string;
  tx_id: string;
  seq: number;
  time: string;
  delta: Int;
  kind: string;
  counterparty: string | null;
  reference: string | null;
}

/** A row of `rm_versions` as the driver returns it. */
export interface VersionDbRow<Int extends string | number, Flag> {
  entity_type: string;
  entity_id: string;
  block: Int;
  tx_index: number;
  tx_id: string;
  time: string;
  is_delete: Flag;
  value: string | null;
  creator_msp: string | null;
  creator_role: string | null;
}

/** A row of `rm_plans` as the driver returns it. */
export interface PlanDbRow<Int extends string | number> {
  plan_id: string;
  status: string;
  issuer: string;
  kind: string;
  cap_points: Int;
  raised: Int;
  updated_at: string;
  block: Int;
  tx_index: number;
  record: string;
}

/** A row of `rm_redemptions` as the driver returns it. */
export interface RedemptionDbRow<Int extends string | number> {
  merchant_id: string;
  order_id: string;
  class_id: string;
  issuer: string;
  holder: string;
  amount_fen: Int;
  face_value_fen: Int;
  pay_fen: Int;
  rebate_fen: Int;
  occurred_at: string;
  payable_day: string | null;
  request_id: string;
  tx_id: string;
  time: string;
}

/** The `rm_redemptions` column a redemption listing selects its party by (`RedemptionQuery.by`). */
export const REDEMPTION_PARTY_COLUMN = { merchant: 'merchant_id', issuer: 'issuer' } as const;

/** A row of `rm_payouts` as the driver returns it. */
export interface PayoutDbRow<Int extends string | number> {
  plan_id: string;
  investor: string;
  status: string;
  tranche: number;
  seq: number;
  principal: Int;
  yield_points: Int;
  paid_at: string;
  tx_id: string;
}

/** A redemption's values in the column order of `rm_redemptions`, as every store inserts them. */
export function redemptionValues(r: RedemptionRow): unknown[] {
  return [
    r.merchantId,
    r.orderId,
    r.classId,
    r.issuer,
    r.holder,
    r.amountFen,
    r.faceValueFen,
    r.payFen,
    r.rebateFen,
    r.occurredAt,
    r.payableDay,
    r.requestId,
    r.txId,
    r.time,
  ];
}

/** A payout's values in the column order of `rm_payouts`, as every store inserts them. */
export function payoutValues(r: PayoutRow): unknown[] {
  return [r.planId, r.tranche, r.seq, r.investor, r.status, r.principal, r.yieldPoints, r.paidAt, r.txId];
}

/**
 * The movement a `rm_movements` row stores.
 *
 * @throws Error when its delta does not fit a JS number exactly (see {@link ColumnCodec.int})
 */
export function toMovement<Int extends string | number, Flag>(row: MovementDbRow<Int>, columns: ColumnCodec<Int, Flag>): MovementRow {
  return {
    account: row.account,
    txId: row.tx_id,
    seq: row.seq,
    time: row.time,
    delta: columns.int(row.delta),
    kind: row.kind,
    counterparty: row.counterparty,
    reference: row.reference,
  };
}

/** The version a `rm_versions` row stores. */
export function toVersion<Int extends string | number, Flag>(row: VersionDbRow<Int, Flag>, columns: ColumnCodec<Int, Flag>): VersionRow {
  return {
    entityType: row.entity_type,
    entityId: row.entity_id,
    block: BigInt(row.block),
    txIndex: row.tx_index,
    txId: row.tx_id,
    time: row.time,
    creatorMsp: row.creator_msp,
    creatorRole: row.creator_role,
    isDelete: columns.flag(row.is_delete),
    value: row.value,
  };
}

/**
 * The plan a `rm_plans` row stores.
 *
 * @throws Error when its points do not fit a JS number exactly (see {@link ColumnCodec.int})
 */
export function toPlan<Int extends string | number, Flag>(row: PlanDbRow<Int>, columns: ColumnCodec<Int, Flag>): PlanRow {
  return {
    planId: row.plan_id,
    status: row.status,
    issuer: row.issuer,
    kind: row.kind,
    capPoints: columns.int(row.cap_points),
    raised: columns.int(row.raised),
    updatedAt: row.updated_at,
    block: BigInt(row.block),
    txIndex: row.tx_index,
    record: row.record,
  };
}

/**
 * The redemption a `rm_redemptions` row stores.
 *
 * @throws Error when an amount does not fit a JS number exactly (see {@link ColumnCodec.int})
 */
export function toRedemption<Int extends string | number, Flag>(row: RedemptionDbRow<Int>, columns: ColumnCodec<Int, Flag>): RedemptionRow {
  return {
    merchantId: row.merchant_id,
    orderId: row.order_id,
    classId: row.class_id,
    issuer: row.issuer,
    holder: row.holder,
    amountFen: columns.int(row.amount_fen),
    faceValueFen: columns.int(row.face_value_fen),
    payFen: columns.int(row.pay_fen),
    rebateFen: columns.int(row.rebate_fen),
    occurredAt: row.occurred_at,
    payableDay: row.payable_day,
    requestId: row.request_id,
    txId: row.tx_id,
    time: row.time,
  };
}

/**
 * The payout a `rm_payouts` row stores.
 *
 * @throws Error when its points do not fit a JS number exactly (see {@link ColumnCodec.int})
 */
export function toPayout<Int extends string | number, Flag>(row: PayoutDbRow<Int>, columns: ColumnCodec<Int, Flag>): PayoutRow {
  return {
    planId: row.plan_id,
    investor: row.investor,
    status: row.status,
    tranche: row.tranche,
    seq: row.seq,
    principal: columns.int(row.principal),
    yieldPoints: columns.int(row.yield_points),
    paidAt: row.paid_at,
    txId: row.tx_id,
  };
}

/** The prefix the `rm_chain_prefix` row records; null when there is none (no row, or a cleared one). */
export function prefixOf(row: { block: string | number | null; header_hash: string | null } | undefined): VerifiedPrefix | null {
  return row === undefined || row.block === null || row.header_hash === null
    ? null
    : { block: BigInt(row.block), headerHash: row.header_hash };
}
