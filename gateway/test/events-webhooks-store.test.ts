import { randomBytes } from 'node:crypto';

import { Pool } from 'pg';

import { PostgresSubscriptionStore } from '../src/events/webhooks/postgres-store';
import { SqliteSubscriptionStore, WEBHOOK_MIGRATIONS } from '../src/events/webhooks/sqlite-store';
import type { NewAttempt, NewSubscription, SubscriptionStore } from '../src/events/webhooks/store';
import { openDatabase } from '../src/storage/database';

const T0 = '2025-03-01T00:00:00.000Z';

function subscription(id: string, owner = 'alice', overrides: Partial<NewSubscription> = {}): NewSubscription {
  return {
    subscriptionId: id,
    owner,
    requestHash: `h-${id}`,
    url: 'http://127.0.0.1:9000/h',
    filter: { names: ['Transfer'], account: owner },
    sealedSecret: 's',
    maxAttempts: 3,
    now: T0,
    ...overrides,
  };
}

function attempt(id: string, eventId: string, n: number, outcome: NewAttempt['outcome'] = 'failed'): NewAttempt {
  return {
    subscriptionId: id,
    eventId,
    attempt: n,
    manual: false,
    outcome,
    status: outcome === 'delivered' ? 200 : 500,
    error: null,
    durationMs: 3,
    at: T0,
  };
}

/** What every subscription store must do, SQLite or PostgreSQL. */
function subscriptionStoreContract(open: () => Promise<SubscriptionStore>): void {
  it('stores a subscription once: a second create with the id answers the first', async () => {
    const store = await open();
    const first = await store.create(subscription('sub-1', 'alice', { after: { block: 12n, txIndex: 999_999 } }));
    const again = await store.create(subscription('sub-1', 'alice', { url: 'http://127.0.0.1:1/other' }));

    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, record: first.record });
    expect(first.record).toMatchObject({
      state: 'active',
      cursor: { block: 12n, txIndex: 999_999 },
      filter: { names: ['Transfer'], account: 'alice' },
      failedAttempts: 0,
      nextAttemptAt: null,
    });
  });

  it('moves the cursor only from where the dispatcher read it, schedules retries and dead-letters', async () => {
    const store = await open();
    await store.create(subscription('sub-1'));

    await store.recordAttempt(attempt('sub-1', '1-0', 1, 'delivered'), null, { kind: 'advance', to: { block: 1n, txIndex: 0 } });
    // A dispatcher that read an older cursor changes nothing but the log.
    await store.recordAttempt(attempt('sub-1', '1-0', 1, 'delivered'), null, { kind: 'advance', to: { block: 9n, txIndex: 0 } });
    await store.recordAttempt(attempt('sub-1', '2-0', 1), { block: 1n, txIndex: 0 }, { kind: 'retry', at: '2025-03-01T00:01:00.000Z' });

    expect(await store.find('sub-1')).toMatchObject({
      cursor: { block: 1n, txIndex: 0 },
      failedAttempts: 1,
      nextAttemptAt: '2025-03-01T00:01:00.000Z',
    });
    expect((await store.listDue('2025-03-01T00:00:30.000Z')).map((s) => s.subscriptionId)).toEqual([]);
    expect((await store.listDue('2025-03-01T00:01:00.000Z')).map((s) => s.subscriptionId)).toEqual(['sub-1']);

    await store.recordAttempt(attempt('sub-1', '2-0', 2, 'dead-lettered'), { block: 1n, txIndex: 0 }, { kind: 'dead' });
    expect(await store.find('sub-1')).toMatchObject({ state: 'dead', failedAttempts: 2 });
    expect(await store.listDue('2026-01-01T00:00:00.000Z')).toEqual([]);

    await store.restart('sub-1', { block: 1n, txIndex: 999_999 }, T0);
    expect(await store.find('sub-1')).toMatchObject({ state: 'active', cursor: { block: 1n, txIndex: 999_999 }, failedAttempts: 0 });
  });

  it('logs attempts newest first, in pages, and keeps a deleted subscription readable but unlisted', async () => {
    const store = await open();
    await store.create(subscription('sub-1'));
    await store.create(subscription('sub-2', 'bob'));
    for (let n = 1; n <= 3; n += 1) {
      await store.recordAttempt(attempt('sub-1', `${String(n)}-0`, 1, 'delivered'), n === 1 ? null : { block: BigInt(n - 1), txIndex: 0 }, {
        kind: 'advance',
        to: { block: BigInt(n), txIndex: 0 },
      });
    }
    const manual = await store.recordManualAttempt({ ...attempt('sub-1', '1-0', 0, 'delivered'), manual: true });

    const firstPage = await store.attempts('sub-1', 2);
    const secondPage = await store.attempts('sub-1', 2, firstPage.at(-1)?.attemptId);
    expect(firstPage.map((a) => [a.eventId, a.manual])).toEqual([
      ['1-0', true],
      ['3-0', false],
    ]);
    expect(firstPage[0]?.attemptId).toBe(manual.attemptId);
    expect(secondPage.map((a) => a.eventId)).toEqual(['2-0', '1-0']);

    await store.markDeleted('sub-1', T0);
    expect((await store.listOwned('alice')).map((s) => s.subscriptionId)).toEqual([]);
    expect((await store.listOwned('bob')).map((s) => s.subscriptionId)).toEqual(['sub-2']);
    expect((await store.find('sub-1'))?.state).toBe('deleted');
    expect(await store.attempts('sub-1', 10)).toHaveLength(4);
  });
}

describe('SQLite subscription store', () => {
  subscriptionStoreContract(async () => new SqliteSubscriptionStore(openDatabase(':memory:', WEBHOOK_MIGRATIONS)));
});

const pgUrl = process.env.LOULAN_TEST_PG_URL?.trim() ?? '';

(pgUrl === '' ? describe.skip : describe)(
  pgUrl === ''
    ? 'PostgreSQL subscription store (skipped: LOULAN_TEST_PG_URL unset, see test/postgres.sh)'
    : 'PostgreSQL subscription store',
  () => {
    let admin: Pool;
    const opened: PostgresSubscriptionStore[] = [];
    const schemas: string[] = [];

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

    subscriptionStoreContract(async () => {
      const schema = `wh_test_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      const store = await PostgresSubscriptionStore.open({ connectionString: pgUrl, options: `-c search_path=${schema}` }, (err) => {
        throw err;
      });
      opened.push(store);
      return store;
    });
  },
);
