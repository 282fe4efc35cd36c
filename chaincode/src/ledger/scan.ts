/**
 * Unpaginated reads of a key range, the only range reads a writing transaction may run.
 * Inside a write Fabric re-runs such a read at validation, so a concurrent insert into the
 * range invalidates the transaction instead of being missed.
 *
 * The peer ends every such read after `totalQueryLimit` records (100,000 in
 * fabric-samples-config/core.yaml) and says nothing: the iterator simply stops. A range read
 * is therefore only used where its size is bounded by design far below that limit (each call
 * site says why), or with {@link scanCounted}, which checks the result against a count kept
 * elsewhere. Sums over ranges that grow with traffic are kept as aggregates instead (see the
 * key tables in docs/). Read-only queries read large ranges page by page (ledger/paging.ts).
 *
 * @packageDocumentation
 */
import type { Iterators } from 'fabric-shim';

import { RangeTooLargeError } from './errors';
import { type CompositeKeyStub, displayKey, type PartialKey } from './keys';
import { decodeStored, type Parser } from './state';

/** The stub capabilities a scan needs. */
export interface ScanStub extends CompositeKeyStub {
  getStateByPartialCompositeKey(objectType: string, attributes: string[]): AsyncIterable<Iterators.KV>;
  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] };
}

/** One record found by a scan. */
export interface ScannedRecord<T> {
  /** The key's parts after the type, e.g. `[account, lane]` for `balance~account~lane`. */
  readonly parts: readonly string[];
  readonly value: T;
}

/**
 * Reads every record under a partial key, in key order. Only for ranges bounded by design:
 * the peer silently truncates longer ones.
 *
 * @param stub - normally `ctx.stub`
 * @param range - from `partialKey`
 * @param parse - checks each stored record
 * @returns the records with their key parts
 */
export async function scanRange<T>(stub: ScanStub, range: PartialKey, parse: Parser<T>): Promise<ScannedRecord<T>[]> {
  const records: ScannedRecord<T>[] = [];
  for await (const kv of stub.getStateByPartialCompositeKey(range.objectType, [...range.attributes])) {
    records.push({ parts: stub.splitCompositeKey(kv.key).attributes, value: decodeStored(kv.key, kv.value, parse) });
  }
  return records;
}

/**
 * Reads every record under a partial key and checks that none is missing: `expected` is the
 * number of records the range holds, maintained by the writers of the range. A peer that cut
 * the read short makes this throw, never return a partial result.
 *
 * An empty range is not read: the count was read from the ledger, and every writer of the range
 * rewrites the count, so the count's version in the read set refuses a transaction that a
 * concurrent insert would have made stale, as the range's own check would have (each range read
 * is a query and its close on the peer's stream, the costliest read there is).
 *
 * @param stub - normally `ctx.stub`
 * @param range - from `partialKey`
 * @param parse - checks each stored record
 * @param expected - how many records the range holds, as read from the ledger by the caller
 * @returns the records with their key parts
 * @throws RangeTooLargeError when the read returned another number of records
 */
export async function scanCounted<T>(stub: ScanStub, range: PartialKey, parse: Parser<T>, expected: number): Promise<ScannedRecord<T>[]> {
  if (expected === 0) {
    return [];
  }
  const records = await scanRange(stub, range, parse);
  if (records.length !== expected) {
    const label = displayKey(stub.createCompositeKey(range.objectType, [...range.attributes]));
    throw new RangeTooLargeError(`the range ${label} holds ${expected} records but the peer returned ${records.length}`, {
      range: label,
      expected,
      returned: records.length,
    });
  }
  return records;
}
