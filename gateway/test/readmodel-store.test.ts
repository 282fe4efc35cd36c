import type { BlockRows, MovementRow } from '../src/readmodel/rows';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';

function store(): SqliteReadModelStore {
  return new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
}

function move(account: string, txId: string, time: string, delta: number, seq = 0): MovementRow {
  return { account, txId, seq, time, delta, kind: 'TRANSFER', counterparty: null, reference: null };
}

function block(n: number, parts: Partial<BlockRows> = {}): BlockRows {
  const movements = parts.movements ?? [];
  const txIds = [...new Set(movements.map((m) => m.txId))];
  return {
    block: BigInt(n),
    lastTxId: txIds[txIds.length - 1] ?? null,
    transactions: txIds.map((txId, txIndex) => ({ txId, block: BigInt(n), txIndex, time: movements[0]?.time ?? '' })),
    events: txIds.map((txId, txIndex) => ({ txId, block: BigInt(n), txIndex, name: 'Transfer', payload: '{}', time: movements[0]?.time ?? '' })),
    movements,
    sales: [],
    plans: [],
    ...parts,
  };
}

describe('SQLite read model store', () => {
  it('stores a block with its checkpoint and ignores it when replayed', async () => {
    const s = store();
    const rows = block(5, { movements: [move('alice', 'tx-1', '2025-03-01T00:00:00.000Z', 10), move('bob', 'tx-1', '2025-03-01T00:00:00.000Z', -10, 1)] });

    await s.applyBlock(rows);
    await s.applyBlock(rows);
    await s.applyBlock(block(4, { movements: [move('alice', 'tx-0', '2025-02-01T00:00:00.000Z', 99)] }));

    expect(await s.checkpoint()).toEqual({ block: 5n, txId: 'tx-1' });
    expect(await s.totals(['alice', 'bob'])).toEqual({
      transactions: 1,
      events: 1,
      movements: 2,
      balanceSum: 0,
      accounts: { alice: 10, bob: -10 },
      movementCounts: { alice: 1, bob: 1 },
    });
  });

  it('pages an account\'s movements of a month in time order with a cursor', async () => {
    const s = store();
    const times = ['2025-02-28T23:59:59.000Z', '2025-03-01T00:00:00.000Z', '2025-03-15T12:00:00.000Z', '2025-03-31T23:59:59.999Z', '2025-04-01T00:00:00.000Z'];
    for (const [i, time] of times.entries()) {
      await s.applyBlock(block(i + 1, { movements: [move('alice', `tx-${i}`, time, i + 1), move('carol', `tx-${i}`, time, 1, 1)] }));
    }
    const march = { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z', limit: 2 };

    const first = await s.movements('alice', march);
    const second = await s.movements('alice', { ...march, cursor: first.cursor ?? '' });

    expect(first.items.map((m) => m.txId)).toEqual(['tx-1', 'tx-2']);
    expect(first.cursor).not.toBeNull();
    expect(second.items.map((m) => m.txId)).toEqual(['tx-3']);
    expect(second.cursor).toBeNull();
  });

  it('ranks merchants by sales of a month', async () => {
    const s = store();
    const sale = (merchant: string, txId: string, amountFen: number, month = '202503'): BlockRows['sales'][number] => ({
      merchant,
      month,
      txId,
      amountFen,
      occurredAt: '2025-03-02T00:00:00.000Z',
    });
    await s.applyBlock(block(1, { sales: [sale('a', 't1', 100), sale('b', 't2', 500), sale('a', 't3', 450), sale('c', 't4', 9_999, '202502')] }));

    expect(await s.topMerchants('202503', 10)).toEqual([
      { merchant: 'a', salesFen: 550, purchases: 2 },
      { merchant: 'b', salesFen: 500, purchases: 1 },
    ]);
    expect(await s.topMerchants('202503', 1)).toHaveLength(1);
  });

  it('keeps the newest version of a plan and filters by status', async () => {
    const s = store();
    const plan = (status: string, n: number, txIndex: number): BlockRows['plans'][number] => ({
      planId: 'p1',
      status,
      issuer: 'shop',
      kind: 'MERCHANT',
      capPoints: 100,
      raised: n,
      updatedAt: 't',
      block: BigInt(n),
      txIndex,
      record: '{}',
    });
    await s.applyBlock(block(3, { plans: [plan('OPEN', 3, 0), plan('SETTLED', 3, 1)] }));

    expect((await s.plans(undefined, 10, 0)).map((p) => p.status)).toEqual(['SETTLED']);
    expect(await s.plans('OPEN', 10, 0)).toEqual([]);
  });

  it('counts transactions per minute and forgets everything on clear', async () => {
    const s = store();
    await s.applyBlock(block(1, { movements: [move('a', 't1', '2025-03-01T10:00:05.000Z', 1), move('a', 't2', '2025-03-01T10:00:50.000Z', 1)] }));
    await s.applyBlock(block(2, { movements: [move('a', 't3', '2025-03-01T10:02:00.000Z', 1)] }));

    expect(await s.throughput('2025-03-01T10:00:00.000Z')).toEqual([
      { minute: '2025-03-01T10:00:00.000Z', transactions: 2 },
      { minute: '2025-03-01T10:02:00.000Z', transactions: 1 },
    ]);
    await s.clear();
    expect(await s.checkpoint()).toBeNull();
    expect(await s.transactionCount()).toBe(0);
  });
});
