import { createClass, withMerchants, type CouponsDriver } from '../support/coupons';
import { ADMIN, AUDITOR, consumer, merchant } from '../support/points';

const A = merchant('shop-a');
const C = merchant('shop-c');
const D = merchant('shop-d');
const X = consumer('x');

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
    const presented = await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'));
    expect(presented).toMatchObject({ status: 'PRESENTED', holder: 'x', classId: 'a100' });
    expect(await driver.held('a100', 'x')).toBe(0);

    const { result, stub } = await driver.run(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '100000', ''));
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
      occurredAt: driver.now,
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
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-c', 'o1'));
    const redeemed = await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '100000', ''));
    expect(redeemed).toMatchObject({ payFen: 90_000, rebateFen: 5_000, payableDay: '2025-03-10', issuer: 'shop-a' });
    const clearing = await driver.submit(ADMIN, (c, ctx) => c.GetClearing(ctx, '2025-03-10', 'shop-c', 'shop-a'));
    expect(clearing).toMatchObject({ merchantA: 'shop-a', merchantB: 'shop-c', payables: 1, bOwesAFen: 5_000, netFen: 5_000, netFrom: 'shop-c', netTo: 'shop-a', statement: null });
  });

  it('refuses a double spend, a merchant outside the acceptance and a purchase below the minimum spend', async () => {
    const driver = await scenario();
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'));
    expect(await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p2', 'a100', 'shop-a', 'o2'))).toMatchObject({
      code: 'INSUFFICIENT_COUPONS',
      details: { needed: 1, available: 0 },
    });
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '49999', ''))).code).toBe('BELOW_MINIMUM_SPEND');
    await driver.submit(A, (c, ctx) => c.RedeemCoupon(ctx, 'r2', 'o1', '50000', ''));
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r3', 'o1', '50000', ''))).code).toBe('CONFLICT');
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r4', 'o9', '50000', ''))).code).toBe('NOT_FOUND');

    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-x2', 'a100', 'x', '1'));
    expect((await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p3', 'a100', 'shop-d', 'o3'))).code).toBe('COUPON_NOT_ACCEPTED');
    expect(await driver.held('a100', 'x')).toBe(1);
    expect(await driver.supply('a100')).toMatchObject({ allocated: 2, holdings: 1, burned: 1, holds: true });
  });

  it('answers a retried redemption with the first result and burns once', async () => {
    const driver = await scenario();
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-c', 'o1'));
    const first = await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '100000', ''));
    expect(await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '100000', ''))).toEqual(first);
    expect((await driver.fail(C, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '200000', ''))).code).toBe('DUPLICATE_REQUEST');
    expect(await driver.supply('a100')).toMatchObject({ burned: 1, holds: true });
  });

  it('lets the holder withdraw an unredeemed coupon, and nobody else', async () => {
    const driver = await scenario();
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'a100', 'shop-a', 'o1'));
    expect((await driver.fail(A, (c, ctx) => c.WithdrawPresentation(ctx, 'w0', 'shop-a', 'o1'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(X, (c, ctx) => c.WithdrawPresentation(ctx, 'w1', 'shop-a', 'o1'))).toMatchObject({ status: 'WITHDRAWN' });
    expect(await driver.held('a100', 'x')).toBe(1);
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '100000', ''))).code).toBe('CONFLICT');
  });

  it('refuses an expired coupon when presented and when the purchase lies after the window', async () => {
    const driver = await withMerchants('shop-a');
    await createClass(driver, A, 'short', { validUntil: '2025-03-10T04:00:08.000Z' });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's', 'short', 'x', '2'));
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p1', 'short', 'shop-a', 'o1'));
    driver.setTime('2025-03-10T04:00:10.000Z');
    expect((await driver.fail(X, (c, ctx) => c.PresentCoupon(ctx, 'p2', 'short', 'shop-a', 'o2'))).code).toBe('COUPON_EXPIRED');
    expect((await driver.fail(A, (c, ctx) => c.RedeemCoupon(ctx, 'r1', 'o1', '100000', ''))).code).toBe('COUPON_EXPIRED');
    const inWindow = await driver.submit(A, (c, ctx) => c.RedeemCoupon(ctx, 'r2', 'o1', '100000', '2025-03-10T04:00:07.000Z'));
    expect(inWindow).toMatchObject({ occurredAt: '2025-03-10T04:00:07.000Z', payFen: 90_000 });
  });
});

describe('coupons: daily clearing', () => {
  async function payables(): Promise<CouponsDriver> {
    const driver = await scenario();
    await createClass(driver, C, 'c50', { faceValueFen: 4_000, acceptance: { kind: 'merchants', merchants: ['shop-a'] } });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-x3', 'a100', 'x', '2'));
    await driver.submit(C, (c, ctx) => c.SendCoupons(ctx, 'send-xc', 'c50', 'x', '1'));
    for (const order of ['o1', 'o2']) {
      await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, `p-${order}`, 'a100', 'shop-c', order));
      await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, `r-${order}`, order, '100000', '2025-03-09T12:00:00+08:00'));
    }
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p-o3', 'c50', 'shop-a', 'o3'));
    await driver.submit(A, (c, ctx) => c.RedeemCoupon(ctx, 'r-o3', 'o3', '100000', '2025-03-09T23:59:59+08:00'));
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
    expect(await driver.submit(C, (c, ctx) => c.ClearDay(ctx, 'clr', '2025-03-09', 'shop-c', 'shop-a'))).toEqual(JSON.parse(result));
    expect((await driver.fail(ADMIN, (c, ctx) => c.ClearDay(ctx, 'clr2', '2025-03-09', 'shop-a', 'shop-c'))).code).toBe('ALREADY_EXISTS');
    expect((await driver.fail(D, (c, ctx) => c.ClearDay(ctx, 'clr3', '2025-03-09', 'shop-a', 'shop-c'))).code).toBe('FORBIDDEN');
  });

  it('clears a day only once it is over in UTC+8, and moves late payables to the next open day', async () => {
    const driver = await payables();
    expect((await driver.fail(ADMIN, (c, ctx) => c.ClearDay(ctx, 'early', '2025-03-10', 'shop-a', 'shop-c'))).code).toBe('CONFLICT');
    await driver.submit(ADMIN, (c, ctx) => c.ClearDay(ctx, 'd9', '2025-03-09', 'shop-a', 'shop-c'));
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-late', 'a100', 'x', '1'));
    await driver.submit(X, (c, ctx) => c.PresentCoupon(ctx, 'p-late', 'a100', 'shop-c', 'late'));
    const late = await driver.submit(C, (c, ctx) => c.RedeemCoupon(ctx, 'r-late', 'late', '100000', '2025-03-09T13:00:00+08:00'));
    expect(late.payableDay).toBe('2025-03-10');
    driver.setTime('2025-03-10T16:00:00.000Z');
    expect(await driver.submit(ADMIN, (c, ctx) => c.ClearDay(ctx, 'd10', '2025-03-10', 'shop-a', 'shop-c'))).toMatchObject({ payables: 1, netFen: 5_000 });
  });
});
