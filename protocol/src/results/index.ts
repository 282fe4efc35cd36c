/**
 * What every write answers: one JSON Schema per write transaction, in one table per module
 * (./<module>.ts), whose type makes a write without one a compile error. The result is what the
 * write's REST route answers in `result` and the payload of the event it emits (../events.ts), so
 * the gateway documents both from these schemas and the chaincode tests check every result
 * their writes produce against them.
 *
 * @packageDocumentation
 */
import { CONTRACTS, COUPONS, EVIDENCE, JOSP, POINTS, SHELF, SYSTEM } from '../contracts';
import { eventNameOf } from '../events';
import { type Transaction, transactionsOf } from '../transactions';
import { COUPONS_RESULTS } from './coupons';
import { EVIDENCE_RESULTS } from './evidence';
import { JOSP_RESULTS } from './josp';
import { POINTS_RESULTS } from './points';
import type { ResultSchema } from './schema';
import { SHELF_RESULTS } from './shelf';
import { SYSTEM_RESULTS } from './system';

export { COUPONS_RESULTS, EVIDENCE_RESULTS, JOSP_RESULTS, POINTS_RESULTS, type ResultSchema, SHELF_RESULTS, SYSTEM_RESULTS };

/** The result tables by contract name; the `audit` contract only reads. */
const RESULTS: Readonly<Record<string, Readonly<Record<string, ResultSchema>>>> = {
  [SYSTEM.contract]: SYSTEM_RESULTS,
  [POINTS.contract]: POINTS_RESULTS,
  [JOSP.contract]: JOSP_RESULTS,
  [COUPONS.contract]: COUPONS_RESULTS,
  [SHELF.contract]: SHELF_RESULTS,
  [EVIDENCE.contract]: EVIDENCE_RESULTS,
};

/** A write with the event it emits and the schema of its result, which is that event's payload. */
export interface WriteResult {
  readonly transaction: Transaction;
  /** The name of the event it emits ({@link eventNameOf}). */
  readonly event: string;
  readonly schema: ResultSchema;
}

/**
 * @param tx - a write
 * @returns the schema of its result
 * @throws Error when it is not a write of a result table (a read, or a contract missing from them)
 */
export function resultSchemaOf(tx: Pick<Transaction, 'contract' | 'name'>): ResultSchema {
  const schema = RESULTS[tx.contract]?.[tx.name];
  if (schema === undefined) {
    throw new Error(`${tx.contract}:${tx.name} is not a write with a result schema`);
  }
  return schema;
}

/**
 * @returns every write of every contract, in table order, with its event and result schema
 * @throws Error when a write has no result schema
 */
export function writeResults(): readonly WriteResult[] {
  return CONTRACTS.flatMap(transactionsOf)
    .filter((tx) => tx.submit)
    .map((transaction) => ({ transaction, event: eventNameOf(transaction), schema: resultSchemaOf(transaction) }));
}
