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
