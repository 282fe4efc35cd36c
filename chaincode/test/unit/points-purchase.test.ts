import { openAccounts } from '../support/accounts';
import { ADMIN, AUDITOR, consumer, merchant, PointsDriver } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

const M1 = merchant('m1');
// Consumers credited before they sign anything, opened as at enrolment.
openAccounts('consumer', 'c1', 'c2', 'c3');

/** A ledger with merchant m1 (Beijing, 50,000 points of join bonus). */
async function withMerchant(): Promise<PointsDriver> {
  const driver = new PointsDriver('2025-03-10T04:00:00.000Z');
  await driver.mint(1_000_000);
  await driver.register('m1', 'Beijing');
  return driver;
}

describe('points: RecordPurchase', () => {
  it('pays the consumer from the merchant at ×1.0 and records the sale', async () => {
    const driver = await withMerchant();
    const occurredAt = '2025-03-10T12:00:00.000+08:00';
    const { result, stub } = await driver.run(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '12345', occurredAt, '7'));
    expect(JSON.parse(result)).toEqual({
      orderId: 'o1',
      merchantId: 'm1',
      consumer: 'c1',
      amountFen: 12_345,
      occurredAt: '2025-03-10T04:00:00.000Z',
      salesMonth: '202503',
      activityCount: 0,
      activityAmountFen: 0,
      multiplierBps: 10_000,
      pointsEarned: 123,
      txId: stub.getTxID(),
      time: stub.getDateTimestamp().toISOString(),
    });
    expect(stub.event?.name).toBe('RecordPurchase');
    expect(await driver.balance('c1')).toBe(123);
    expect(await driver.balance('m1')).toBe(50_000 - 123);
    expect(await driver.submit(M1, (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'))).toEqual({
      merchantId: 'm1',
      month: '202503',
      salesFen: 12_345,
      purchases: 1,
      reward: null,
    });
  });

  it('takes the transaction time when occurredAt is empty, and recognises a retry sent days later', async () => {
    const driver = await withMerchant();
    const first = await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '1000', '', '4'));
    expect(first).toMatchObject({ occurredAt: first.time, pointsEarned: 10 });
    driver.setTime('2025-03-12T04:00:00.000Z');
    const retry = await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '1000', '', '9'));
    expect(await expectRefusedRetry(driver.ledger, M1, retry, 'o1', first)).toBe(first.txId);
    expect(await driver.balance('c1')).toBe(10);
  });

  it('raises the multiplier with the consumer’s activity at any merchant', async () => {
    const driver = await withMerchant();
    await driver.register('m2', 'Wuhan');
    const buy = async (who: ReturnType<typeof merchant>, order: string, fen: number): Promise<Record<string, unknown>> =>
      driver.submit(who, (c, ctx) => c.RecordPurchase(ctx, order, 'c1', String(fen), driver.now, '0'));
    expect((await buy(M1, 'o1', 100)).multiplierBps).toBe(10_000);
    expect((await buy(merchant('m2'), 'o2', 100)).multiplierBps).toBe(10_000);
    // Third purchase: two before it → still ×1.0.
    expect((await buy(M1, 'o3', 99_799)).multiplierBps).toBe(10_000);
    // 3 purchases, 999.99 yuan before it → ×1.2 by count.
    const fourth = await buy(M1, 'o4', 10_000);
    expect(fourth).toMatchObject({ activityCount: 3, activityAmountFen: 99_999, multiplierBps: 12_000, pointsEarned: 120 });
  });

  it('counts 1,000 yuan in the window as ×1.2 and 5,000 yuan as ×1.5', async () => {
    const driver = await withMerchant();
    await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '100000', driver.now, '0'));
    const second = await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o2', 'c1', '400000', driver.now, '0'));
    expect(second).toMatchObject({ activityCount: 1, multiplierBps: 12_000, pointsEarned: 4_800 });
    const third = await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o3', 'c1', '1000', driver.now, '0'));
    expect(third).toMatchObject({ activityAmountFen: 500_000, multiplierBps: 15_000, pointsEarned: 15 });
  });

  it('forgets purchases older than the 30-day window', async () => {
    const driver = await withMerchant();
    driver.setTime('2025-02-01T00:00:00.000Z');
    await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '600000', driver.now, '0'));
    driver.setTime('2025-03-03T00:00:01.000Z');
    const later = await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o2', 'c1', '100', driver.now, '0'));
    expect(later).toMatchObject({ activityCount: 0, multiplierBps: 10_000 });
  });

  it('refuses when the merchant balance is short, and changes nothing', async () => {
    const driver = await withMerchant();
    const keysBefore = driver.ledger.keys();
    const error = await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '5000100', driver.now, '3'));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { account: 'm1', needed: 50_001, available: 50_000 } });
    expect(driver.ledger.keys()).toEqual(keysBefore);
    expect(await driver.balance('m1')).toBe(50_000);
    expect(await driver.balance('c1')).toBe(0);
    expect((await driver.submit(ADMIN, (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'))).purchases).toBe(0);
  });

  it('sweeps other lanes when the given lane is short', async () => {
    const driver = await withMerchant();
    // Each lane holds 781 or 782 points after the join bonus; 2,000 points need a sweep.
    const result = await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '200000', driver.now, '63'));
    expect(result.pointsEarned).toBe(2_000);
    expect(await driver.balance('m1')).toBe(48_000);
  });

  it('refuses a retry on another lane, even days later when the backdate window has passed, naming the first transaction', async () => {
    const driver = await withMerchant();
    const occurredAt = driver.now;
    const first = await driver.run(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '10000', occurredAt, '1'));
    driver.setTime('2025-03-30T00:00:00.000Z');
    const retry = await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '10000', occurredAt, '9'));
    expect(await expectRefusedRetry(driver.ledger, M1, retry, 'o1', first.result)).toBe(first.stub.getTxID());
    expect(await driver.balance('c1')).toBe(100);
    expect(await driver.balance('m1')).toBe(49_900);
  });

  it('refuses the same order id with another amount with DUPLICATE_REQUEST', async () => {
    const driver = await withMerchant();
    await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '10000', driver.now, '1'));
    expect((await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '20000', driver.now, '1'))).code).toBe('DUPLICATE_REQUEST');
  });

  it.each([
    ['in the future', '2025-03-10T05:00:00.000Z'],
    ['more than 7 days back', '2025-03-03T03:59:59.000Z'],
    ['without an offset', '2025-03-10T04:00:00'],
  ])('refuses an occurredAt %s', async (_label, occurredAt) => {
    const driver = await withMerchant();
    expect(await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '100', occurredAt, '0'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'occurredAt' },
    });
  });

  it.each([
    ['a consumer', consumer('c1')],
    ['an auditor', AUDITOR],
    ['the admin', ADMIN],
    ['an unregistered merchant', merchant('m9')],
  ])('refuses %s with FORBIDDEN', async (_label, who) => {
    const driver = await withMerchant();
    expect((await driver.fail(who, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c2', '100', driver.now, '0'))).code).toBe('FORBIDDEN');
  });

  it.each([
    ['lane 64', 'c1', '64'],
    ['the merchant itself as consumer', 'm1', '0'],
    ['the treasury as consumer', 'treasury', '0'],
    ['a bad consumer id', 'c 1', '0'],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, who, lane) => {
    const driver = await withMerchant();
    expect((await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', who, '100', driver.now, lane))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('points: RedeemPoints', () => {
  /** c1 holds 10,000 points and m1 recorded the orders o1 (10,000 fen) and o2 (1,000 fen) of c1. */
  async function withOrders(): Promise<PointsDriver> {
    const driver = await withMerchant();
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 'seed', 'c1', '10000'));
    await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '10000', '', '0'));
    await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o2', 'c1', '1000', '', '0'));
    return driver;
  }

  it('moves the points to the merchant, capped by the amount the merchant recorded', async () => {
    const driver = await withOrders();
    const [c1, m1] = [await driver.balance('c1'), await driver.balance('m1')];
    const { result, stub } = await driver.run(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o1', '5000', '4'));
    expect(JSON.parse(result)).toEqual({
      requestId: 'rq1',
      merchantId: 'm1',
      orderId: 'o1',
      consumer: 'c1',
      amountFen: 10_000,
      points: 5_000,
      valueFen: 5_000,
      txId: stub.getTxID(),
      time: stub.getDateTimestamp().toISOString(),
    });
    expect(await driver.balance('c1')).toBe(c1 - 5_000);
    expect(await driver.balance('m1')).toBe(m1 + 5_000);
  });

  it('refuses more than the cap of the recorded amount with REDEMPTION_CAP_EXCEEDED', async () => {
    const driver = await withOrders();
    const before = await driver.balance('c1');
    const error = await driver.fail(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o1', '5001', '0'));
    expect(error).toMatchObject({ code: 'REDEMPTION_CAP_EXCEEDED', details: { capFen: 5_000, valueFen: 5_001 } });
    expect(await driver.balance('c1')).toBe(before);
  });

  it('allows one redemption per order', async () => {
    const driver = await withOrders();
    await driver.submit(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o2', '100', '0'));
    const before = await driver.balance('c1');
    const again = await driver.fail(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'rq2', 'm1', 'o2', '100', '0'));
    expect(again.code).toBe('ALREADY_EXISTS');
    expect(await driver.balance('c1')).toBe(before);
  });

  it('redeems only against an order the merchant recorded for the caller', async () => {
    const driver = await withOrders();
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 'seed2', 'c2', '1000'));
    const unknown = await driver.fail(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o-none', '1', '0'));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', details: { merchantId: 'm1', orderId: 'o-none' } });
    const stranger = await driver.fail(consumer('c2'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o1', '1', '0'));
    expect(stranger).toMatchObject({ code: 'FORBIDDEN', details: { merchantId: 'm1', orderId: 'o1' } });
    expect(await driver.balance('c2')).toBe(1_000);
  });

  it('refuses more points than the consumer holds, an unknown merchant and a merchant caller', async () => {
    const driver = await withOrders();
    await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o3', 'c2', '1000', '', '0'));
    expect((await driver.fail(consumer('c2'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o3', '500', '0'))).code).toBe(
      'INSUFFICIENT_POINTS',
    );
    expect((await driver.fail(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm9', 'o1', '1', '0'))).code).toBe('NOT_FOUND');
    expect((await driver.fail(M1, (c, ctx) => c.RedeemPoints(ctx, 'rq1', 'm1', 'o1', '1', '0'))).code).toBe('FORBIDDEN');
  });
});
