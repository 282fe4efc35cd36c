import BetterSqlite3 from 'better-sqlite3';

import { CORE_MIGRATIONS } from './migrations';

/**
 * The gateway's local database handle. Only code under `src/storage/` (and the SQLite implementations
 * of the storage interfaces other modules add) should use it directly; everything else depends on
 * store interfaces such as {@link MemberStore} so a PostgreSQL implementation can replace SQLite.
 */
export type Database = BetterSqlite3.Database;

/**
 * One schema change, applied at most once per database.
 *
 * `id` is recorded in the `schema_migrations` table once `up` has succeeded. Ids are namespaced by
 * module (`members/001-...`, `journal/001-...`) so modules can add migrations without agreeing on
 * a global version number. A migration is never edited once released: add a new one instead.
 */
export interface Migration {
  readonly id: string;
  /** Runs inside a transaction together with the recording of `id`, so it applies fully or not at all. */
  up(db: Database): void;
}

/** A {@link Migration} that runs the SQL script `sql` (statements separated by semicolons). */
export function sqlMigration(id: string, sql: string): Migration {
  return {
    id,
    up(db: Database): void {
      db.exec(sql);
    },
  };
}

// A writer holding the lock longer than this makes other statements fail with SQLITE_BUSY.
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the SQLite database at `file` and brings its schema up to date.
 *
 * WAL mode lets readers (every authenticated request) run while a registration writes.
 * Migrations run in order: the storage module's own ({@link CORE_MIGRATIONS}) first, then
 * `extraMigrations`, skipping the ones already recorded, so opening twice is harmless.
 *
 * @param file - path of the database file, or `:memory:` for a throw-away database
 * @param extraMigrations - other modules' migrations, e.g. the pending-transaction journal's
 * @throws Error when two migrations share an id, or a migration fails (the database keeps every
 *   migration applied before it)
 */
export function openDatabase(file: string, extraMigrations: readonly Migration[] = []): Database {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    migrate(db, [...CORE_MIGRATIONS, ...extraMigrations]);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Applies the migrations of `migrations` not yet recorded in `db`, each in its own transaction.
 *
 * @returns the ids applied by this call
 */
export function migrate(db: Database, migrations: readonly Migration[]): string[] {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) {
      throw new Error(`duplicate migration id "${migration.id}"`);
    }
    ids.add(migration.id);
  }

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const isApplied = db.prepare<[string], { id: string }>('SELECT id FROM schema_migrations WHERE id = ?');
  const record = db.prepare<[string, string]>('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');

  const applied: string[] = [];
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock before the check, so two processes cannot both apply it.
    db.transaction(() => {
      if (isApplied.get(migration.id) !== undefined) {
        return;
      }
      migration.up(db);
      record.run(migration.id, new Date().toISOString());
      applied.push(migration.id);
    }).immediate();
  }
  return applied;
}

/**
 * Prepares each SQL text once per database. better-sqlite3 compiles a statement on every
 * `prepare`, which cost more than running the statement for the gateway's per-transaction writes
 * (the journal's record and settlement, the read model's rows of each block). A statement whose
 * mode is changed (`pluck`, `raw`, `expand`) must not be taken from the cache.
 */
export class StatementCache {
  private readonly prepared = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Database) {}

  /**
   * @param sql - one SQL statement
   * @returns its prepared statement, compiled on first use
   */
  get<P extends unknown[] = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> {
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    // The map holds statements of every shape; each SQL text is only ever asked for with one.
    return statement as unknown as BetterSqlite3.Statement<P, R>;
  }
}
