/**
 * Reads and pages the version history of an entity's keys. Fabric's history iterators are
 * not paginated, so the bookmark is the number of versions already returned (docs/audit.md
 * "Pagination"); versions are answered oldest first.
 *
 * @packageDocumentation
 */
import type { Iterators } from 'fabric-shim';

import { parseInteger } from '../ledger/args';
import { InvalidArgumentError } from '../ledger/errors';
import { type CompositeKeyStub, stateKey } from '../ledger/keys';
import type { JsonValue } from '../ledger/state';
import { isoMillis } from '../ledger/time';
import type { EntityKeys } from './entities';
import { foldLaneHistory, type KeyVersion } from './lanes-history';

/** The stub capability a history read needs. */
export interface HistoryStub extends CompositeKeyStub {
  getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator>;
}

/** One version of an entity. */
export type EntityVersion = {
  readonly txId: string;
  readonly time: string;
  readonly isDelete: boolean;
  readonly value: JsonValue;
};

/** One page of an entity's history. */
export type HistoryPage = {
  readonly entityType: string;
  readonly entityId: string;
  readonly items: EntityVersion[];
  /** Count of versions returned so far, as text; `""` after the last page. */
  readonly bookmark: string;
};

/** Longest history a bookmark may skip, far above anything a page walk reaches. */
const MAX_OFFSET = 1_000_000_000;

/**
 * Reads one page of an entity's history.
 *
 * @param stub - normally `ctx.stub`
 * @param entity - from `entityKeys`
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark this function returned
 * @returns the page
 * @throws InvalidArgumentError when the bookmark is not a count of versions
 */
export async function readHistoryPage(stub: HistoryStub, entity: EntityKeys, pageSize: number, bookmark: unknown): Promise<HistoryPage> {
  const offset = bookmark === '' ? 0 : parseInteger(bookmark, 'bookmark', 1, MAX_OFFSET);
  const perKey = await Promise.all(entity.keys.map(async (key) => readVersions(stub, stateKey(stub, key.type, ...key.parts))));
  const versions = entity.entityType === 'account' ? foldLaneHistory(entity.entityId, perKey) : perKey.flat().map(toEntityVersion);
  if (offset > versions.length) {
    throw new InvalidArgumentError('bookmark is past the end of this history', { field: 'bookmark' });
  }
  const items = versions.slice(offset, offset + pageSize);
  const next = offset + items.length;
  return {
    entityType: entity.entityType,
    entityId: entity.entityId,
    items,
    bookmark: next < versions.length ? String(next) : '',
  };
}

async function readVersions(stub: HistoryStub, key: string): Promise<KeyVersion[]> {
  const versions: KeyVersion[] = [];
  const iterator = await stub.getHistoryForKey(key);
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const { txId, timestamp, isDelete, value } = next.value;
      const millis = Number(String(timestamp.seconds)) * 1000 + Math.floor(timestamp.nanos / 1_000_000);
      versions.push({ key, txId, time: isoMillis(millis), isDelete, value: isDelete ? null : parseValue(value) });
    }
  } finally {
    await iterator.close();
  }
  // The peer answers newest first; the audit view reads oldest first.
  return versions.reverse();
}

function parseValue(bytes: Uint8Array): JsonValue {
  if (bytes.length === 0) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return isJsonValue(parsed) ? parsed : null;
  } catch {
    // Every module stores JSON; a non-JSON value is reported as absent rather than failing the audit.
    return null;
  }
}

function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return true;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (Array.isArray(value)) {
    const entries: unknown[] = value;
    return entries.every(isJsonValue);
  }
  return typeof value === 'object' && Object.values(value).every(isJsonValue);
}

function toEntityVersion(version: KeyVersion): EntityVersion {
  return { txId: version.txId, time: version.time, isDelete: version.isDelete, value: version.value };
}
