/**
 * Full (unpaginated) reads of a key range, for ranges that are small by construction, such
 * as one account's 64 balance lanes or one consumer's purchases in one month. Inside a
 * writing transaction Fabric re-runs such a read at validation, so a concurrent insert into
 * the range invalidates the transaction instead of being missed.
 *
 * @packageDocumentation
 */
import type { Iterators } from 'fabric-shim';

import type { CompositeKeyStub, PartialKey } from './keys';
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
 * Reads every record under a partial key, in key order.
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
