/**
 * Turns the versions of an account's balance lanes into one history of the account: one
 * version per transaction, carrying the balance after it and the lanes it changed
 * (docs/audit.md **Choice** "account history"). Pure.
 *
 * @packageDocumentation
 */
import type { JsonValue } from '../ledger/state';
import type { EntityVersion } from './history';

/** One committed version of one key. */
export interface KeyVersion {
  readonly key: string;
  readonly txId: string;
  readonly time: string;
  readonly isDelete: boolean;
  readonly value: JsonValue;
}

/**
 * Merges lane histories, ordered by time then transaction id.
 *
 * @param account - the account the lanes belong to
 * @param lanes - each lane key's versions, in lane order
 * @returns one version per transaction that changed a lane, oldest first; its value is
 *   `{ account, balance, lanes: { <lane>: points } }` with the changed lanes only
 */
export function foldLaneHistory(account: string, lanes: readonly (readonly KeyVersion[])[]): EntityVersion[] {
  const laneOfKey = new Map<string, string>();
  lanes.forEach((versions, lane) => {
    versions.forEach((version) => laneOfKey.set(version.key, String(lane).padStart(2, '0')));
  });
  const ordered = lanes.flat().sort((a, b) => (a.time === b.time ? compare(a.txId, b.txId) : compare(a.time, b.time)));
  const current = new Map<string, number>();
  const history: EntityVersion[] = [];
  let changed: Record<string, number> = {};
  ordered.forEach((version, index) => {
    const lane = laneOfKey.get(version.key) ?? '';
    const points = version.isDelete ? 0 : pointsOf(version.value);
    current.set(lane, points);
    changed = { ...changed, [lane]: points };
    const following = ordered[index + 1];
    if (following === undefined || following.txId !== version.txId) {
      const balance = [...current.values()].reduce((sum, lanePoints) => sum + lanePoints, 0);
      history.push({ txId: version.txId, time: version.time, isDelete: false, value: { account, balance, lanes: changed } });
      changed = {};
    }
  });
  return history;
}

function pointsOf(value: JsonValue): number {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const points = (value as { readonly [key: string]: JsonValue })['points'];
    return typeof points === 'number' ? points : 0;
  }
  return 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
