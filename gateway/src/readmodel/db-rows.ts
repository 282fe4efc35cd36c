/**
 * The read model's table rows as a SQL driver returns them, and their decoding into the store's rows:
 * one decoding for every store, told by a {@link ColumnCodec} how its driver returns numbers and booleans.
 */

import type { MovementRow, PlanRow } from './rows';
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

/** The prefix the `rm_chain_prefix` row records; null when there is none (no row, or a cleared one). */
export function prefixOf(row: { block: string | number | null; header_hash: string | null } | undefined): VerifiedPrefix | null {
  return row === undefined || row.block === null || row.header_hash === null
    ? null
    : { block: BigInt(row.block), headerHash: row.header_hash };
}
