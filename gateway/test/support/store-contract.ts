import { ValidationError } from '../../src/errors';
import type { BlockRows, EventRow, MovementRow, PayoutRow, PlanRow, RedemptionRow, TrancheRow } from '../../src/readmodel/rows';
import type { EventQuery, ReadModelStore, RedemptionQuery, VerifiedPrefix } from '../../src/readmodel/store';
import { decodeVersionBookmark, type LaneWrite, type VersionRow, type VersionTx } from '../../src/readmodel/versions';
import { match } from './matchers';

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
    events: txIds.map((txId, txIndex) => ({
      txId,
      block: BigInt(n),
      txIndex,
      name: 'Transfer',
      payload: '{}',
      time: movements[0]?.time ?? '',
      accounts: [...new Set(movements.filter((m) => m.txId === txId).map((m) => m.account))],
    })),
    movements,
    sales: [],
    plans: [],
    tranches: [],
    redemptions: [],
    payouts: [],
    versions: [],
    laneWrites: [],
    ...parts,
  };
}

/** Transaction `txIndex` of block `n`, signed by a merchant of RetailMSP. */
export function at(n: number, txIndex = 0, txId = `tx-${n}-${txIndex}`): VersionTx {
  return {
    block: BigInt(n),
    txIndex,
    txId,
    time: `2025-03-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    creatorMsp: 'RetailMSP',
    creatorRole: 'merchant',
  };
}

/** Plan p1's row as indexed at a position; `raised` is what the store should report for it. */
export function planRow(tx: VersionTx, status: string, raised = 0): PlanRow {
  return {
    planId: 'p1',
    status,
    issuer: 'shop',
    kind: 'MERCHANT',
    capPoints: 1000,
    raised,
    updatedAt: tx.time,
    block: tx.block,
    txIndex: tx.txIndex,
    record: JSON.stringify({ planId: 'p1', status, tranches: 4 }),
  };
}

/** A write of one tranche of plan p1 at a position. */
export function trancheRow(tx: VersionTx, tranche: number, raised: number): TrancheRow {
  return { planId: 'p1', tranche, raised, block: tx.block, txIndex: tx.txIndex };
}

/** A redemption of `classId` (issued by `issuer`) at `merchantId`'s till for order `orderId`, at `time`. */
export function redemptionRow(merchantId: string, orderId: string, time: string, classId = 'c1', issuer = 'shop-a'): RedemptionRow {
  return {
    merchantId,
    orderId,
    classId,
    issuer,
    holder: 'alice',
    amountFen: 100_000,
    faceValueFen: 10_000,
    payFen: 90_000,
    rebateFen: merchantId === issuer ? 0 : 5_000,
    occurredAt: '2025-03-01T00:00:00.000Z',
    payableDay: merchantId === issuer ? null : '2025-03-01',
    requestId: `r-${orderId}`,
    txId: `tx-${orderId}`,
    time,
  };
}

/** The payout of plan p1 to `investor`, the `seq`-th of tranche `tranche`'s roster. */
export function payoutRow(investor: string, tranche: number, seq: number, principal = 1_000, yieldPoints = 10): PayoutRow {
  return { planId: 'p1', investor, status: 'PAID', tranche, seq, principal, yieldPoints, paidAt: at(5).time, txId: `tx-pay-${tranche}` };
}

/** A version of a plan at a position. */
export function planVersion(tx: VersionTx, planId: string, record: unknown): VersionRow {
  return { ...tx, entityType: 'plan', entityId: planId, isDelete: record === null, value: record === null ? null : JSON.stringify(record) };
}

/** A write of one balance lane at a position. */
export function laneWrite(tx: VersionTx, account: string, lane: string, points: number): LaneWrite {
  return { ...tx, account, lane, points };
}

/** The record a version holds, parsed; null for a deletion. */
function recordOf(version: VersionRow): unknown {
  return JSON.parse(version.value ?? 'null');
}

/** The behaviour every {@link ReadModelStore} shares; call inside a `describe`. */
export function storeContract(open: OpenStore): void {
  it('stores a block with its checkpoint and ignores it when replayed', async () => {
    const s = await open();
    const rows = block(5, {
      movements: [move('alice', 'tx-1', '2025-03-01T00:00:00.000Z', 10), move('bob', 'tx-1', '2025-03-01T00:00:00.000Z', -10, 1)],
    });

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

  it('streams events in chain order after a position, by name and by the accounts they concern, and forgets them on clear', async () => {
    const s = await open();
    const event = (n: number, txIndex: number, name: string, accounts: string[]): EventRow => ({
      txId: `tx-${n}-${txIndex}`,
      block: BigInt(n),
      txIndex,
      name,
      payload: JSON.stringify({ n, txIndex }),
      time: at(n, txIndex).time,
      accounts,
    });
    const events = [event(2, 0, 'Transfer', ['alice', 'bob']), event(2, 3, 'Mint', ['platform']), event(3, 1, 'Transfer', ['bob'])];
    await s.applyBlock(block(2, { events: events.slice(0, 2) }));
    await s.applyBlock(block(3, { events: events.slice(2) }));
    await s.applyBlock(block(3, { events: events.slice(2) }));
    const ids = async (query: Omit<EventQuery, 'limit'>, limit = 10): Promise<string[]> =>
      (await s.events({ ...query, limit })).map((e) => e.txId);

    // Stored as indexed, without the accounts (they only filter).
    expect(await s.events({ limit: 1 })).toEqual([
      { txId: 'tx-2-0', block: 2n, txIndex: 0, name: 'Transfer', payload: '{"n":2,"txIndex":0}', time: at(2, 0).time },
    ]);
    expect(await ids({})).toEqual(['tx-2-0', 'tx-2-3', 'tx-3-1']);
    expect(await ids({ after: { block: 2n, txIndex: 0 } })).toEqual(['tx-2-3', 'tx-3-1']);
    expect(await ids({ after: { block: 2n, txIndex: 3 } }, 1)).toEqual(['tx-3-1']);
    expect(await ids({ names: ['Transfer'] })).toEqual(['tx-2-0', 'tx-3-1']);
    expect(await ids({ names: [] })).toEqual([]);
    expect(await ids({ account: 'bob' })).toEqual(['tx-2-0', 'tx-3-1']);
    expect(await ids({ account: 'bob', after: { block: 2n, txIndex: 0 } })).toEqual(['tx-3-1']);
    expect(await ids({ account: 'alice', names: ['Mint'] })).toEqual([]);
    expect(await ids({ account: 'nobody' })).toEqual([]);
    await s.clear();
    expect(await ids({})).toEqual([]);
    expect(await ids({ account: 'bob' })).toEqual([]);
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
    await s.applyBlock(
      block(1, {
        movements: [move('alice', 't1', '2025-03-01T00:00:00.000Z', big), move('bob', 't1', '2025-03-01T00:00:00.000Z', -big, 1)],
      }),
    );

    expect((await s.movements('alice', { limit: 10 })).items).toEqual([move('alice', 't1', '2025-03-01T00:00:00.000Z', big)]);
    expect((await s.totals(['alice', 'bob'])).accounts).toEqual({ alice: big, bob: -big });
  });

  it("pages an account's movements of a month in time order with a cursor", async () => {
    const s = await open();
    const times = [
      '2025-02-28T23:59:59.000Z',
      '2025-03-01T00:00:00.000Z',
      '2025-03-15T12:00:00.000Z',
      '2025-03-31T23:59:59.999Z',
      '2025-04-01T00:00:00.000Z',
    ];
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
    await s.applyBlock(
      block(1, {
        sales: [sale('a', 't1', 100), sale('b', 't2', 500), sale('a', 't3', 450), sale('c', 't4', 9_999, '202502'), sale('a', 't1', 100)],
      }),
    );

    expect(await s.topMerchants('202503', 10)).toEqual([
      { merchant: 'a', salesFen: 550, purchases: 2 },
      { merchant: 'b', salesFen: 500, purchases: 1 },
    ]);
    expect(await s.topMerchants('202503', 1)).toHaveLength(1);
  });

  it('keeps the newest version of a plan and filters by status', async () => {
    const s = await open();
    // No tranches are written, so every plan has raised nothing.
    const plan = (status: string, n: number, txIndex: number): BlockRows['plans'][number] => ({
      planId: 'p1',
      status,
      issuer: 'shop',
      kind: 'MERCHANT',
      capPoints: 100,
      updatedAt: 't',
      block: BigInt(n),
      txIndex,
      record: '{}',
    });
    await s.applyBlock(block(3, { plans: [plan('OPEN', 3, 0), plan('SETTLED', 3, 1)] }));
    await s.applyBlock(block(4, { plans: [{ ...plan('OPEN', 2, 0), planId: 'p0' }] }));

    const stored = (write: BlockRows['plans'][number]): PlanRow => ({ ...write, raised: 0 });
    expect(await s.plans(undefined, 10, 0)).toEqual([stored({ ...plan('OPEN', 2, 0), planId: 'p0' }), stored(plan('SETTLED', 3, 1))]);
    expect(await s.plans('OPEN', 10, 0)).toEqual([stored({ ...plan('OPEN', 2, 0), planId: 'p0' })]);
    expect(await s.plans(undefined, 10, 1)).toEqual([stored(plan('SETTLED', 3, 1))]);
  });

  it("reports a plan's raised total as the sum of its tranches' latest writes, through replays and plan writes", async () => {
    const s = await open();
    const second = block(2, { tranches: [trancheRow(at(2, 0), 0, 100), trancheRow(at(2, 1), 3, 50)] });
    await s.applyBlock(block(1, { plans: [planRow(at(1), 'OPEN')] }));
    await s.applyBlock(second);
    await s.applyBlock(block(3, { tranches: [trancheRow(at(3, 0), 0, 200), trancheRow(at(3, 2), 0, 250)] }));

    expect(await s.plans(undefined, 10, 0)).toEqual([planRow(at(1), 'OPEN', 300)]);
    // A replay must not roll tranche 0 back to its block-2 figure.
    await s.applyBlock(second);
    expect(await s.plans(undefined, 10, 0)).toEqual([planRow(at(1), 'OPEN', 300)]);
    await s.applyBlock(block(4, { plans: [planRow(at(4), 'SETTLING')] }));
    expect(await s.plans(undefined, 10, 0)).toEqual([planRow(at(4), 'SETTLING', 300)]);
  });

  it("counts a plan's tranches written before the plan itself, and forgets them on clear", async () => {
    const s = await open();
    await s.applyBlock(block(1, { tranches: [trancheRow(at(1), 5, 40)] }));
    await s.applyBlock(block(2, { plans: [planRow(at(2), 'OPEN')], tranches: [trancheRow(at(2, 1), 6, 2)] }));

    expect(await s.plans(undefined, 10, 0)).toEqual([planRow(at(2), 'OPEN', 42)]);
    await s.clear();
    await s.applyBlock(block(1, { plans: [planRow(at(1), 'OPEN')] }));
    expect(await s.plans(undefined, 10, 0)).toEqual([planRow(at(1), 'OPEN', 0)]);
  });

  it("pages a merchant's and an issuer's redemptions in time order, by class and time, once each, and forgets them on clear", async () => {
    const s = await open();
    const t = (minute: number): string => `2025-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const rows = [
      redemptionRow('shop-a', 'o1', t(1)),
      redemptionRow('shop-b', 'o1', t(2)),
      redemptionRow('shop-a', 'o2', t(3), 'c2'),
      redemptionRow('shop-b', 'o0', t(3)),
      redemptionRow('shop-b', 'o3', t(4), 'c9', 'shop-b'),
    ];
    await s.applyBlock(block(1, { redemptions: rows.slice(0, 2) }));
    await s.applyBlock(block(2, { redemptions: rows.slice(2) }));
    await s.applyBlock(block(2, { redemptions: rows.slice(2) }));
    const all = async (query: Omit<RedemptionQuery, 'limit' | 'cursor'>, limit = 2): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.redemptions({ ...query, limit, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.items.map((r) => `${r.merchantId}/${r.orderId}`));
        cursor = page.cursor ?? undefined;
      } while (cursor !== undefined);
      return seen;
    };

    expect((await s.redemptions({ by: 'merchant', party: 'shop-b', limit: 1 })).items).toEqual([rows[1]]);
    expect(await all({ by: 'merchant', party: 'shop-b' })).toEqual(['shop-b/o1', 'shop-b/o0', 'shop-b/o3']);
    expect(await all({ by: 'issuer', party: 'shop-a' }, 1)).toEqual(['shop-a/o1', 'shop-b/o1', 'shop-a/o2', 'shop-b/o0']);
    expect(await all({ by: 'issuer', party: 'shop-a', classId: 'c1' })).toEqual(['shop-a/o1', 'shop-b/o1', 'shop-b/o0']);
    expect(await all({ by: 'issuer', party: 'shop-a', from: t(2), to: t(3) })).toEqual(['shop-b/o1']);
    expect(await all({ by: 'merchant', party: 'nobody' })).toEqual([]);
    await expect(s.redemptions({ by: 'merchant', party: 'shop-a', limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(ValidationError);
    await s.clear();
    expect(await all({ by: 'issuer', party: 'shop-a' })).toEqual([]);
  });

  it("pages a plan's payouts in roster order, exact beyond 32 bits, once each, and finds the plan by id", async () => {
    const s = await open();
    const big = 2 ** 40 + 1;
    const payouts = [payoutRow('x', 0, 0), payoutRow('y', 0, 1, big, 3), payoutRow('z', 1, 0), { ...payoutRow('w', 0, 0), planId: 'p2' }];
    await s.applyBlock(block(1, { plans: [planRow(at(1), 'SETTLING')] }));
    await s.applyBlock(block(2, { payouts: payouts.slice(0, 2) }));
    await s.applyBlock(block(3, { payouts: payouts.slice(1) }));

    const first = await s.payouts('p1', { limit: 2 });
    const second = await s.payouts('p1', { limit: 2, cursor: first.cursor ?? '' });
    expect(first.items).toEqual(payouts.slice(0, 2));
    expect(second).toEqual({ items: [payouts[2]], cursor: null });
    expect(await s.payouts('nobody', { limit: 2 })).toEqual({ items: [], cursor: null });
    const redemptionCursor = Buffer.from(JSON.stringify(['t', 'shop', 'o1'])).toString('base64url');
    await expect(s.payouts('p1', { limit: 2, cursor: redemptionCursor })).rejects.toThrow(ValidationError);
    expect(await s.plan('p1')).toEqual(planRow(at(1), 'SETTLING'));
    expect(await s.plan('p2')).toBeNull();
    await s.clear();
    expect((await s.payouts('p1', { limit: 2 })).items).toEqual([]);
  });

  it('counts transactions per minute and forgets everything on clear', async () => {
    const s = await open();
    await s.applyBlock(
      block(1, { movements: [move('a', 't1', '2025-03-01T10:00:05.000Z', 1), move('a', 't2', '2025-03-01T10:00:50.000Z', 1)] }),
    );
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

  it("pages an entity's versions in chain order, without gaps or repeats, and ignores a replayed block", async () => {
    const s = await open();
    const positions = [at(1, 0), at(1, 3), at(2, 1), at(4, 0), at(4, 2), at(9, 0), at(9, 1)];
    for (const n of [1, 2, 4, 9]) {
      const here = positions.filter((p) => p.block === BigInt(n));
      const rows = block(n, {
        versions: [...here.map((p, i) => planVersion(p, 'p1', { raised: n * 10 + i })), planVersion(here[0] ?? at(n), 'p2', { raised: 0 })],
      });
      await s.applyBlock(rows);
      await s.applyBlock(rows);
    }
    await s.applyBlock(block(10, { versions: [planVersion(at(10), 'p1', null)] }));

    const seen: VersionRow[] = [];
    const bookmarks: string[] = [];
    let page = await s.versions('plan', 'p1', { limit: 3 });
    seen.push(...page.items);
    while (page.cursor !== null) {
      bookmarks.push(page.cursor);
      const after = decodeVersionBookmark(page.cursor);
      expect(after).not.toBeNull();
      page = await s.versions('plan', 'p1', { limit: 3, after: after ?? undefined });
      seen.push(...page.items);
    }

    expect(seen.map((v) => [v.block, v.txIndex])).toEqual([...positions, at(10)].map((p) => [p.block, p.txIndex]));
    expect(bookmarks).toHaveLength(2);
    expect(seen[0]).toEqual(planVersion(at(1, 0), 'p1', { raised: 10 }));
    expect(seen[seen.length - 1]).toEqual({ ...at(10), entityType: 'plan', entityId: 'p1', isDelete: true, value: null });
    expect((await s.versions('plan', 'p2', { limit: 10 })).items).toHaveLength(4);
    expect(await s.versions('plan', 'nobody', { limit: 10 })).toEqual({ items: [], cursor: null });
  });

  it('folds lane writes into one account version per transaction with the balance after it, across blocks', async () => {
    const s = await open();
    await s.applyBlock(
      block(1, {
        laneWrites: [laneWrite(at(1, 0), 'alice', '07', 100), laneWrite(at(1, 0), 'alice', '03', 50), laneWrite(at(1, 0), 'bob', '00', 5)],
      }),
    );
    await s.applyBlock(block(2, { laneWrites: [laneWrite(at(2, 0), 'alice', '07', 70), laneWrite(at(2, 1), 'alice', '03', 0)] }));
    // A replay of block 1 must neither add versions nor reset the lanes to their block-1 points.
    await s.applyBlock(block(1, { laneWrites: [laneWrite(at(1, 0), 'alice', '07', 100)] }));
    await s.applyBlock(block(3, { laneWrites: [laneWrite(at(3, 0), 'alice', '12', 1)] }));

    const alice = (await s.versions('account', 'alice', { limit: 10 })).items;
    expect(alice.map((v) => [v.txId, v.isDelete, recordOf(v)])).toEqual([
      ['tx-1-0', false, { account: 'alice', balance: 150, lanes: { '03': 50, '07': 100 } }],
      ['tx-2-0', false, { account: 'alice', balance: 120, lanes: { '07': 70 } }],
      ['tx-2-1', false, { account: 'alice', balance: 70, lanes: { '03': 0 } }],
      ['tx-3-0', false, { account: 'alice', balance: 71, lanes: { '12': 1 } }],
    ]);
    expect(alice[0]).toMatchObject({
      entityType: 'account',
      entityId: 'alice',
      block: 1n,
      creatorMsp: 'RetailMSP',
      creatorRole: 'merchant',
    });
    expect((await s.versions('account', 'bob', { limit: 10 })).items.map(recordOf)).toEqual([
      { account: 'bob', balance: 5, lanes: { '00': 5 } },
    ]);
  });

  it('keeps the verified prefix by compare and set, and forgets it, the versions and the lanes on clear', async () => {
    const s = await open();
    const first: VerifiedPrefix = { block: 9n, headerHash: 'aa'.repeat(32) };
    const second: VerifiedPrefix = { block: 2n ** 40n, headerHash: 'bb'.repeat(32) };

    expect(await s.verifiedPrefix()).toBeNull();
    expect(await s.saveVerifiedPrefix(first, second)).toBe(false);
    expect(await s.saveVerifiedPrefix(null, first)).toBe(true);
    expect(await s.saveVerifiedPrefix(null, second)).toBe(false);
    expect(await s.saveVerifiedPrefix({ ...first, headerHash: 'cc'.repeat(32) }, second)).toBe(false);
    expect(await s.verifiedPrefix()).toEqual(first);
    expect(await s.saveVerifiedPrefix(first, second)).toBe(true);
    expect(await s.verifiedPrefix()).toEqual(second);
    // Racing savers from one base: exactly one wins.
    const racers = await Promise.all(
      [1n, 2n, 3n].map((n) => s.saveVerifiedPrefix(second, { block: second.block + n, headerHash: 'dd'.repeat(32) })),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);

    await s.applyBlock(block(1, { versions: [planVersion(at(1), 'p1', {})], laneWrites: [laneWrite(at(1), 'alice', '00', 9)] }));
    await s.clear();
    expect(await s.verifiedPrefix()).toBeNull();
    expect((await s.versions('plan', 'p1', { limit: 10 })).items).toEqual([]);
    await s.applyBlock(block(1, { laneWrites: [laneWrite(at(1), 'alice', '01', 1)] }));
    expect((await s.versions('account', 'alice', { limit: 10 })).items.map(recordOf)).toEqual([match.objectContaining({ balance: 1 })]);
  });
}
