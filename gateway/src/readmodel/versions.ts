/**
 * Entity history in the read model (docs/audit.md "History"): which ledger writes are versions of
 * which audited entity, how an account's balance-lane writes fold into one version per transaction,
 * and the keyset bookmark of a history page. Pure: no database, no Fabric.
 */

import type { Page } from './store';

/** The transaction a version belongs to: its place in the chain and who signed it. */
export interface VersionTx {
  readonly block: bigint;
  readonly txIndex: number;
  readonly txId: string;
  /** ISO-8601 time of the transaction (its channel header). */
  readonly time: string;
  readonly creatorMsp: string | null;
  readonly creatorRole: string | null;
}

/** One version of an audited entity, as the history route answers it. */
export interface VersionRow extends VersionTx {
  readonly entityType: string;
  readonly entityId: string;
  readonly isDelete: boolean;
  /** The JSON text of the version (for an account `{account, balance, lanes}`); null for a delete. */
  readonly value: string | null;
}

/** A write of one balance lane `balance~<account>~<lane>`; a delete is written as 0 points. */
export interface LaneWrite extends VersionTx {
  readonly account: string;
  readonly lane: string;
  readonly points: number;
}

/** The points a lane holds, as the read model keeps them to compute balances. */
export interface LanePoints {
  readonly account: string;
  readonly lane: string;
  readonly points: number;
}

/** Where a history page ends: the last version's block and index in the block. */
export interface VersionPosition {
  readonly block: bigint;
  readonly txIndex: number;
}

/** A position before every version (blocks and indexes start at 0), for the first page's keyset query. */
export const BEFORE_FIRST_VERSION: VersionPosition = { block: -1n, txIndex: -1 };

/** Key type of an account's balance lanes. */
export const LANE_KEY_TYPE = 'balance';

// The single-key entities of chaincode/src/audit/entities.ts: key type → entity type.
const SINGLE_KEY_ENTITIES: Readonly<Record<string, string>> = {
  cpnclass: 'couponClass',
  jospplan: 'plan',
  josploan: 'loan',
  shelf: 'shelf',
};

/**
 * The audited entity a write of a composite key is a version of; accounts are not among them,
 * since their versions come from {@link foldLaneWrites}.
 *
 * @param type - the composite key's type
 * @param parts - its parts
 * @returns the entity, or null when writes of this key are not part of any entity history
 */
export function historyEntityOf(type: string, parts: readonly string[]): { entityType: string; entityId: string } | null {
  const [first, second] = parts;
  if (type === 'shelfstmt' && parts.length === 2 && first !== undefined && second !== undefined) {
    // The audit API names a statement `<shelfId>:<day>`.
    return { entityType: 'statement', entityId: `${first}:${second}` };
  }
  if (parts.length === 1 && first !== undefined && Object.hasOwn(SINGLE_KEY_ENTITIES, type)) {
    return { entityType: SINGLE_KEY_ENTITIES[type] ?? type, entityId: first };
  }
  return null;
}

/**
 * Folds a block's balance-lane writes into account versions, exactly as the chaincode's account
 * history does: one version per transaction that wrote a lane of the account, whose value is
 * `{account, balance, lanes}` with the balance after the transaction (Σ of every lane) and the lanes it
 * wrote.
 *
 * @param writes - the block's lane writes, in block order
 * @param stored - the stored points of the lanes of the accounts written (a missing lane holds 0)
 * @returns the account versions, in block order, and the new points of every lane written
 */
export function foldLaneWrites(
  writes: readonly LaneWrite[],
  stored: readonly LanePoints[],
): { versions: VersionRow[]; lanes: LanePoints[] } {
  const lanes = new Map<string, Map<string, number>>();
  const lanesOf = (account: string): Map<string, number> => {
    const existing = lanes.get(account);
    if (existing !== undefined) {
      return existing;
    }
    const created = new Map<string, number>();
    lanes.set(account, created);
    return created;
  };
  stored.forEach((lane) => lanesOf(lane.account).set(lane.lane, lane.points));
  const written = new Set<string>();
  const versions: VersionRow[] = [];
  for (const group of byTransactionAndAccount(writes)) {
    const [first] = group;
    if (first === undefined) {
      continue;
    }
    const accountLanes = lanesOf(first.account);
    const changed: Record<string, number> = {};
    for (const write of [...group].sort((a, b) => (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0))) {
      accountLanes.set(write.lane, write.points);
      changed[write.lane] = write.points;
      written.add(`${write.account}\u0000${write.lane}`);
    }
    const balance = [...accountLanes.values()].reduce((sum, points) => sum + points, 0);
    versions.push({
      entityType: 'account',
      entityId: first.account,
      block: first.block,
      txIndex: first.txIndex,
      txId: first.txId,
      time: first.time,
      creatorMsp: first.creatorMsp,
      creatorRole: first.creatorRole,
      isDelete: false,
      value: JSON.stringify({ account: first.account, balance, lanes: changed }),
    });
  }
  const newLanes = [...written].map((key) => {
    const [account = '', lane = ''] = key.split('\u0000');
    return { account, lane, points: lanes.get(account)?.get(lane) ?? 0 };
  });
  return { versions, lanes: newLanes };
}

/** The writes grouped by transaction and account, in block order (a Map keeps insertion order). */
function byTransactionAndAccount(writes: readonly LaneWrite[]): LaneWrite[][] {
  const groups = new Map<string, LaneWrite[]>();
  for (const write of writes) {
    const key = `${write.txIndex}\u0000${write.account}`;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [write]);
    } else {
      group.push(write);
    }
  }
  return [...groups.values()];
}

/**
 * The opaque bookmark of the history page that ends at `position`: base64url of `["<block>", txIndex]`,
 * URL-safe so it travels in a query string as it is.
 */
export function encodeVersionBookmark(position: VersionPosition): string {
  return Buffer.from(JSON.stringify([position.block.toString(), position.txIndex])).toString('base64url');
}

/**
 * @param items - the page's versions, at most the query's limit
 * @param more - whether the store found a version after them (it reads one row beyond the limit)
 * @returns the page, with the bookmark of its last version when there are more
 */
export function versionPage(items: VersionRow[], more: boolean): Page<VersionRow> {
  const last = items[items.length - 1];
  return { items, cursor: more && last !== undefined ? encodeVersionBookmark(last) : null };
}

/** @returns the position a bookmark points after, or null when it is not one {@link encodeVersionBookmark} made */
export function decodeVersionBookmark(bookmark: string): VersionPosition | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) {
    return null;
  }
  // Array.isArray narrows to any[]: the entries are read as unknown.
  const entries: readonly unknown[] = parsed;
  const [block, txIndex] = entries;
  if (typeof block !== 'string' || !/^(0|[1-9][0-9]{0,18})$/.test(block) || !Number.isSafeInteger(txIndex) || (txIndex as number) < 0) {
    return null;
  }
  const position = { block: BigInt(block), txIndex: txIndex as number };
  // Only the canonical encoding is accepted, so one position has exactly one bookmark.
  return encodeVersionBookmark(position) === bookmark ? position : null;
}
