import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresReadModelStore } from '../src/readmodel/postgres-store';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { block, move, storeContract } from './support/store-contract';

describe('SQLite read model store', () => {
  storeContract(async () => new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS)));
});

// `make test-unit` starts a throwaway server with test/postgres.sh and sets this; CI thus always runs these.
const pgUrl = process.env.LOULAN_TEST_PG_URL?.trim() ?? '';

(pgUrl === '' ? describe.skip : describe)(
  pgUrl === '' ? 'PostgreSQL read model store (skipped: LOULAN_TEST_PG_URL unset, see test/postgres.sh)' : 'PostgreSQL read model store',
  () => {
    let admin: Pool;
    const opened: PostgresReadModelStore[] = [];
    const schemas: string[] = [];

    const failOnIdleError = (err: Error): never => {
      throw err;
    };

    /** A store in a fresh schema of its own, so tests neither see each other's rows nor leave any. */
    async function openInSchema(schema?: string): Promise<PostgresReadModelStore> {
      const name = schema ?? `rm_test_${randomBytes(6).toString('hex')}`;
      if (schema === undefined) {
        await admin.query(`CREATE SCHEMA ${name}`);
        schemas.push(name);
      }
      const store = await PostgresReadModelStore.open({ connectionString: pgUrl, options: `-c search_path=${name}` }, failOnIdleError);
      opened.push(store);
      return store;
    }

    beforeAll(() => {
      admin = new Pool({ connectionString: pgUrl, max: 1 });
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      for (const schema of schemas.splice(0)) {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      }
    });
    afterAll(async () => {
      await admin.end();
    });

    storeContract(() => openInSchema());

    it('lets two gateways on one database open the tables and apply each block once', async () => {
      const first = await openInSchema();
      const schema = schemas[schemas.length - 1];
      const second = await openInSchema(schema);
      const rows = (n: number): ReturnType<typeof block> => block(n, { movements: [move('alice', `tx-${n}`, '2025-03-01T00:00:00.000Z', n)] });

      for (let n = 1; n <= 20; n += 1) {
        await Promise.all([first.applyBlock(rows(n)), second.applyBlock(rows(n))]);
      }

      expect(await second.checkpoint()).toEqual({ block: 20n, txId: 'tx-20' });
      expect(await first.totals(['alice'])).toMatchObject({ transactions: 20, movements: 20, accounts: { alice: 210 } });
    });

    it('fails to open when the server cannot be reached', async () => {
      const unreachable = new URL(pgUrl);
      unreachable.port = '1';
      await expect(PostgresReadModelStore.open({ connectionString: unreachable.toString(), connectionTimeoutMillis: 2000 }, failOnIdleError)).rejects.toThrow();
    });
  },
);
