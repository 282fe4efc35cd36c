import { randomBytes } from 'node:crypto';

import { Pool } from 'pg';

import { PostgresReadModelStore } from '../src/readmodel/postgres-store';
import type { BlockRows } from '../src/readmodel/rows';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import type { ReadModelStore } from '../src/readmodel/store';
import { migrate, openDatabase } from '../src/storage/database';
import { at, block, move, payoutRow, planRow, planVersion, redemptionRow, storeContract, trancheRow } from './support/store-contract';

/** Plan p1 in block 1, its tranches 0 and 3 in block 2, tranche 0 again in block 3: 300 raised. */
const TRANCHED = [
  block(1, { plans: [planRow(at(1), 'OPEN')] }),
  block(2, { tranches: [trancheRow(at(2, 0), 0, 100), trancheRow(at(2, 1), 3, 50)] }),
  block(3, { tranches: [trancheRow(at(3), 0, 250)] }),
] as const;

async function applyAll(store: ReadModelStore, blocks: readonly BlockRows[]): Promise<void> {
  for (const rows of blocks) {
    await store.applyBlock(rows);
  }
}

describe('SQLite read model store', () => {
  storeContract(async () => new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS)));

  it('replays the chain once when the history tables are added to an existing read model', async () => {
    // A read model of the first schema, as an earlier gateway left it at block 7.
    const db = openDatabase(':memory:', READ_MODEL_MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO rm_checkpoint VALUES (1, 7, 'tx-7');
             INSERT INTO rm_movements VALUES ('alice', 'tx-7', 0, '2025-03-01T00:00:00.000Z', 5, 'TRANSFER', NULL, NULL)`);

    migrate(db, READ_MODEL_MIGRATIONS);
    const after = new SqliteReadModelStore(db);

    expect(await after.checkpoint()).toBeNull();
    await after.applyBlock(
      block(7, { movements: [move('alice', 'tx-7', '2025-03-01T00:00:00.000Z', 5)], versions: [planVersion(at(7), 'p1', {})] }),
    );
    expect(await after.totals(['alice'])).toMatchObject({ movements: 1, accounts: { alice: 5 } });
    expect((await after.versions('plan', 'p1', { limit: 5 })).items).toHaveLength(1);
  });

  it('replays the chain once when the plan tranches are added, and never rolls a tranche back in a replay', async () => {
    // A read model of the second schema at block 3, whose plan row holds the total its record used to carry.
    const db = openDatabase(':memory:', READ_MODEL_MIGRATIONS.slice(0, 2));
    db.exec(`INSERT INTO rm_checkpoint VALUES (1, 3, 'tx-3');
             INSERT INTO rm_plans VALUES ('p1', 'OPEN', 'shop', 'MERCHANT', 1000, 120, 't', 1, 0, '{}')`);

    migrate(db, READ_MODEL_MIGRATIONS);
    const after = new SqliteReadModelStore(db);

    expect(await after.checkpoint()).toBeNull();
    await applyAll(after, TRANCHED);
    expect((await after.plans(undefined, 10, 0)).map((p) => p.raised)).toEqual([300]);
    // Dropped again, as a later migration would: the replayed block 2 finds newer tranche rows.
    db.exec('DELETE FROM rm_checkpoint');
    await after.applyBlock(TRANCHED[1]);
    expect((await after.plans(undefined, 10, 0)).map((p) => p.raised)).toEqual([300]);
  });

  it('replays the chain once when the redemption and payout tables are added, filling them', async () => {
    // A read model of the fourth schema at block 2, before the exports' tables existed.
    const db = openDatabase(':memory:', READ_MODEL_MIGRATIONS.slice(0, 4));
    db.exec("INSERT INTO rm_checkpoint VALUES (1, 2, 'tx-2')");

    migrate(db, READ_MODEL_MIGRATIONS);
    const after = new SqliteReadModelStore(db);

    expect(await after.checkpoint()).toBeNull();
    await after.applyBlock(block(2, { redemptions: [redemptionRow('shop-a', 'o1', at(2).time)], payouts: [payoutRow('x', 0, 0)] }));
    expect((await after.redemptions({ by: 'merchant', party: 'shop-a', limit: 5 })).items).toHaveLength(1);
    expect((await after.payouts('p1', { limit: 5 })).items).toHaveLength(1);
  });

  it.each(['merchant_id', 'issuer'])('reads a page of redemptions by %s with one index range seek, without sorting', (column) => {
    const db = openDatabase(':memory:', READ_MODEL_MIGRATIONS);
    const plan = db
      .prepare<unknown[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT * FROM rm_redemptions WHERE ${column} = ? AND time >= ? AND time < ?
           AND (time, merchant_id, order_id) > (?, ?, ?) AND (? IS NULL OR class_id = ?) ORDER BY time, merchant_id, order_id LIMIT ?`,
      )
      .all('shop', 't', 'u', 't', 'shop', 'o', null, null, 21);

    expect(plan.map((row) => row.detail)).toEqual([
      expect.stringMatching(
        new RegExp(`^SEARCH rm_redemptions USING INDEX rm_redemptions_by_\\w+ \\(${column}=\\? AND time>\\? AND time<\\?\\)$`),
      ),
    ]);
  });

  it('reads a history page with one index range seek, however long the history', () => {
    const db = openDatabase(':memory:', READ_MODEL_MIGRATIONS);
    const plan = db
      .prepare<unknown[], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT * FROM rm_versions WHERE entity_type = ? AND entity_id = ? AND (block, tx_index) > (?, ?) ORDER BY block, tx_index LIMIT ?',
      )
      .all('plan', 'p1', 5, 0, 21);

    expect(plan.map((row) => row.detail)).toEqual([
      expect.stringMatching(/^SEARCH rm_versions USING INDEX .*\(entity_type=\? AND entity_id=\? AND \(block,tx_index\)>\(\?,\?\)\)$/),
    ]);
  });
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
      const rows = (n: number): ReturnType<typeof block> =>
        block(n, { movements: [move('alice', `tx-${n}`, '2025-03-01T00:00:00.000Z', n)] });

      for (let n = 1; n <= 20; n += 1) {
        await Promise.all([first.applyBlock(rows(n)), second.applyBlock(rows(n))]);
      }

      expect(await second.checkpoint()).toEqual({ block: 20n, txId: 'tx-20' });
      expect(await first.totals(['alice'])).toMatchObject({ transactions: 20, movements: 20, accounts: { alice: 210 } });
    });

    it('replays the chain once when the history tables are added to an existing read model', async () => {
      const store = await openInSchema();
      const schema = schemas[schemas.length - 1] ?? '';
      await store.applyBlock(block(7, { movements: [move('alice', 'tx-7', '2025-03-01T00:00:00.000Z', 5)] }));
      await admin.query(`DROP TABLE ${schema}.rm_versions`);

      const reopened = await openInSchema(schema);

      expect(await reopened.checkpoint()).toBeNull();
      expect(await reopened.totals(['alice'])).toMatchObject({ movements: 1 });
      // Once the tables exist, opening leaves the checkpoint alone.
      await reopened.applyBlock(block(8));
      expect(await (await openInSchema(schema)).checkpoint()).toEqual({ block: 8n, txId: null });
    });

    it('replays the chain once when the plan tranches are added, and never rolls a tranche back in a replay', async () => {
      const store = await openInSchema();
      const schema = schemas[schemas.length - 1] ?? '';
      await applyAll(store, TRANCHED);
      await admin.query(`UPDATE ${schema}.rm_plans SET raised = 120`);
      await admin.query(`DROP TABLE ${schema}.rm_plan_tranches`);

      const reopened = await openInSchema(schema);

      expect(await reopened.checkpoint()).toBeNull();
      await applyAll(reopened, TRANCHED);
      expect((await reopened.plans(undefined, 10, 0)).map((p) => p.raised)).toEqual([300]);
      await admin.query(`UPDATE ${schema}.rm_checkpoint SET block = NULL, tx_id = NULL`);
      await reopened.applyBlock(TRANCHED[1]);
      expect((await reopened.plans(undefined, 10, 0)).map((p) => p.raised)).toEqual([300]);
    });

    it('replays the chain once when the redemption and payout tables are added', async () => {
      const store = await openInSchema();
      const schema = schemas[schemas.length - 1] ?? '';
      await store.applyBlock(block(7, { payouts: [payoutRow('x', 0, 0)] }));
      await admin.query(`DROP TABLE ${schema}.rm_redemptions`);

      const reopened = await openInSchema(schema);

      expect(await reopened.checkpoint()).toBeNull();
      await reopened.applyBlock(block(7, { redemptions: [redemptionRow('shop-a', 'o1', at(7).time)], payouts: [payoutRow('x', 0, 0)] }));
      expect((await reopened.redemptions({ by: 'issuer', party: 'shop-a', limit: 5 })).items).toHaveLength(1);
      expect((await reopened.payouts('p1', { limit: 5 })).items).toHaveLength(1);
    });

    it('fails to open when the server cannot be reached', async () => {
      const unreachable = new URL(pgUrl);
      unreachable.port = '1';
      await expect(
        PostgresReadModelStore.open({ connectionString: unreachable.toString(), connectionTimeoutMillis: 2000 }, failOnIdleError),
      ).rejects.toThrow();
    });
  },
);
