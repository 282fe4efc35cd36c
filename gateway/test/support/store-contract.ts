import { ValidationError } from '../../src/errors';
import type { BlockRows, MovementRow } from '../../src/readmodel/rows';
import type { ReadModelStore } from '../../src/readmodel/store';

/** Opens an empty store of the implementation under test; closing is the caller's hook's job. */
export type OpenStore = () => Promise<ReadModelStore>;

export function move(account: string, txId: string, time: string, delta: number, seq = 0): MovementRow {
  return { account, txId, seq, time, delta, kind: 'TRANSFER', counterparty: null, reference: null };
}

/** Block n with one transaction and one event per distinct transaction id of its movements. */
export function block(n: number, parts: Partial<BlockRows> = {}): BlockRows {
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

/** The behaviour every {@link ReadModelStore} shares; call inside a `describe`. */
export function storeContract(open: OpenStore): void {
  it('stores a block with its checkpoint and ignores it when replayed', async () => {
    const s = await open();
    const rows = block(5, { movements: [move('alice', 'tx-1', '2025-03-01T00:00:00.000Z', 10), move('bob', 'tx-1', '2025-03-01T00:00:00.000Z', -10, 1)] });

    expect(await s.checkpoint()).toBeNull();
    await s.applyBlock(rows);
    await s.applyBlock(rows);
    await s.applyBlock(block(4, { movements: [move('alice', 'tx-0', '2025-02-01T00:00:00.000Z', 99)] }));

    expect(await s.checkpoint()).toEqual({ block: 5n, txId: 'tx-1' });
    expect(await s.totals(['alice', 'bob', 'nobody'])).toEqual({
      transactions: 1,
      events: 1,
      movements: 2,
      balanceSum: 0,
      accounts: { alice: 10, bob: -10, nobody: 0 },
      movementCounts: { alice: 1, bob: 1, nobody: 0 },
    });
  });

  it('never moves the checkpoint back when writers race', async () => {
    const s = await open();
    const rows = (n: number): BlockRows => block(n, { movements: [move('alice', `tx-${n}`, '2025-03-01T00:00:00.000Z', 7)] });
    // Connections opened beforehand, so that the writes below really overlap.
    await Promise.all(Array.from({ length: 4 }, () => s.checkpoint()));

    for (let n = 1; n < 40; n += 2) {
      await Promise.all([s.applyBlock(rows(n + 1)), s.applyBlock(rows(n)), s.applyBlock(rows(n + 1))]);
      expect(await s.checkpoint()).toEqual({ block: BigInt(n + 1), txId: `tx-${n + 1}` });
    }
  });

  it('keeps amounts beyond 32 bits exact', async () => {
    const s = await open();
    const big = 2 ** 40 + 3;
    await s.applyBlock(block(1, { movements: [move('alice', 't1', '2025-03-01T00:00:00.000Z', big), move('bob', 't1', '2025-03-01T00:00:00.000Z', -big, 1)] }));

    expect((await s.movements('alice', { limit: 10 })).items).toEqual([move('alice', 't1', '2025-03-01T00:00:00.000Z', big)]);
    expect((await s.totals(['alice', 'bob'])).accounts).toEqual({ alice: big, bob: -big });
  });

  it('pages an account\'s movements of a month in time order with a cursor', async () => {
    const s = await open();
    const times = ['2025-02-28T23:59:59.000Z', '2025-03-01T00:00:00.000Z', '2025-03-15T12:00:00.000Z', '2025-03-31T23:59:59.999Z', '2025-04-01T00:00:00.000Z'];
    for (const [i, time] of times.entries()) {
      await s.applyBlock(block(i + 1, { movements: [move('alice', `tx-${i}`, time, i + 1), move('carol', `tx-${i}`, time, 1, 1)] }));
    }
    const march = { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z', limit: 2 };

    const first = await s.movements('alice', march);
    const second = await s.movements('alice', { ...march, cursor: first.cursor ?? '' });

    expect(first.items.map((m) => m.txId)).toEqual(['tx-1', 'tx-2']);
    expect(first.cursor).toBe(Buffer.from(JSON.stringify(['2025-03-15T12:00:00.000Z', 'tx-2', 0])).toString('base64url'));
    expect(second.items.map((m) => m.txId)).toEqual(['tx-3']);
    expect(second.cursor).toBeNull();
    await expect(s.movements('alice', { ...march, cursor: 'not-a-cursor' })).rejects.toThrow(ValidationError);
  });

  it('orders by code point, not by a locale', async () => {
    const s = await open();
    const time = '2025-03-01T00:00:00.000Z';
    await s.applyBlock(block(1, { movements: ['tx-b', 'tx-B', 'tx-_', 'tx-a'].map((txId) => move('alice', txId, time, 1)) }));

    expect((await s.movements('alice', { limit: 10 })).items.map((m) => m.txId)).toEqual(['tx-B', 'tx-_', 'tx-a', 'tx-b']);
  });

  it('ranks merchants by sales of a month', async () => {
    const s = await open();
    const sale = (merchant: string, txId: string, amountFen: number, month = '202503'): BlockRows['sales'][number] => ({
      merchant,
      month,
      txId,
      amountFen,
      occurredAt: '2025-03-02T00:00:00.000Z',
    });
    await s.applyBlock(block(1, { sales: [sale('a', 't1', 100), sale('b', 't2', 500), sale('a', 't3', 450), sale('c', 't4', 9_999, '202502'), sale('a', 't1', 100)] }));

    expect(await s.topMerchants('202503', 10)).toEqual([
      { merchant: 'a', salesFen: 550, purchases: 2 },
      { merchant: 'b', salesFen: 500, purchases: 1 },
    ]);
    expect(await s.topMerchants('202503', 1)).toHaveLength(1);
  });

  it('keeps the newest version of a plan and filters by status', async () => {
    const s = await open();
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
    await s.applyBlock(block(4, { plans: [{ ...plan('OPEN', 2, 0), planId: 'p0' }] }));

    expect(await s.plans(undefined, 10, 0)).toEqual([{ ...plan('OPEN', 2, 0), planId: 'p0' }, plan('SETTLED', 3, 1)]);
    expect(await s.plans('OPEN', 10, 0)).toEqual([{ ...plan('OPEN', 2, 0), planId: 'p0' }]);
    expect(await s.plans(undefined, 10, 1)).toEqual([plan('SETTLED', 3, 1)]);
  });

  it('counts transactions per minute and forgets everything on clear', async () => {
    const s = await open();
    await s.applyBlock(block(1, { movements: [move('a', 't1', '2025-03-01T10:00:05.000Z', 1), move('a', 't2', '2025-03-01T10:00:50.000Z', 1)] }));
    await s.applyBlock(block(2, { movements: [move('a', 't3', '2025-03-01T10:02:00.000Z', 1)] }));

    expect(await s.throughput('2025-03-01T10:00:00.000Z')).toEqual([
      { minute: '2025-03-01T10:00:00.000Z', transactions: 2 },
      { minute: '2025-03-01T10:02:00.000Z', transactions: 1 },
    ]);
    expect(await s.throughput('2025-03-01T10:01:00.000Z')).toEqual([{ minute: '2025-03-01T10:02:00.000Z', transactions: 1 }]);
    await s.clear();
    expect(await s.checkpoint()).toBeNull();
    expect(await s.transactionCount()).toBe(0);
    expect(await s.plans(undefined, 10, 0)).toEqual([]);
    await s.applyBlock(block(1, { movements: [move('a', 't1', '2025-03-01T10:00:05.000Z', 1)] }));
    expect(await s.checkpoint()).toEqual({ block: 1n, txId: 't1' });
  });
}
