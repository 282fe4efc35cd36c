import { type CouponsDriver, createClass, withMerchants } from '../support/coupons';
import { ADMIN, consumer, merchant } from '../support/points';

const A = merchant('shop-a');
const X = consumer('x');
const Y = consumer('y');

async function market(): Promise<CouponsDriver> {
  const driver = await withMerchants('shop-a');
  await createClass(driver, A, 'a100');
  await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-x', 'a100', 'x', '3'));
  await driver.points(ADMIN, (p, ctx) => p.Transfer(ctx, 'fund-y', 'y', '20000'));
  return driver;
}

describe('coupons: secondary market', () => {
  it('scenario 3: X lists a coupon at 8,000 points; Y buys it, delivery and payment in one transaction', async () => {
    const driver = await market();
    const listed = await driver.submit(X, (c, ctx) => c.ListCoupons(ctx, 'l1', 'lst-1', 'a100', '1', '8000'));
    expect(listed).toMatchObject({ listingId: 'lst-1', seller: 'x', quantity: 1, remaining: 1, pricePoints: 8_000, status: 'OPEN' });
    expect(await driver.held('a100', 'x')).toBe(2);
    expect(await driver.supply('a100')).toMatchObject({ escrowed: 1, holds: true });

    const { result, stub } = await driver.run(Y, (c, ctx) => c.BuyListing(ctx, 'b1', 'lst-1', '1'));
    expect(JSON.parse(result)).toEqual({
      requestId: 'b1',
      listingId: 'lst-1',
      classId: 'a100',
      seller: 'x',
      buyer: 'y',
      quantity: 1,
      points: 8_000,
      remaining: 0,
      txId: stub.getTxID(),
      time: driver.now,
    });
    expect(await driver.held('a100', 'y')).toBe(1);
    expect(await driver.balance('y')).toBe(12_000);
    expect(await driver.balance('x')).toBe(8_000);
    expect(await driver.supply('a100')).toMatchObject({ escrowed: 0, holdings: 3, holds: true });
    expect(await driver.points(ADMIN, (p, ctx) => p.CheckInvariant(ctx))).toMatchObject({ holds: true });
    expect((await driver.fail(Y, (c, ctx) => c.BuyListing(ctx, 'b2', 'lst-1', '1'))).code).toBe('CONFLICT');
  });

  it('sells part of a listing, and a cancel returns the rest', async () => {
    const driver = await market();
    await driver.submit(X, (c, ctx) => c.ListCoupons(ctx, 'l1', 'lst-1', 'a100', '3', '100'));
    expect(await driver.submit(Y, (c, ctx) => c.BuyListing(ctx, 'b1', 'lst-1', '2'))).toMatchObject({ points: 200, remaining: 1 });
    expect((await driver.fail(Y, (c, ctx) => c.CancelListing(ctx, 'c0', 'lst-1'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(X, (c, ctx) => c.CancelListing(ctx, 'c1', 'lst-1'))).toMatchObject({ status: 'CANCELLED', remaining: 0 });
    expect(await driver.held('a100', 'x')).toBe(1);
    expect(await driver.held('a100', 'y')).toBe(2);
    expect(await driver.supply('a100')).toMatchObject({ escrowed: 0, holds: true });
  });

  it('moves nothing when the buyer lacks points or asks for more than is listed', async () => {
    const driver = await market();
    await driver.submit(X, (c, ctx) => c.ListCoupons(ctx, 'l1', 'lst-1', 'a100', '2', '15000'));
    expect((await driver.fail(Y, (c, ctx) => c.BuyListing(ctx, 'b1', 'lst-1', '2'))).code).toBe('INSUFFICIENT_POINTS');
    expect((await driver.fail(Y, (c, ctx) => c.BuyListing(ctx, 'b2', 'lst-1', '3'))).code).toBe('INSUFFICIENT_COUPONS');
    expect((await driver.fail(X, (c, ctx) => c.BuyListing(ctx, 'b3', 'lst-1', '1'))).code).toBe('FORBIDDEN');
    expect(await driver.held('a100', 'y')).toBe(0);
    expect(await driver.balance('y')).toBe(20_000);
  });

  it('refuses to list or sell expired coupons, and to list a class that is not resellable', async () => {
    const driver = await withMerchants('shop-a');
    await createClass(driver, A, 'short', { validUntil: '2025-03-10T04:00:09.000Z' });
    await createClass(driver, A, 'fixed', { resellable: false });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's1', 'short', 'x', '2'));
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's2', 'fixed', 'x', '1'));
    await driver.points(ADMIN, (p, ctx) => p.Transfer(ctx, 'fund-y', 'y', '100'));
    await driver.submit(X, (c, ctx) => c.ListCoupons(ctx, 'l1', 'lst-1', 'short', '1', '10'));
    expect((await driver.fail(X, (c, ctx) => c.ListCoupons(ctx, 'l2', 'lst-2', 'fixed', '1', '10'))).code).toBe('FORBIDDEN');
    driver.setTime('2025-03-10T04:00:10.000Z');
    expect((await driver.fail(Y, (c, ctx) => c.BuyListing(ctx, 'b1', 'lst-1', '1'))).code).toBe('COUPON_EXPIRED');
    expect((await driver.fail(X, (c, ctx) => c.ListCoupons(ctx, 'l3', 'lst-3', 'short', '1', '10'))).code).toBe('COUPON_EXPIRED');
    expect(await driver.submit(X, (c, ctx) => c.CancelListing(ctx, 'c1', 'lst-1'))).toMatchObject({ status: 'CANCELLED' });
    expect(await driver.held('short', 'x')).toBe(2);
  });
});
