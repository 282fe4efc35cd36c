import { ValidationError } from '../errors';
import type { MovementRow } from './rows';
import type { Page } from './store';

/** Position of a movement page's last row: (time, txId, seq), the keyset order of every store. */
export type MovementPosition = [string, string, number];

/** @returns the opaque cursor of the movement page that ends at `position` */
export function encodeCursor(position: MovementPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** @returns the (time, txId, seq) a cursor points after, or null when it is not one a store made */
export function decodeCursor(cursor: string): MovementPosition | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && typeof parsed[2] === 'number') {
      return [parsed[0], parsed[1], parsed[2]];
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * @param cursor - the cursor of a movement listing's query, if any
 * @returns the position the listing continues after; null without a cursor
 * @throws ValidationError when the cursor is not one a store made
 */
export function movementsAfter(cursor: string | undefined): MovementPosition | null {
  if (cursor === undefined) {
    return null;
  }
  const after = decodeCursor(cursor);
  if (after === null) {
    throw new ValidationError('cursor is not one this listing returned');
  }
  return after;
}

/**
 * @param items - the page's movements, at most the query's limit
 * @param more - whether the store found a movement after them (it reads one row beyond the limit)
 * @returns the page, with the cursor of its last movement when there are more
 */
export function movementPage(items: MovementRow[], more: boolean): Page<MovementRow> {
  const last = items[items.length - 1];
  return { items, cursor: more && last !== undefined ? encodeCursor([last.time, last.txId, last.seq]) : null };
}
