import { type CouponsDriver, createClass, withMerchants } from '../support/coupons';
import { ADMIN, AUDITOR, consumer, type Json, merchant, type Who } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

const A = merchant('shop-a');
const C = merchant('shop-c');
const D = merchant('shop-d');
const X = consumer('x');
const Y = consumer('y');

/**
 * The merchant records the purchase (points:RecordPurchase): a coupon can only be presented for
 * an order its merchant recorded for the holder, and redemption takes amount and time from it.
 *
 * @param occurredAt - '' for the transaction time, as at a live checkout
 */
async function recordOrder(
  driver: CouponsDriver,
  shop: Who,
  orderId: string,
  holder: string,
  amountFen: number,
  occurredAt = '',
): Promise<Json> {
  return driver.points(shop, (p, ctx) => p.RecordPurchase(ctx, orderId, holder, String(amountFen), occurredAt, '0'));
}

/** Merchant A issues 1,000 coupons of 100 yuan accepted by its alliance with C; X holds one. */
async function scenario(): Promise<CouponsDriver> {
  const driver = await withMerchants('shop-a', 'shop-c', 'shop-d');
  await driver.submit(A, (c, ctx) => c.CreateAlliance(ctx, 'al', 'west', 'West street'));
  await driver.submit(A, (c, ctx) => c.InviteMerchant(ctx, 'inv', 'west', 'shop-c'));
  await driver.submit(C, (c, ctx) => c.JoinAlliance(ctx, 'join', 'west'));
  await createClass(driver, A, 'a100', { acceptance: { kind: 'alliance', allianceId: 'west' }, minSpendFen: 50_000 });
  await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-x', 'a100', 'x', '1'));
  return driver;
}

describe('coupons: redemption', () => {
  it('scenario 1: X spends the coupon at A on 1,000 yuan and pays 900; the coupon is burned', async () => {
    const driver = await scenario();
    const order = await recordOrder(driver, A, 'o1', 'x', 100_000);
    const presented = await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'));
    expect(presented).toMatchObject({ status: 'PRESENTED', holder: 'x', classId: 'a100' });
    expect(await driver.held('a100', 'x')).toBe(0);

    const { result, stub } = await driver.run(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'a100'));
    expect(JSON.parse(result)).toEqual({
      requestId: 'r1',
      merchantId: 'shop-a',
      orderId: 'o1',
      classId: 'a100',
      issuer: 'shop-a',
      holder: 'x',
      amountFen: 100_000,
      faceValueFen: 10_000,
      payFen: 90_000,
      // the time the merchant recorded the sale, not the time it redeemed the coupon
      occurredAt: order.occurredAt,
      rebateFen: 0,
      payableDay: null,
      txId: stub.getTxID(),
      time: driver.now,
    });
    expect(stub.event?.name).toBe('RedeemCoupon');
    expect(await driver.supply('a100')).toMatchObject({ allocated: 1, holdings: 0, escrowed: 0, burned: 1, holds: true });
    expect(await driver.submit(AUDITOR, (c, ctx) => c.GetCouponRedemption(ctx, 'shop-a', 'o1'))).toEqual(JSON.parse(result));
  });

  it('scenario 2: X spends it at alliance member C: burned, and C owes A a rebate of 50 yuan', async () => {
    const driver = await scenario();
    await recordOrder(driver, C, 'o1', 'x', 100_000);
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-c', 'o1'));
    const redeemed = await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'a100'));
    expect(redeemed).toMatchObject({ payFen: 90_000, rebateFen: 5_000, payableDay: '2025-03-10', issuer: 'shop-a' });
    const clearing = await driver.submit(ADMIN, (c, ctx) => c.GetClearing(ctx, '2025-03-10', 'shop-c', 'shop-a'));
    expect(clearing).toMatchObject({
      merchantA: 'shop-a',
      merchantB: 'shop-c',
      payables: 1,
      bOwesAFen: 5_000,
      netFen: 5_000,
      netFrom: 'shop-c',
      netTo: 'shop-a',
      statement: null,
    });
  });

  it('refuses a double spend, a merchant outside the acceptance and a purchase below the minimum spend', async () => {
    const driver = await scenario();
    // The minimum spend is checked against the amount the merchant recorded for the order.
    await recordOrder(driver, A, 'o1', 'x', 49_999);
    await recordOrder(driver, A, 'o2', 'x', 50_000);
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'));
    expect(await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p2', 'a100', 'shop-a', 'o2'))).toMatchObject({
      code: 'INSUFFICIENT_COUPONS',
      details: { needed: 1, available: 0 },
    });
    expect(await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'a100'))).toMatchObject({
      code: 'BELOW_MINIMUM_SPEND',
      details: { minSpendFen: 50_000, amountFen: 49_999 },
    });
    await driver.submit(X, (c, ctx) => c.WithdrawPresentation(ctx, 'w1', 'shop-a', 'o1'));
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p3', 'a100', 'shop-a', 'o2'));
    expect(await driver.submit(A, (c, ctx) => c.RedeemCoupon(ctx, 'r2', 'o2', 'a100'))).toMatchObject({
      amountFen: 50_000,
      payFen: 40_000,
    });
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r3', 'o2', 'a100'))).code).toBe('CONFLICT');
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r4', 'o9', 'a100'))).code).toBe('NOT_FOUND');

    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-x2', 'a100', 'x', '1'));
    await recordOrder(driver, D, 'o3', 'x', 100_000);
    expect((await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p4', 'a100', 'shop-d', 'o3'))).code).toBe('COUPON_NOT_ACCEPTED');
    expect(await driver.held('a100', 'x')).toBe(1);
    expect(await driver.supply('a100')).toMatchObject({ allocated: 2, holdings: 1, burned: 1, holds: true });
  });

  it('refuses a retried redemption, keeps its first answer, and burns once', async () => {
    const driver = await scenario();
    await recordOrder(driver, C, 'o1', 'x', 100_000);
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-c', 'o1'));
    const first = await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'a100'));
    const retry = await driver.fail(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'a100'));
    await expectRefusedRetry(driver.ledger, C, retry, 'r1', first);
    expect((await driver.fail(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'c50'))).code).toBe('DUPLICATE_REQUEST');
    expect(await driver.supply('a100')).toMatchObject({ burned: 1, holds: true });
  });

  it('lets the holder withdraw an unredeemed coupon, and nobody else', async () => {
    const driver = await scenario();
    await recordOrder(driver, A, 'o1', 'x', 100_000);
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'));
    expect((await driver.fail(A, (c, ctx) => c.WithdrawPresentation(ctx, 'w0', 'shop-a', 'o1'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(X, (c, ctx) => c.WithdrawPresentation(ctx, 'w1', 'shop-a', 'o1'))).toMatchObject({ status: 'WITHDRAWN' });
    expect(await driver.held('a100', 'x')).toBe(1);
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'a100'))).code).toBe('CONFLICT');
  });

  it('refuses an expired coupon when presented, and judges the redemption by the order’s time', async () => {
    const driver = await withMerchants('shop-a');
    await createClass(driver, A, 'short', { validFrom: '2025-03-10T04:00:10.000Z', validUntil: '2025-03-10T04:01:00.000Z' });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's', 'short', 'x', '3'));
    driver.setTime('2025-03-10T04:00:30.000Z');
    // A sale the merchant backdates to before the window, and one recorded as it happens.
    await recordOrder(driver, A, 'early', 'x', 100_000, '2025-03-10T04:00:05.000Z');
    const o1 = await recordOrder(driver, A, 'o1', 'x', 100_000);
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p0', 'short', 'shop-a', 'early'));
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'short', 'shop-a', 'o1'));

    driver.setTime('2025-03-10T04:01:00.000Z');
    await recordOrder(driver, A, 'o2', 'x', 100_000);
    expect((await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p2', 'short', 'shop-a', 'o2'))).code).toBe('COUPON_EXPIRED');
    expect(await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r0', 'early', 'short'))).toMatchObject({
      code: 'CONFLICT',
      details: { classId: 'short', validFrom: '2025-03-10T04:00:10.000Z' },
    });
    // Redeemed after the class expired, yet the sale lies within its window.
    const inWindow = await driver.submit(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'short'));
    expect(inWindow).toMatchObject({ occurredAt: o1.occurredAt, payFen: 90_000 });
    expect(o1.occurredAt).toBe('2025-03-10T04:00:32.000Z');
  });
});

describe('coupons: presenting only for the holder’s recorded order', () => {
  it('refuses a stranger presenting for another consumer’s order; the coupon stays with the stranger', async () => {
    const driver = await scenario();
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-y', 'a100', 'y', '1'));
    await recordOrder(driver, A, 'o1', 'x', 100_000);
    expect(await driver.fail(Y, (c, ctx) => c.PresentCoupon(ctx, 'p-y', 'a100', 'shop-a', 'o1'))).toMatchObject({
      code: 'FORBIDDEN',
      details: { merchantId: 'shop-a', orderId: 'o1' },
    });
    expect(await driver.held('a100', 'y')).toBe(1);
    expect((await driver.fail(A, (c, ctx) => c.GetPresentation(ctx, 'shop-a', 'o1'))).code).toBe('NOT_FOUND');
    // The order stays open to its own consumer.
    expect(await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p-x', 'a100', 'shop-a', 'o1'))).toMatchObject({ holder: 'x' });
  });

  it('refuses an order the merchant never recorded, also one another merchant recorded', async () => {
    const driver = await scenario();
    await recordOrder(driver, C, 'o1', 'x', 100_000);
    expect(await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'))).toMatchObject({
      code: 'NOT_FOUND',
      details: { merchantId: 'shop-a', orderId: 'o1' },
    });
    expect((await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p2', 'a100', 'shop-a', 'never'))).code).toBe('NOT_FOUND');
    expect(await driver.held('a100', 'x')).toBe(1);
    expect(await driver.supply('a100')).toMatchObject({ holdings: 1, escrowed: 0, holds: true });
  });

  it('refuses a redemption naming another class than presented: nothing burned, no payable', async () => {
    const driver = await scenario();
    await recordOrder(driver, C, 'o1', 'x', 100_000);
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-c', 'o1'));
    expect(await driver.fail(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', 'c50'))).toMatchObject({
      code: 'CONFLICT',
      details: { orderId: 'o1', presentedClassId: 'a100' },
    });
    expect(await driver.supply('a100')).toMatchObject({ holdings: 0, escrowed: 1, burned: 0, holds: true });
    expect(await driver.submit(C, (c, ctx) => c.GetPresentation(ctx, 'shop-c', 'o1'))).toMatchObject({ status: 'PRESENTED' });
    expect((await driver.fail(C, (c, ctx) => c.GetCouponRedemption(ctx, 'shop-c', 'o1'))).code).toBe('NOT_FOUND');
    expect(await driver.submit(ADMIN, (c, ctx) => c.GetClearing(ctx, '2025-03-10', 'shop-c', 'shop-a'))).toMatchObject({
      payables: 0,
      netFen: 0,
    });

    // Once the merchant names the presented class, the redemption goes through.
    expect(await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r2', 'o1', 'a100'))).toMatchObject({ rebateFen: 5_000 });
    expect(await driver.submit(ADMIN, (c, ctx) => c.GetClearing(ctx, '2025-03-10', 'shop-c', 'shop-a'))).toMatchObject({ payables: 1 });
  });
});

describe('coupons: daily clearing', () => {
  async function payables(): Promise<CouponsDriver> {
    const driver = await scenario();
    await createClass(driver, C, 'c50', { faceValueFen: 4_000, acceptance: { kind: 'merchants', merchants: ['shop-a'] } });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-x3', 'a100', 'x', '2'));
    await driver.submit(C, (c, ctx) => c.SendCoupons(ctx, 'send-xc', 'c50', 'x', '1'));
    for (const order of ['o1', 'o2']) {
      await recordOrder(driver, C, order, 'x', 100_000, '2025-03-09T12:00:00+08:00');
      await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, `p-${order}`, 'a100', 'shop-c', order));
      await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, `r-${order}`, order, 'a100'));
    }
    await recordOrder(driver, A, 'o3', 'x', 100_000, '2025-03-09T23:59:59+08:00');
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p-o3', 'c50', 'shop-a', 'o3'));
    await driver.submit(A, (c, ctx) => c.RedeemCoupon(ctx, 'r-o3', 'o3', 'c50'));
    return driver;
  }

  it('nets the pair’s payables of a past day into one statement, once', async () => {
    const driver = await payables();
    const { result, stub } = await driver.run(C, (c, ctx) => c.ClearDay(ctx, 'clr', '2025-03-09', 'shop-c', 'shop-a'));
    expect(JSON.parse(result)).toEqual({
      requestId: 'clr',
      day: '2025-03-09',
      merchantA: 'shop-a',
      merchantB: 'shop-c',
      payables: 3,
      aOwesBFen: 2_000,
      bOwesAFen: 10_000,
      netFen: 8_000,
      netFrom: 'shop-c',
      netTo: 'shop-a',
      txId: stub.getTxID(),
      time: driver.now,
    });
    const retry = await driver.fail(C, (c, ctx) => c.ClearDay(ctx, 'clr', '2025-03-09', 'shop-c', 'shop-a'));
    expect(await expectRefusedRetry(driver.ledger, C, retry, 'clr', result)).toBe(stub.getTxID());
    expect((await driver.fail(ADMIN, (c, ctx) => c.ClearDay(ctx, 'clr2', '2025-03-09', 'shop-a', 'shop-c'))).code).toBe('ALREADY_EXISTS');
    expect((await driver.fail(D, (c, ctx) => c.ClearDay(ctx, 'clr3', '2025-03-09', 'shop-a', 'shop-c'))).code).toBe('FORBIDDEN');
  });

  it('clears a day only once it is over in UTC+8, and moves late payables to the next open day', async () => {
    const driver = await payables();
    expect((await driver.fail(ADMIN, (c, ctx) => c.ClearDay(ctx, 'early', '2025-03-10', 'shop-a', 'shop-c'))).code).toBe('CONFLICT');
    await driver.submit(ADMIN, (c, ctx) => c.ClearDay(ctx, 'd9', '2025-03-09', 'shop-a', 'shop-c'));
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-late', 'a100', 'x', '1'));
    await recordOrder(driver, C, 'late', 'x', 100_000, '2025-03-09T13:00:00+08:00');
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p-late', 'a100', 'shop-c', 'late'));
    const late = await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r-late', 'late', 'a100'));
    expect(late.payableDay).toBe('2025-03-10');
    driver.setTime('2025-03-10T16:00:00.000Z');
    expect(await driver.submit(ADMIN, (c, ctx) => c.ClearDay(ctx, 'd10', '2025-03-10', 'shop-a', 'shop-c'))).toMatchObject({
      payables: 1,
      netFen: 5_000,
    });
  });
});
