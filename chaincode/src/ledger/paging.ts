/**
 * Paginated reads over a key range (read-only transactions only: Fabric refuses paginated
 * queries in a transaction that writes).
 *
 * Fabric's bookmark is the full key where the next page starts. It is handed to clients
 * base64url-encoded, so it travels in URLs and JSON as plain text, and it is checked on the
 * way back in: the peer would otherwise start the scan at any key a client names, and a
 * forged bookmark could read records outside the range the caller was allowed to read.
 *
 * @packageDocumentation
 */
import type { Iterators, StateQueryResponse } from 'fabric-shim';

import { parseInteger } from './args';
import { InvalidArgumentError } from './errors';
import type { CompositeKeyStub, PartialKey } from './keys';
import { decodeStored, type Parser } from './state';

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

/** The stub capability a paginated read needs. */
export interface PagingStub extends CompositeKeyStub {
  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>>;
}

/** One page of records. */
export type Page<T> = {
  readonly items: T[];
  /** Opaque token for the next page; `""` when this is the last page. */
  readonly bookmark: string;
};

const BOOKMARK_PATTERN = /^[A-Za-z0-9_-]{1,1400}$/;

/**
 * Checks a pageSize argument.
 *
 * @param value - the argument as received
 * @returns 1 to {@link MAX_PAGE_SIZE}
 * @throws InvalidArgumentError otherwise
 */
export function parsePageSize(value: unknown): number {
  return parseInteger(value, 'pageSize', 1, MAX_PAGE_SIZE);
}

/**
 * Reads one page of the records under a partial key, in key order.
 *
 * @param stub - normally `ctx.stub`
 * @param range - from `partialKey`
 * @param pageSize - from {@link parsePageSize}
 * @param bookmark - `""` for the first page, else a bookmark this function returned
 * @param parse - checks each stored record
 * @returns the records and the bookmark of the next page
 * @throws InvalidArgumentError when the bookmark is not one of this range
 */
export async function readPage<T>(
  stub: PagingStub,
  range: PartialKey,
  pageSize: number,
  bookmark: unknown,
  parse: Parser<T>,
): Promise<Page<T>> {
  const prefix = stub.createCompositeKey(range.objectType, [...range.attributes]);
  const { items, nextKey } = await fetchPage(stub, range, pageSize, decodeBookmark(bookmark, prefix), parse);
  return { items, bookmark: nextKey === '' ? '' : Buffer.from(nextKey, 'utf8').toString('base64url') };
}

/** Records {@link readAll} asks for per page; the peer caps a page at its totalQueryLimit. */
const READ_ALL_PAGE_SIZE = 1000;

/**
 * Reads every record under a partial key, in key order, page by page, for read-only queries
 * over ranges that grow with traffic. Unlike one unpaginated read, which the peer silently
 * cuts at its totalQueryLimit, every page ends with the bookmark of the next one, so nothing is
 * left out however large the range.
 *
 * @param stub - normally `ctx.stub` of a read-only transaction
 * @param range - from `partialKey`
 * @param parse - checks each stored record
 * @returns every record of the range
 */
export async function readAll<T>(stub: PagingStub, range: PartialKey, parse: Parser<T>): Promise<T[]> {
  const all: T[] = [];
  let bookmark = '';
  do {
    const { items, nextKey } = await fetchPage(stub, range, READ_ALL_PAGE_SIZE, bookmark, parse);
    all.push(...items);
    // An empty page ends the range even if a bookmark came with it.
    bookmark = items.length === 0 ? '' : nextKey;
  } while (bookmark !== '');
  return all;
}

async function fetchPage<T>(
  stub: PagingStub,
  range: PartialKey,
  pageSize: number,
  startKey: string,
  parse: Parser<T>,
): Promise<{ items: T[]; nextKey: string }> {
  const response = await stub.getStateByPartialCompositeKeyWithPagination(range.objectType, [...range.attributes], pageSize, startKey);
  const items: T[] = [];
  const { iterator } = response;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      items.push(decodeStored(next.value.key, next.value.value, parse));
    }
  } finally {
    await iterator.close();
  }
  // fabric-shim leaves `metadata` out of the response when the range is empty.
  const nextKey = (response.metadata as { bookmark?: string } | undefined)?.bookmark ?? '';
  return { items, nextKey };
}

function decodeBookmark(value: unknown, prefix: string): string {
  if (value === '') {
    return '';
  }
  const key = typeof value === 'string' && BOOKMARK_PATTERN.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : '';
  if (!key.startsWith(prefix) || key === prefix || Buffer.from(key, 'utf8').toString('base64url') !== value) {
    throw new InvalidArgumentError('bookmark is not one returned for this list', { field: 'bookmark' });
  }
  return key;
}
