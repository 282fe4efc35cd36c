import { openAccounts } from '../support/accounts';
import { defined } from '../support/defined';
import { bank, JospDriver } from '../support/josp';
import { ADMIN, AUDITOR, consumer, merchant } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('consumer', 'c1', 'c2', 'c3', 'c9');
openAccounts('merchant', 'poor');
openAccounts('bank', 'b1');

const M = merchant('m1');
const WINDOW_START = '2025-03-01T00:00:00.000Z';
const WINDOW_END = '2025-03-05T00:00:00.000Z';
const MATURITY = '2025-04-05T00:00:00.000Z'; // a one-month term after the window
/** 2,000,000 funded plus the join bonus of a tier-2 region (Lhasa). */
const MERCHANT_START = 2_030_000;

/** A registered merchant m1 holding 2,030,000 points, and consumers c1-c3 with 5,000 each. */
async function setUp(): Promise<JospDriver> {
  const d = new JospDriver('2025-02-28T00:00:00.000Z');
  await d.submit(ADMIN, (c, ctx) => c.points.Mint(ctx, 'mint0', '100000'));
  await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg', 'm1', 'Shop', 'Lhasa'));
  await d.fund('m1', 2_000_000);
  for (const investor of ['c1', 'c2', 'c3']) {
    await d.fund(investor, 5_000);
  }
  return d;
}

async function openSpecPlan(d: JospDriver, planId = 'p1', minRaise = '1000'): Promise<void> {
  await d.submit(M, (c, ctx) =>
    c.josp.OpenPlan(ctx, `open-${planId}`, planId, '', '2000', minRaise, '100', '1000', WINDOW_START, WINDOW_END, MATURITY, ''),
  );
}

describe('josp: operating-share plans', () => {
  it.each([
    [1_000_000, 100, [10, 6, 4], 80],
    [10_000_000, 300, [30, 18, 12], 40],
    [20_000_000, 500, [50, 30, 20], 0],
  ])(
    'settles the reference plan of docs/rules.md#josp-yield with %i fen of term sales at %i bps',
    async (salesFen, rateBps, yields, back) => {
      const d = await setUp();
      await openSpecPlan(d);
      expect(await d.balance('m1')).toBe(MERCHANT_START - 100);
      d.setTime('2025-03-02T00:00:00.000Z');
      for (const [investor, points] of [
        ['c1', '1000'],
        ['c2', '600'],
        ['c3', '400'],
      ] as const) {
        await d.submit(consumer(investor), (c, ctx) => c.josp.Subscribe(ctx, `sub-${investor}`, 'p1', points));
      }
      expect(await d.invariant()).toMatchObject({ escrows: 2_100, holds: true });
      // A sale before the term does not count; the term's sale sets the bracket.
      d.setTime('2025-03-04T12:00:00.000Z');
      await d.submit(M, (c, ctx) => c.points.RecordPurchase(ctx, 'early', 'c9', '30000000', '', '0'));
      d.setTime('2025-03-20T00:00:00.000Z');
      await d.submit(M, (c, ctx) => c.points.RecordPurchase(ctx, 'sale', 'c9', String(salesFen), '', '0'));
      const merchantBefore = await d.balance('m1');
      expect((await d.fail(ADMIN, (c, ctx) => c.josp.SettlePlan(ctx, 's0', 'p1', '10'))).code).toBe('CONFLICT');
      d.setTime(MATURITY);
      const settled = await d.submit(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, 's1', 'p1', '10'));
      expect(settled.plan).toMatchObject({ status: 'SETTLED', salesFen, rateBps, paidYield: 100 - back, returnedYield: back });
      expect(await d.balance('c1')).toBe(5_000 + defined(yields[0]));
      expect(await d.balance('c2')).toBe(5_000 + defined(yields[1]));
      expect(await d.balance('c3')).toBe(5_000 + defined(yields[2]));
      expect(await d.balance('m1')).toBe(merchantBefore + back);
      expect(await d.invariant()).toMatchObject({ escrows: 0, holds: true });
      const statement = await d.submit(consumer('c1'), (c, ctx) => c.points.GetStatement(ctx, 'c1', '10', ''));
      expect((statement.items as { kind: string; delta: number; counterparty: string }[]).slice(1)).toEqual([
        expect.objectContaining({ kind: 'ESCROW_LOCK', delta: -1_000, counterparty: 'escrow:josp-principal:p1:c1' }),
        expect.objectContaining({ kind: 'ESCROW_RELEASE', delta: 1_000, counterparty: 'escrow:josp-principal:p1:c1' }),
        expect.objectContaining({ kind: 'JOSP_YIELD', delta: yields[0], counterparty: 'escrow:josp-yield:p1' }),
      ]);
      const positions = await d.submit(consumer('c2'), (c, ctx) => c.josp.ListPositions(ctx, 'c2', '10', ''));
      expect(positions.items).toEqual([expect.objectContaining({ planId: 'p1', principal: 600, status: 'PAID', yieldPoints: yields[1] })]);
    },
  );

  it('refuses opening without cover, subscriptions above the cap or the investor maximum, and outside the window', async () => {
    const d = await setUp();
    await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg2', 'poor', 'Poor', 'Lhasa'));
    await d.submit(merchant('poor'), (c, ctx) => c.points.Transfer(ctx, 'drain', 'c1', '29950'));
    const poor = await d.fail(merchant('poor'), (c, ctx) =>
      c.josp.OpenPlan(ctx, 'o', 'px', '', '2000', '0', '1', '2000', WINDOW_START, WINDOW_END, MATURITY, ''),
    );
    expect(poor.code).toBe('INSUFFICIENT_POINTS');
    expect((await d.fail(consumer('c1'), (c, ctx) => c.josp.GetPlan(ctx, 'px'))).code).toBe('NOT_FOUND');

    await openSpecPlan(d);
    expect((await d.fail(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'early', 'p1', '500'))).code).toBe('CONFLICT');
    d.setTime('2025-03-02T00:00:00.000Z');
    expect((await d.fail(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'big', 'p1', '1001'))).code).toBe('CAP_EXCEEDED');
    expect((await d.fail(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'tiny', 'p1', '99'))).code).toBe('INVALID_ARGUMENT');
    const subscribed = await d.submit(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'a', 'p1', '1000'));
    await d.submit(consumer('c2'), (c, ctx) => c.josp.Subscribe(ctx, 'b', 'p1', '700'));
    const over = await d.fail(consumer('c3'), (c, ctx) => c.josp.Subscribe(ctx, 'c', 'p1', '301'));
    expect(over).toMatchObject({ code: 'CAP_EXCEEDED', details: { capPoints: 2000, raised: 1700 } });
    // A retry is recognised before the cap is looked at: refused, its first answer unchanged.
    const again = await d.fail(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'a', 'p1', '1000'));
    await expectRefusedRetry(d.ledger, consumer('c1'), again, 'a', subscribed);
    expect(subscribed).toMatchObject({ points: 1000, principal: 1000, investor: 'c1' });
    d.setTime(WINDOW_END);
    expect((await d.fail(consumer('c3'), (c, ctx) => c.josp.Subscribe(ctx, 'late', 'p1', '100'))).code).toBe('CONFLICT');
    expect((await d.fail(AUDITOR, (c, ctx) => c.josp.SettlePlan(ctx, 'x', 'p1', '10'))).code).toBe('FORBIDDEN');
    const plan = await d.submit(AUDITOR, (c, ctx) => c.josp.GetPlan(ctx, 'p1'));
    expect(plan).toMatchObject({ raised: 1700, investors: 2, status: 'OPEN', yieldEscrow: 100 });
    expect(await d.invariant()).toMatchObject({ holds: true });
  });

  it('refunds everyone in full when the minimum raise is missed, and after a cancellation', async () => {
    const d = await setUp();
    await openSpecPlan(d, 'p1', '1500');
    await openSpecPlan(d, 'p2', '0');
    d.setTime('2025-03-02T00:00:00.000Z');
    await d.submit(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'a', 'p1', '1000'));
    await d.submit(consumer('c2'), (c, ctx) => c.josp.Subscribe(ctx, 'b', 'p2', '300'));
    expect((await d.fail(consumer('c2'), (c, ctx) => c.josp.CancelPlan(ctx, 'x', 'p2'))).code).toBe('FORBIDDEN');
    await d.submit(M, (c, ctx) => c.josp.CancelPlan(ctx, 'cancel', 'p2'));
    expect((await d.fail(consumer('c3'), (c, ctx) => c.josp.Subscribe(ctx, 'c', 'p2', '300'))).code).toBe('CONFLICT');
    expect((await d.fail(consumer('c3'), (c, ctx) => c.josp.RefundPlan(ctx, 'r0', 'p1', '10'))).code).toBe('CONFLICT');
    await d.submit(consumer('c3'), (c, ctx) => c.josp.RefundPlan(ctx, 'r2', 'p2', '10'));
    d.setTime(WINDOW_END);
    expect((await d.fail(consumer('c3'), (c, ctx) => c.josp.SettlePlan(ctx, 's', 'p1', '10'))).code).toBe('CONFLICT');
    const refund = await d.submit(consumer('c3'), (c, ctx) => c.josp.RefundPlan(ctx, 'r1', 'p1', '10'));
    expect(refund.plan).toMatchObject({ status: 'REFUNDED', returnedYield: 100, paidYield: 0 });
    expect(refund.payouts).toEqual([{ investor: 'c1', principal: 1000, yieldPoints: 0 }]);
    expect(await d.balance('c1')).toBe(5_000);
    expect(await d.balance('c2')).toBe(5_000);
    expect(await d.balance('m1')).toBe(MERCHANT_START);
    expect(await d.invariant()).toMatchObject({ escrows: 0, holds: true });
    expect((await d.fail(consumer('c3'), (c, ctx) => c.josp.RefundPlan(ctx, 'r3', 'p1', '10'))).code).toBe('CONFLICT');
    const plans = await d.submit(AUDITOR, (c, ctx) => c.josp.ListPlans(ctx, 'm1', '1', ''));
    expect(plans.items).toEqual([expect.objectContaining({ planId: 'p1' })]);
    const next = await d.submit(AUDITOR, (c, ctx) => c.josp.ListPlans(ctx, 'm1', '1', String(plans.bookmark)));
    expect(next.items).toEqual([expect.objectContaining({ planId: 'p2', status: 'REFUNDED' })]);
  });

  it('settles 55 investors in pages, never paying a page twice', async () => {
    const d = await setUp();
    await d.submit(M, (c, ctx) =>
      c.josp.OpenPlan(ctx, 'open', 'big', '', '10000', '0', '1', '1000', WINDOW_START, WINDOW_END, MATURITY, ''),
    );
    d.setTime('2025-03-02T00:00:00.000Z');
    const investors = Array.from({ length: 55 }, (_, i) => `inv${i}`);
    openAccounts('consumer', ...investors);
    for (const investor of investors) {
      await d.submit(ADMIN, (c, ctx) => c.points.Transfer(ctx, `give-${investor}`, investor, '200'));
      await d.submit(consumer(investor), (c, ctx) => c.josp.Subscribe(ctx, 's', 'big', '133'));
    }
    d.setTime(MATURITY);
    const first = await d.submit(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, 'page1', 'big', '20'));
    expect(first.plan).toMatchObject({ status: 'SETTLING', processed: 20, rateBps: 100 });
    const replay = await d.fail(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, 'page1', 'big', '20'));
    await expectRefusedRetry(d.ledger, consumer('c1'), replay, 'page1', first);
    expect((await d.fail(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, 'page1', 'big', '30'))).code).toBe('DUPLICATE_REQUEST');
    const second = await d.submit(consumer('c2'), (c, ctx) => c.josp.SettlePlan(ctx, 'other', 'big', '20'));
    const last = await d.submit(consumer('c2'), (c, ctx) => c.josp.SettlePlan(ctx, 'more', 'big', '20'));
    const paid = [first, second, last].flatMap((page) => (page.payouts as { investor: string }[]).map((p) => p.investor));
    expect([...paid].sort()).toEqual([...investors].sort());
    expect(last.plan).toMatchObject({ status: 'SETTLED', processed: 55, paidYield: 55, returnedYield: 500 - 55 });
    expect((await d.fail(consumer('c2'), (c, ctx) => c.josp.SettlePlan(ctx, 'again', 'big', '20'))).code).toBe('CONFLICT');
    for (const investor of investors) {
      expect(await d.balance(investor)).toBe(201);
    }
    expect(await d.invariant()).toMatchObject({ escrows: 0, holds: true });
  });

  it('lets a bank sell its product to the consumers it qualified only', async () => {
    const d = await setUp();
    await d.fund('b1', 1_000);
    const open = (
      ctx: Parameters<Parameters<JospDriver['submit']>[1]>[1],
      c: Parameters<Parameters<JospDriver['submit']>[1]>[0],
    ): Promise<string> => c.josp.OpenPlan(ctx, 'open', 'w1', 'm1', '2000', '0', '100', '2000', WINDOW_START, WINDOW_END, MATURITY, '');
    expect((await d.fail(consumer('c1'), (c, ctx) => open(ctx, c))).code).toBe('FORBIDDEN');
    const plan = await d.submit(bank('b1'), (c, ctx) => open(ctx, c));
    expect(plan).toMatchObject({ kind: 'BANK', issuer: 'b1', salesMerchant: 'm1', yieldEscrow: 100 });
    await d.submit(bank('b1'), (c, ctx) => c.josp.QualifyInvestor(ctx, 'q1', 'c1'));
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.QualifyInvestor(ctx, 'q2', 'c1'))).code).toBe('ALREADY_EXISTS');
    d.setTime('2025-03-02T00:00:00.000Z');
    expect((await d.fail(consumer('c2'), (c, ctx) => c.josp.Subscribe(ctx, 's', 'w1', '500'))).code).toBe('FORBIDDEN');
    await d.submit(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 's', 'w1', '500'));
    d.setTime(MATURITY);
    await d.submit(bank('b1'), (c, ctx) => c.josp.SettlePlan(ctx, 'settle', 'w1', '10'));
    expect(await d.balance('c1')).toBe(5_005);
    expect(await d.balance('b1')).toBe(1_000 - 5);
    expect(await d.invariant()).toMatchObject({ holds: true });
  });
});
