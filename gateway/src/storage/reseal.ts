import BetterSqlite3 from 'better-sqlite3';

import type { Database } from './database';
import { type KeyRing, SealedValueError } from './key-ring';
import { enrollmentSecretContext, privateKeyContext } from './member-store';

/** What {@link resealStoredSecrets} did. */
export interface ResealReport {
  /** Values sealed again under the ring's current key. */
  readonly resealed: number;
  /** Values the current key had sealed already, left byte for byte as they were. */
  readonly alreadyCurrent: number;
}

/** A column of sealed values: its table, the row's key column, and the context each row's value is sealed with. */
export interface SealedColumn {
  readonly table: string;
  readonly column: string;
  /** The primary key, whose value the context is made of. */
  readonly keyColumn: string;
  readonly context: (rowKey: string) => string;
  /** A module's table, absent from a database no gateway of that version has opened yet. */
  readonly optional?: boolean;
}

// The members module's sealed values. Another module that stores sealed values exports its
// columns and the rotation tool (tools/rotate-master-key.ts) adds them, or a rotation would leave
// its values under a key that is about to be destroyed.
const MEMBER_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'members', column: 'encrypted_private_key', keyColumn: 'member_id', context: privateKeyContext },
  { table: 'member_registrations', column: 'encrypted_secret', keyColumn: 'member_id', context: enrollmentSecretContext },
];

// The same wait for a running writer as openDatabase's.
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the gateway database at `file` for {@link resealStoredSecrets}: the file must exist and hold
 * the gateway's member tables. Unlike openDatabase it creates and migrates nothing, so a mistyped
 * path fails instead of becoming an empty database that a rotation would call re-sealed.
 *
 * @throws Error when there is no such file or it is not a gateway database
 */
export function openGatewayDatabase(file: string): Database {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map(({ name }) => name);
    const missing = MEMBER_SEALED_COLUMNS.map(({ table }) => table).filter((table) => !tables.includes(table));
    if (missing.length > 0) {
      throw new Error(`${file} is not a gateway database (no table ${missing.join(', ')})`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Re-seals every stored member private key and enrolment secret, and the values of `moduleColumns`
 * (webhook secrets), under `ring`'s current key, in one
 * SQLite transaction: either every value is under the current key afterwards, or nothing changed.
 *
 * Idempotent: values already under the current key are checked (opened) and left unchanged, so a
 * second run changes nothing. The IMMEDIATE transaction holds the write lock throughout, so no
 * registration can add a value under another key meanwhile.
 *
 * @throws {@link SealedValueError} when a value does not open with any key of `ring` (unknown key,
 *   tampering, a value copied from another row); the database is then unchanged
 */
export function resealStoredSecrets(db: Database, ring: KeyRing, moduleColumns: readonly SealedColumn[] = []): ResealReport {
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map(({ name }) => name),
  );
  const columns = [...MEMBER_SEALED_COLUMNS, ...moduleColumns].filter(({ table, optional }) => optional !== true || tables.has(table));
  return db
    .transaction((): ResealReport => {
      let resealed = 0;
      let alreadyCurrent = 0;
      for (const { table, column, keyColumn, context } of columns) {
        const rows = db
          .prepare<[], { id: string; sealed: string }>(`SELECT ${keyColumn} AS id, ${column} AS sealed FROM ${table} ORDER BY ${keyColumn}`)
          .all();
        const update = db.prepare<[string, string]>(`UPDATE ${table} SET ${column} = ? WHERE ${keyColumn} = ?`);
        for (const row of rows) {
          const value = resealRow(ring, table, row.id, row.sealed, context(row.id));
          if (value === row.sealed) {
            alreadyCurrent += 1;
          } else {
            update.run(value, row.id);
            resealed += 1;
          }
        }
      }
      return { resealed, alreadyCurrent };
    })
    .immediate();
}

// Names the row, so that an operator knows which value stopped the rotation.
function resealRow(ring: KeyRing, table: string, rowKey: string, sealed: string, context: string): string {
  try {
    return ring.reseal(sealed, context);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SealedValueError(`${table} row ${rowKey}: ${reason}`, { cause: err });
  }
}
