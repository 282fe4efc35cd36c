/**
 * The peer ends an unpaginated range read after `totalQueryLimit` records without an error
 * (core.yaml: 100,000). With the fake ledger's limit at 5, every sum a write depends on must
 * still be exact for more records than that, and whatever cannot be summed exactly must fail
 * with a typed error rather than on part of the data.
 */
import { linesHash, settle } from '../../src/shelf/settlement';
import { openAccounts } from '../support/accounts';
import { createClass, withMerchants } from '../support/coupons';
import type { FakeLedger } from '../support/fake-ledger';
import { JospDriver } from '../support/josp';
import { ADMIN, AUDITOR, consumer, type Json, merchant, PointsDriver } from '../support/points';
import { device, operator, ShelfDriver, siteProvider, supplier } from '../support/shelf';

const LIMIT = 5;

const BUYERS = Array.from({ length: 14 }, (_, index) => `buyer${index + 1}`);
// Buyers earn points before they sign anything; one purchase each keeps their activity small.
openAccounts('consumer', ...BUYERS, 'regular', 'late', 'c1');
openAccounts('merchant', 'm1', 'shop-a', 'shop-c');

/** What the peer returns for an unpaginated read of a range, as a contract would see it. */
async function rangeRead(ledger: FakeLedger, type: string, parts: string[]): Promise<number> {
  const keys: string[] = [];
  for await (const kv of ledger.stub({ txId: 'probe' }).getStateByPartialCompositeKey(type, parts)) {
    keys.push(kv.key);
  }
  return keys.length;
}

/** Σ of the `points` of every committed key of a type, read straight from the fake's state. */
function stored(ledger: FakeLedger, type: 'balance' | 'escrow'): number {
  return ledger
    .keys()
    .filter((key) => key.startsWith(`\u0000${type}\u0000`))
    .reduce((sum, key) => sum + (JSON.parse(ledger.read(key)?.toString('utf8') ?? '{}') as { points: number }).points, 0);
}

describe(`with the peer's totalQueryLimit at ${LIMIT}`, () => {
  it('pays the monthly reward on every sale of a busy merchant, and the invariant still holds', async () => {
    const d = new PointsDriver('2025-03-10T04:00:00.000Z');
    d.ledger.setTotalQueryLimit(LIMIT);
    await d.mint(1_000_000);
    await d.register('m1', 'Shanghai');
    // 12 sales of 1,000 yuan over three lanes: 1,200,000 fen, past the first bracket.
    for (const [index, buyer] of BUYERS.slice(0, 12).entries()) {
      await d.submit(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, `o${index}`, buyer, '100000', '', String(index % 3)));
    }
    expect(d.ledger.truncatedReads).toBe(0);
    // A range read of the sale rows would see only 5 of the 12.
    expect(await rangeRead(d.ledger, 'sale', ['m1', '202503'])).toBe(LIMIT);

    const sales = await d.submit(merchant('m1'), (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'));
    expect(sales).toMatchObject({ salesFen: 1_200_000, purchases: 12, reward: null });
    d.setTime('2025-04-01T00:00:00+08:00');
    const reward = await d.submit(ADMIN, (c, ctx) => c.PayMonthlyReward(ctx, 'rw', 'm1', '202503'));
    // 10,000 yuan at 1 % + 2,000 yuan at 2 % = 14,000 fen = 14,000 points.
    expect(reward).toMatchObject({ salesFen: 1_200_000, rewardFen: 14_000, points: 14_000 });
    // Each sale earned its buyer 1,000 points from the merchant.
    expect(await d.balance('m1')).toBe(50_000 - 12 * 1_000 + 14_000);

    const invariant = await d.submit(AUDITOR, (c, ctx) => c.CheckInvariant(ctx));
    expect(invariant).toEqual({ minted: 1_000_000, burned: 0, balances: 1_000_000, escrows: 0, holds: true });
    expect(invariant.balances).toBe(stored(d.ledger, 'balance'));
    expect(d.ledger.truncatedReads).toBe(1);
  });

  it('settles a JOSP plan on every sale of the term, late ones included', async () => {
    const d = new JospDriver('2025-02-28T00:00:00.000Z');
    d.ledger.setTotalQueryLimit(LIMIT);
    await d.submit(ADMIN, (c, ctx) => c.points.Mint(ctx, 'mint0', '100000'));
    await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg', 'm1', 'Shop', 'Lhasa'));
    await d.fund('m1', 2_000_000);
    await d.fund('c1', 5_000);
    await d.submit(merchant('m1'), (c, ctx) =>
      c.josp.OpenPlan(
        ctx,
        'open',
        'p1',
        '',
        '2000',
        '100',
        '100',
        '1000',
        '2025-03-01T00:00:00.000Z',
        '2025-03-05T00:00:00.000Z',
        '2025-04-05T00:00:00.000Z',
        '',
      ),
    );
    d.setTime('2025-03-02T00:00:00.000Z');
    await d.submit(consumer('c1'), (c, ctx) => c.josp.Subscribe(ctx, 'sub', 'p1', '1000'));
    const escrowed = await d.invariant();
    expect(escrowed).toMatchObject({ escrows: 1_100, holds: true });
    expect(escrowed).toMatchObject({ balances: stored(d.ledger, 'balance'), escrows: stored(d.ledger, 'escrow') });

    // Before the term: not counted. (The clock steps one second before each transaction.)
    d.setTime('2025-03-04T23:59:58.000Z');
    await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, 'before', 'regular', '9000000', '', '0'));
    // 13 sales of 15,000 yuan in the term, the first at windowEnd, over March and April and lanes.
    for (const [index, buyer] of BUYERS.slice(0, 13).entries()) {
      d.setTime(new Date(Date.parse('2025-03-05T00:00:00.000Z') + index * 2.5 * 86_400_000 - 1000).toISOString());
      await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, `t${index}`, buyer, '1500000', '', String(index % 4)));
    }
    // At maturity: not counted. Recorded after maturity but dated inside the term: counted.
    d.setTime('2025-04-04T23:59:59.000Z');
    await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, 'after', 'regular', '9000000', '', '1'));
    await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, 'late', 'late', '1500000', '2025-04-04T23:59:59.999Z', '2'));
    expect(d.ledger.truncatedReads).toBe(0);

    const settled = await d.submit(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, 'settle', 'p1', '10'));
    // 14 × 1,500,000 = 21,000,000 fen: the 5 % tier; 5 of them would have been the 3 % tier.
    expect(settled.plan).toMatchObject({ status: 'SETTLED', salesFen: 21_000_000, rateBps: 500, paidYield: 50 });
    expect(settled.payouts).toEqual([{ investor: 'c1', principal: 1000, yieldPoints: 50 }]);
    const invariant = await d.invariant();
    expect(invariant).toMatchObject({ minted: 2_105_000, escrows: 0, holds: true });
    expect(invariant).toMatchObject({ balances: stored(d.ledger, 'balance'), escrows: stored(d.ledger, 'escrow') });
    expect(d.ledger.truncatedReads).toBe(0);
  });

  it('settles a shelf-day on every line of every batch, and reports them all', async () => {
    const d = new ShelfDriver('2025-03-10T02:00:00.000Z');
    d.ledger.setTotalQueryLimit(LIMIT);
    await d.submit(siteProvider('site1'), (c, ctx) => c.PostSite(ctx, 'p1', 'site-1', 'Shanghai', 'Lobby', '1200', '2000'));
    await d.submit(operator('op1'), (c, ctx) =>
      c.ProposeAgreement(ctx, 'prop', 'shelf-1', 'site-1', 'sup1', '3000', '5000', '2000', '500'),
    );
    for (const party of [operator('op1'), siteProvider('site1'), supplier('sup1')]) {
      await d.submit(party, (c, ctx) => c.SignAgreement(ctx, 'sign', 'shelf-1', '1'));
    }
    await d.submit(device('dev1'), (c, ctx) => c.ClaimDevice(ctx, 'claim', 'op1'));
    await d.submit(operator('op1'), (c, ctx) => c.RegisterDevice(ctx, 'bind', 'shelf-1', 'dev1'));
    const lines = Array.from({ length: 13 }, (_, index) => ({
      saleId: `s${String(index).padStart(2, '0')}`,
      sku: 'SKU-A',
      qty: 1,
      amountFen: 1_000 + index,
      costFen: 600,
      occurredAt: `2025-03-10T${String(9 + index).padStart(2, '0')}:00:00+08:00`,
    }));
    // Three batches, two of them longer than the limit.
    for (const [batch, part] of [lines.slice(0, 6), lines.slice(6, 7), lines.slice(7)].entries()) {
      d.setTime(`2025-03-10T${String(16 + batch).padStart(2, '0')}:00:00.000Z`);
      await d.submit(device('dev1'), (c, ctx) => c.RecordSales(ctx, `b${batch}`, JSON.stringify(part)));
    }
    d.setTime('2025-03-11T04:00:00.000Z');
    const statement = await d.submit(ADMIN, (c, ctx) => c.SettleDay(ctx, 'settle', 'shelf-1', '2025-03-10'));
    const revenue = lines.reduce((sum, line) => sum + line.amountFen, 0);
    const canonical = lines.map((line) => ({ ...line, occurredAt: new Date(line.occurredAt).toISOString(), refundOf: null }));
    expect(statement).toMatchObject({
      ...settle(revenue, 13 * 600, { supplierBps: 3_000, operatorBps: 5_000, siteBps: 2_000, feeBps: 500 }),
      lines: 13,
      adjustmentLines: 0,
      salesHash: linesHash(canonical),
    });
    const read = await d.submit(supplier('sup1'), (c, ctx) => c.GetStatement(ctx, 'shelf-1', '2025-03-10'));
    expect(read.salesLines).toEqual(canonical);
    const report = await d.submit(supplier('sup1'), (c, ctx) => c.GetReport(ctx, 'sup1', '2025-03-10', '2025-03-10', '100', ''));
    expect((report.statements as Json[])[0]?.salesLines).toEqual(canonical);
    expect(d.ledger.truncatedReads).toBe(0);
  });

  it('clears every payable of a busy merchant pair', async () => {
    const d = await withMerchants('shop-a', 'shop-c');
    const A = merchant('shop-a');
    const C = merchant('shop-c');
    await d.submit(A, (c, ctx) => c.CreateAlliance(ctx, 'al', 'west', 'West street'));
    await d.submit(A, (c, ctx) => c.InviteMerchant(ctx, 'inv', 'west', 'shop-c'));
    await d.submit(C, (c, ctx) => c.JoinAlliance(ctx, 'join', 'west'));
    await createClass(d, A, 'a100', { acceptance: { kind: 'alliance', allianceId: 'west' } });
    for (const buyer of BUYERS.slice(0, 7)) {
      await d.submit(A, (c, ctx) => c.SendCoupons(ctx, `send-${buyer}`, 'a100', buyer, '1'));
      await d.points(C, (p, ctx) => p.RecordPurchase(ctx, `o-${buyer}`, buyer, '100000', '2025-03-09T12:00:00+08:00', '0'));
      await d.submit(consumer(buyer), (c, ctx) => c.PresentCoupon(ctx, `p-${buyer}`, 'a100', 'shop-c', `o-${buyer}`));
      await d.submit(C, (c, ctx) => c.RedeemCoupon(ctx, `r-${buyer}`, `o-${buyer}`, 'a100'));
    }
    d.ledger.setTotalQueryLimit(LIMIT);
    const expected = { payables: 7, aOwesBFen: 0, bOwesAFen: 35_000, netFen: 35_000, netFrom: 'shop-c', netTo: 'shop-a' };
    expect(await d.submit(ADMIN, (c, ctx) => c.GetClearing(ctx, '2025-03-09', 'shop-a', 'shop-c'))).toMatchObject(expected);
    expect(await d.submit(C, (c, ctx) => c.ClearDay(ctx, 'clr', '2025-03-09', 'shop-a', 'shop-c'))).toMatchObject(expected);
    expect(d.ledger.truncatedReads).toBe(0);
  });

  it('refuses a purchase whose activity it cannot read in full, instead of undercounting it', async () => {
    const d = new PointsDriver('2025-03-10T04:00:00.000Z');
    await d.mint(1_000_000);
    await d.register('m1', 'Shanghai');
    for (let index = 0; index <= LIMIT; index++) {
      await d.submit(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, `o${index}`, 'regular', '10000', '', '0'));
    }
    d.ledger.setTotalQueryLimit(LIMIT);
    const error = await d.fail(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'next', 'regular', '10000', '', '0'));
    expect(error).toMatchObject({ code: 'RANGE_TOO_LARGE', details: { expected: LIMIT + 1, returned: LIMIT } });
    d.ledger.setTotalQueryLimit(undefined);
    expect(await d.submit(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'next', 'regular', '10000', '', '0'))).toMatchObject({
      activityCount: LIMIT + 1,
    });
  });
});

describe('sales by time of sale around a JOSP term', () => {
  async function merchantWithPlanFunds(): Promise<JospDriver> {
    const d = new JospDriver('2025-02-28T00:00:00.000Z');
    await d.submit(ADMIN, (c, ctx) => c.points.Mint(ctx, 'mint0', '100000'));
    await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg', 'm1', 'Shop', 'Lhasa'));
    await d.fund('m1', 2_000_000);
    await d.fund('c1', 5_000);
    return d;
  }

  async function openAndSettle(d: JospDriver, windowEnd: string, maturity: string): Promise<Json> {
    await d.submit(merchant('m1'), (c, ctx) =>
      c.josp.OpenPlan(ctx, 'open', 'p1', '', '2000', '0', '100', '1000', '2025-02-01T00:00:00.000Z', windowEnd, maturity, ''),
    );
    d.setTime(maturity);
    return (await d.submit(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, 'settle', 'p1', '10'))).plan as Json;
  }

  it('counts sales a clock running ahead recorded before the plan opened', async () => {
    const d = await merchantWithPlanFunds();
    // A till whose clock runs ten minutes ahead records sales dated after the coming windowEnd.
    d.setTime('2025-03-01T00:10:00.000Z');
    await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, 'ahead1', 'buyer1', '3000000', '', '0'));
    await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, 'ahead2', 'buyer2', '2500000', '', '1'));
    await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, 'before', 'buyer3', '700000', '2025-03-01T00:04:59.999Z', '2'));
    d.setTime('2025-03-01T00:00:00.000Z');
    const plan = await openAndSettle(d, '2025-03-01T00:05:00.000Z', '2025-03-01T00:10:02.500Z');
    expect(plan).toMatchObject({ salesFen: 5_500_000, rateBps: 300 });
  });

  it('sums terms that start and end inside one month, cut next to each other', async () => {
    const d = await merchantWithPlanFunds();
    for (const [planId, windowEnd, maturity] of [
      ['p0', '2025-03-10T00:00:00.000Z', '2025-03-20T00:00:00.000Z'],
      ['p1', '2025-03-12T00:00:00.000Z', '2025-03-26T00:00:00.000Z'],
    ] as const) {
      await d.submit(merchant('m1'), (c, ctx) =>
        c.josp.OpenPlan(ctx, `open-${planId}`, planId, '', '2000', '0', '100', '1000', '2025-02-01T00:00:00.000Z', windowEnd, maturity, ''),
      );
    }
    // Sales one second after midnight of each day, of 1 to 5 million fen.
    for (const [index, day] of ['03-05', '03-10', '03-15', '03-20', '03-25'].entries()) {
      d.setTime(`2025-${day}T00:00:00.000Z`);
      await d.submit(merchant('m1'), (c, ctx) =>
        c.points.RecordPurchase(ctx, `s${index}`, BUYERS[index] ?? '', String((index + 1) * 1_000_000), '', String(index)),
      );
    }
    d.setTime('2025-03-26T00:00:00.000Z');
    const settle = async (planId: string): Promise<Json> =>
      (await d.submit(consumer('c1'), (c, ctx) => c.josp.SettlePlan(ctx, `settle-${planId}`, planId, '10'))).plan as Json;
    // p0: the sales of 03-10 and 03-15; p1: those of 03-15, 03-20 and 03-25.
    expect(await settle('p0')).toMatchObject({ salesFen: 5_000_000, rateBps: 300 });
    expect(await settle('p1')).toMatchObject({ salesFen: 12_000_000, rateBps: 300 });
  });

  it('refuses to register a cut it cannot split exactly, when the month holds more sales than one read returns', async () => {
    const d = await merchantWithPlanFunds();
    d.setTime('2025-03-01T00:10:00.000Z');
    for (const [index, buyer] of BUYERS.slice(0, LIMIT + 1).entries()) {
      await d.submit(merchant('m1'), (c, ctx) => c.points.RecordPurchase(ctx, `ahead${index}`, buyer, '1000', '', '0'));
    }
    d.ledger.setTotalQueryLimit(LIMIT);
    d.setTime('2025-03-01T00:00:00.000Z');
    const error = await d.fail(merchant('m1'), (c, ctx) =>
      c.josp.OpenPlan(
        ctx,
        'open',
        'p1',
        '',
        '2000',
        '0',
        '100',
        '1000',
        '2025-02-01T00:00:00.000Z',
        '2025-03-01T00:05:00.000Z',
        '2025-04-01T00:00:00.000Z',
        '',
      ),
    );
    expect(error).toMatchObject({ code: 'RANGE_TOO_LARGE', details: { expected: LIMIT + 1, returned: LIMIT } });
  });
});
