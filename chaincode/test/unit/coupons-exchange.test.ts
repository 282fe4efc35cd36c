import { type CouponsDriver, createClass, withMerchants } from '../support/coupons';
import { consumer, merchant } from '../support/points';

const A = merchant('shop-a');
const [P, Q, R] = [consumer('p'), consumer('q'), consumer('r')];

/** Classes k1, k2, k3 (face 1,000, 2,000, 3,000 fen); p holds k1, q holds k2, r holds k3. */
async function book(): Promise<CouponsDriver> {
  const driver = await withMerchants('shop-a');
  for (const [index, holder] of ['p', 'q', 'r'].entries()) {
    const classId = `k${index + 1}`;
    await createClass(driver, A, classId, { faceValueFen: 1_000 * (index + 1) });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, `send-${classId}`, classId, holder, '10'));
  }
  return driver;
}

async function supplyHolds(driver: CouponsDriver): Promise<boolean[]> {
  return Promise.all(['k1', 'k2', 'k3'].map(async (id) => (await driver.supply(id)).holds === true));
}

describe('coupons: exchange orders', () => {
  it('executes a 3-party ring atomically: each receives what it wants, surplus returns to the giver', async () => {
    const driver = await book();
    await driver.submit(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'k1', '5', 'k3', '2'));
    await driver.submit(Q, (c, ctx) => c.PlaceOrder(ctx, 'o', 'oq', 'k2', '3', 'k1', '4'));
    await driver.submit(R, (c, ctx) => c.PlaceOrder(ctx, 'o', 'or', 'k3', '2', 'k2', '3'));
    expect(await driver.held('k1', 'p')).toBe(5);

    const match = await driver.submit(R, (c, ctx) => c.ExecuteMatch(ctx, 'm1', JSON.stringify(['op', 'oq', 'or'])));
    expect(match).toMatchObject({
      orderIds: ['op', 'oq', 'or'],
      legs: [
        { orderId: 'op', owner: 'p', classId: 'k1', delivered: 4, surplus: 1, to: 'q' },
        { orderId: 'oq', owner: 'q', classId: 'k2', delivered: 3, surplus: 0, to: 'r' },
        { orderId: 'or', owner: 'r', classId: 'k3', delivered: 2, surplus: 0, to: 'p' },
      ],
      valueDifferenceFen: 1_000,
    });
    expect([await driver.held('k1', 'p'), await driver.held('k3', 'p')]).toEqual([6, 2]);
    expect([await driver.held('k2', 'q'), await driver.held('k1', 'q')]).toEqual([7, 4]);
    expect([await driver.held('k3', 'r'), await driver.held('k2', 'r')]).toEqual([8, 3]);
    expect(await driver.submit(P, (c, ctx) => c.GetOrder(ctx, 'op'))).toMatchObject({ status: 'FILLED' });
    expect(await driver.submit(P, (c, ctx) => c.ListOpenOrders(ctx, '10', ''))).toEqual({ items: [], bookmark: '' });
    expect(await supplyHolds(driver)).toEqual([true, true, true]);
  });

  it('fails a stale match (an order cancelled in between) without moving anything', async () => {
    const driver = await book();
    await driver.submit(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'k1', '1', 'k2', '1'));
    await driver.submit(Q, (c, ctx) => c.PlaceOrder(ctx, 'o', 'oq', 'k2', '1', 'k1', '1'));
    await driver.submit(Q, (c, ctx) => c.CancelOrder(ctx, 'c', 'oq'));
    expect(await driver.fail(P, (c, ctx) => c.ExecuteMatch(ctx, 'm1', '["op","oq"]'))).toMatchObject({ code: 'CONFLICT' });
    expect([await driver.held('k1', 'p'), await driver.held('k2', 'q'), await driver.held('k2', 'p')]).toEqual([9, 10, 0]);
    expect(await driver.submit(P, (c, ctx) => c.GetOrder(ctx, 'op'))).toMatchObject({ status: 'OPEN' });
  });

  it('refuses a ring that violates a limit or does not close', async () => {
    const driver = await book();
    await driver.submit(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'k1', '1', 'k2', '2'));
    await driver.submit(Q, (c, ctx) => c.PlaceOrder(ctx, 'o', 'oq', 'k2', '1', 'k1', '1'));
    await driver.submit(R, (c, ctx) => c.PlaceOrder(ctx, 'o', 'or', 'k3', '1', 'k1', '1'));
    expect((await driver.fail(P, (c, ctx) => c.ExecuteMatch(ctx, 'm1', '["op","oq"]'))).code).toBe('CONFLICT');
    expect((await driver.fail(P, (c, ctx) => c.ExecuteMatch(ctx, 'm2', '["op","or"]'))).code).toBe('CONFLICT');
    expect((await driver.fail(P, (c, ctx) => c.ExecuteMatch(ctx, 'm3', '["op"]'))).code).toBe('INVALID_ARGUMENT');
    expect((await driver.fail(P, (c, ctx) => c.ExecuteMatch(ctx, 'm4', '["op","nope"]'))).code).toBe('NOT_FOUND');
    expect(await supplyHolds(driver)).toEqual([true, true, true]);
  });

  it('escrows on placing, returns on cancel, and lists open orders with face values', async () => {
    const driver = await book();
    expect((await driver.fail(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'k1', '11', 'k2', '1'))).code).toBe('INSUFFICIENT_COUPONS');
    expect((await driver.fail(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'k1', '1', 'k1', '1'))).code).toBe('INVALID_ARGUMENT');
    const placed = await driver.submit(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'k1', '2', 'k2', '1'));
    expect(await driver.submit(Q, (c, ctx) => c.ListOpenOrders(ctx, '10', ''))).toEqual({
      items: [
        {
          order: placed,
          giveUnitValueFen: 1_000,
          wantUnitValueFen: 2_000,
          giveValidUntil: '2025-03-31T16:00:00.000Z',
          wantValidUntil: '2025-03-31T16:00:00.000Z',
        },
      ],
      bookmark: '',
    });
    expect((await driver.fail(Q, (c, ctx) => c.CancelOrder(ctx, 'c', 'op'))).code).toBe('FORBIDDEN');
    await driver.submit(P, (c, ctx) => c.CancelOrder(ctx, 'c', 'op'));
    expect(await driver.held('k1', 'p')).toBe(10);
    expect((await driver.fail(P, (c, ctx) => c.CancelOrder(ctx, 'c2', 'op'))).code).toBe('CONFLICT');
  });

  it('bounds what one order offers to 10^12 fen, so the value difference stays exact', async () => {
    const driver = await book();
    await createClass(driver, A, 'half', { faceValueFen: 500_000_000_000 });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 'send-half', 'half', 'p', '3'));
    const refused = await driver.fail(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'half', '3', 'k2', '1'));
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'giveQuantity' } });
    expect(await driver.held('half', 'p')).toBe(3);
    await driver.submit(P, (c, ctx) => c.PlaceOrder(ctx, 'o', 'op', 'half', '2', 'k2', '1'));
    await driver.submit(Q, (c, ctx) => c.PlaceOrder(ctx, 'o', 'oq', 'k2', '1', 'half', '1'));
    const match = await driver.submit(Q, (c, ctx) => c.ExecuteMatch(ctx, 'm1', '["op","oq"]'));
    // The surplus of one 'half' coupon returns to p: 1 × 500,000,000,000 fen.
    expect(match).toMatchObject({ valueDifferenceFen: 500_000_000_000 });
  });
});
