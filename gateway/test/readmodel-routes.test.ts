import request from 'supertest';

import { createApp } from '../src/app';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { bodyOf, itemsOf } from './support/http';
import { fakeMembers, testMember } from './support/members-fixtures';

const T = '2025-03-05T10:00:00.000Z';
const members = {
  'auditor-key': testMember({ memberId: 'aud', role: 'auditor', account: null }),
  'admin-key': testMember({ memberId: 'adm', role: 'admin', account: 'treasury' }),
  'consumer-key': testMember(),
};
const as = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });

async function appWithData(): Promise<{ app: ReturnType<typeof createApp>; rebuilds: number[] }> {
  const store = new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
  const tx = { txId: 'tx-1', block: 3n, txIndex: 0, time: T };
  await store.applyBlock({
    block: 3n,
    lastTxId: 'tx-1',
    transactions: [tx],
    events: [{ ...tx, name: 'RecordPurchase', payload: '{}', accounts: ['shop', 'alice'] }],
    movements: [
      { account: 'alice', txId: 'tx-1', seq: 0, time: T, delta: 20, kind: 'PURCHASE_EARN', counterparty: 'shop', reference: 'o1' },
      { account: 'shop', txId: 'tx-1', seq: 1, time: T, delta: -20, kind: 'PURCHASE_EARN', counterparty: 'alice', reference: 'o1' },
    ],
    sales: [{ merchant: 'shop', month: '202503', txId: 'tx-1', amountFen: 2000, occurredAt: T }],
    plans: [
      {
        planId: 'p1',
        status: 'OPEN',
        issuer: 'shop',
        kind: 'MERCHANT',
        capPoints: 9,
        updatedAt: T,
        block: 3n,
        txIndex: 0,
        record: '{}',
      },
    ],
    tranches: [],
    redemptions: [],
    payouts: [],
    versions: [],
    laneWrites: [],
  });
  const rebuilds: number[] = [];
  const app = createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    readModel: { store, control: { latestBlock: () => 4n, rebuild: async () => void rebuilds.push(1), onApplied: () => () => undefined } },
  });
  return { app, rebuilds };
}

describe('read model routes', () => {
  it('refuses members other than auditors and admins', async () => {
    const { app } = await appWithData();

    const response = await request(app).get('/v1/readmodel/status').set(as('consumer-key'));

    expect(response.status).toBe(403);
    expect(bodyOf(response).code).toBe('FORBIDDEN');
  });

  it('reports the checkpoint, movements, top merchants, plans and totals', async () => {
    const { app } = await appWithData();
    const get = (path: string): request.Test => request(app).get(path).set(as('auditor-key'));

    expect((await get('/v1/readmodel/status')).body).toEqual({ block: '3', txCount: 1, latestBlockSeen: '4' });
    const movements = await get('/v1/readmodel/accounts/alice/movements?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z&limit=5');
    expect(movements.body).toMatchObject({ account: 'alice', cursor: null, items: [{ txId: 'tx-1', delta: 20, reference: 'o1' }] });
    expect(itemsOf(await get('/v1/readmodel/accounts/alice/movements?to=2025-03-01T00:00:00Z'))).toEqual([]);
    expect((await get('/v1/readmodel/merchants/top?month=202503')).body).toEqual({
      month: '202503',
      items: [{ merchant: 'shop', salesFen: 2000, purchases: 1 }],
    });
    expect(itemsOf(await get('/v1/readmodel/plans?status=OPEN'))).toEqual([
      { planId: 'p1', status: 'OPEN', issuer: 'shop', kind: 'MERCHANT', capPoints: 9, raised: 0, updatedAt: T, block: '3' },
    ]);
    expect((await get('/v1/readmodel/totals?accounts=alice,shop')).body).toMatchObject({
      balanceSum: 0,
      accounts: { alice: 20, shop: -20 },
      movementCounts: { alice: 1, shop: 1 },
    });
  });

  it('buckets throughput by minute and rebuilds on request', async () => {
    const { app, rebuilds } = await appWithData();

    const throughput = await request(app).get('/v1/readmodel/throughput?minutes=5').set(as('admin-key'));
    const rebuild = await request(app).post('/v1/readmodel/rebuild').set(as('admin-key'));

    expect(throughput.status).toBe(200);
    expect(bodyOf(throughput).minutes).toBe(5);
    expect(rebuild.status).toBe(202);
    expect(rebuilds).toEqual([1]);
  });

  it('rejects invalid queries with 400', async () => {
    const { app } = await appWithData();
    const get = (path: string): request.Test => request(app).get(path).set(as('auditor-key'));

    expect((await get('/v1/readmodel/merchants/top?month=2025-03')).status).toBe(400);
    expect((await get('/v1/readmodel/accounts/alice/movements?limit=0')).status).toBe(400);
    expect((await get('/v1/readmodel/accounts/alice/movements?from=yesterday')).status).toBe(400);
    expect((await get('/v1/readmodel/throughput?minutes=100000')).status).toBe(400);
    expect((await get('/v1/readmodel/accounts/alice/movements?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });

  it('answers 404 when the app has no read model', async () => {
    const app = createApp({ fabric: fakeFabric(), logger: memoryLogger().logger, config: testConfig(), members: fakeMembers(members) });

    expect((await request(app).get('/v1/readmodel/status').set(as('auditor-key'))).status).toBe(404);
  });
});
