import { migrate, type Migration, openDatabase, StatementCache } from '../src/storage/database';
import { tempDatabase } from './support/members-fixtures';

function tableMigration(id: string, table: string): Migration {
  return { id, up: (db) => db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY) STRICT`) };
}

const MEMBER_MIGRATIONS = [
  'members/001-members-and-registrations',
  'members/002-one-member-per-account',
  'members/003-api-keys-and-disabled-members',
  'members/004-org-admin-role',
];

function appliedIds(db: ReturnType<typeof openDatabase>): string[] {
  return db
    .prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY id')
    .all()
    .map((row) => row.id);
}

describe('openDatabase', () => {
  it('creates the file in WAL mode with a busy timeout and the members schema', () => {
    const { db } = tempDatabase();

    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(appliedIds(db)).toEqual(MEMBER_MIGRATIONS);
    db.close();
  });

  it('applies extra migrations once, however often the database is opened', () => {
    const { db, file } = tempDatabase();
    db.close();
    const journal = tableMigration('journal/001-create', 'pending_transactions');

    const first = openDatabase(file, [journal]);
    first.prepare("INSERT INTO pending_transactions (id) VALUES ('tx1')").run();
    first.close();
    const second = openDatabase(file, [journal]);

    expect(appliedIds(second)).toEqual(['journal/001-create', ...MEMBER_MIGRATIONS]);
    expect(second.prepare('SELECT count(*) AS n FROM pending_transactions').get()).toEqual({ n: 1 });
    expect(migrate(second, [journal])).toEqual([]);
    second.close();
  });

  it('rolls back a failing migration and records nothing for it', () => {
    const { db, file } = tempDatabase();
    db.close();
    const broken: Migration = {
      id: 'journal/001-broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (id TEXT) STRICT');
        throw new Error('boom');
      },
    };

    expect(() => openDatabase(file, [broken])).toThrow('boom');
    const reopened = openDatabase(file);
    expect(appliedIds(reopened)).toEqual(MEMBER_MIGRATIONS);
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    reopened.close();
  });

  it('refuses two migrations with one id', () => {
    const migration = tableMigration('journal/001', 't1');

    expect(() => openDatabase(':memory:', [migration, migration])).toThrow(/duplicate migration id "journal\/001"/);
  });
});

describe('StatementCache', () => {
  it('compiles each SQL text once and runs it again with new parameters', () => {
    const db = openDatabase(':memory:', [tableMigration('test/001', 't')]);
    const prepare = jest.spyOn(db, 'prepare');
    const statements = new StatementCache(db);
    ['a', 'b'].forEach((id) => statements.get<[string]>('INSERT INTO t VALUES (?)').run(id));
    const count = statements.get<[], { n: number }>('SELECT count(*) AS n FROM t');
    expect(count.get()?.n).toBe(2);
    expect(statements.get('INSERT INTO t VALUES (?)')).toBe(statements.get('INSERT INTO t VALUES (?)'));
    expect(prepare).toHaveBeenCalledTimes(2);
    db.close();
  });
});
