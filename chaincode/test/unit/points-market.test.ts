import { openAccounts } from '../support/accounts';
import { ADMIN, AUDITOR, consumer, merchant, PointsDriver } from '../support/points';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('consumer', 'c1', 'c2', 'c3');

const C1 = consumer('c1');

async function funded(): Promise<PointsDriver> {
  const driver = new PointsDriver('2025-03-10T04:00:00.000Z');
  await driver.mint(1_000_000);
  await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 'seed', 'c1', '1000'));
  return driver;
}

describe('points: products', () => {
  it('lists, restocks and sells a product for points that go to the treasury', async () => {
    const driver = await funded();
    const listed = await driver.submit(ADMIN, (c, ctx) => c.ListProduct(ctx, 'l1', 'mug', 'Mug', '300', '2'));
    expect(listed).toEqual({ productId: 'mug', name: 'Mug', pricePoints: 300, stock: 2, sold: 0, updatedAt: driver.now });

    const bought = await driver.run(C1, (c, ctx) => c.BuyProduct(ctx, 'b1', 'mug', '2'));
    expect(JSON.parse(bought.result)).toEqual({
      requestId: 'b1',
      productId: 'mug',
      consumer: 'c1',
      quantity: 2,
      points: 600,
      stockLeft: 0,
      txId: bought.stub.getTxID(),
      time: driver.now,
    });
    expect(bought.stub.event?.name).toBe('BuyProduct');
    expect(await driver.balance('c1')).toBe(400);
    expect(await driver.balance('treasury')).toBe(999_600);

    const restocked = await driver.submit(ADMIN, (c, ctx) => c.RestockProduct(ctx, 'rs1', 'mug', '5'));
    expect(restocked).toMatchObject({ stock: 5, sold: 2 });
    expect(await driver.submit(AUDITOR, (c, ctx) => c.GetProduct(ctx, 'mug'))).toEqual(restocked);
  });

  it('refuses to oversell with SOLD_OUT and changes nothing', async () => {
    const driver = await funded();
    await driver.submit(ADMIN, (c, ctx) => c.ListProduct(ctx, 'l1', 'mug', 'Mug', '10', '1'));
    expect(await driver.fail(C1, (c, ctx) => c.BuyProduct(ctx, 'b1', 'mug', '2'))).toMatchObject({
      code: 'SOLD_OUT',
      details: { productId: 'mug', stock: 1, quantity: 2 },
    });
    expect(await driver.balance('c1')).toBe(1_000);
    expect((await driver.submit(C1, (c, ctx) => c.GetProduct(ctx, 'mug'))).stock).toBe(1);
  });

  it('refuses a buyer without enough points, a second listing and an unknown product', async () => {
    const driver = await funded();
    await driver.submit(ADMIN, (c, ctx) => c.ListProduct(ctx, 'l1', 'tv', 'TV', '5000', '3'));
    expect((await driver.fail(C1, (c, ctx) => c.BuyProduct(ctx, 'b1', 'tv', '1'))).code).toBe('INSUFFICIENT_POINTS');
    expect((await driver.fail(ADMIN, (c, ctx) => c.ListProduct(ctx, 'l2', 'tv', 'TV', '1', '1'))).code).toBe('ALREADY_EXISTS');
    expect((await driver.fail(C1, (c, ctx) => c.BuyProduct(ctx, 'b2', 'nope', '1'))).code).toBe('NOT_FOUND');
    expect((await driver.fail(merchant('m1'), (c, ctx) => c.BuyProduct(ctx, 'b3', 'tv', '1'))).code).toBe('FORBIDDEN');
  });

  it('pages through products with an opaque bookmark', async () => {
    const driver = await funded();
    for (const id of ['p1', 'p2', 'p3']) {
      await driver.submit(ADMIN, (c, ctx) => c.ListProduct(ctx, `l-${id}`, id, id, '1', '1'));
    }
    const first = await driver.submit(C1, (c, ctx) => c.ListProducts(ctx, '2', ''));
    expect((first.items as { productId: string }[]).map((p) => p.productId)).toEqual(['p1', 'p2']);
    expect(first.bookmark).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await driver.submit(C1, (c, ctx) => c.ListProducts(ctx, '2', String(first.bookmark)));
    expect((second.items as { productId: string }[]).map((p) => p.productId)).toEqual(['p3']);
    expect(second.bookmark).toBe('');
  });
});

describe('points: Transfer', () => {
  it('moves points between consumers and refuses overdrafts and self-transfers', async () => {
    const driver = await funded();
    const result = await driver.submit(C1, (c, ctx) => c.Transfer(ctx, 't1', 'c2', '250'));
    expect(result).toMatchObject({ requestId: 't1', from: 'c1', to: 'c2', points: 250 });
    expect([await driver.balance('c1'), await driver.balance('c2')]).toEqual([750, 250]);
    expect((await driver.fail(C1, (c, ctx) => c.Transfer(ctx, 't2', 'c2', '751'))).code).toBe('INSUFFICIENT_POINTS');
    expect((await driver.fail(C1, (c, ctx) => c.Transfer(ctx, 't3', 'c1', '1'))).code).toBe('INVALID_ARGUMENT');
  });

  it('spends points that arrived in many lanes by sweeping, and rebalances without changing the balance', async () => {
    const driver = await funded();
    for (let i = 0; i < 20; i++) {
      await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, `s${i}`, 'c2', '10'));
    }
    const rebalanced = await driver.submit(consumer('c2'), (c, ctx) => c.RebalanceLanes(ctx, 'rb1'));
    expect(rebalanced).toMatchObject({ requestId: 'rb1', account: 'c2', balance: 200 });
    await driver.submit(consumer('c2'), (c, ctx) => c.Transfer(ctx, 't1', 'c3', '199'));
    expect([await driver.balance('c2'), await driver.balance('c3')]).toEqual([1, 199]);
  });
});

describe('points: monthly reward', () => {
  async function withSales(): Promise<PointsDriver> {
    const driver = new PointsDriver('2025-03-20T04:00:00.000Z');
    await driver.mint(10_000_000);
    await driver.register('m1', 'Suzhou');
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 'top-up', 'm1', '5000000'));
    await driver.submit(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '15000000', driver.now, '0'));
    return driver;
  }

  it('refuses before the month is over in Asia/Shanghai with CONFLICT', async () => {
    const driver = await withSales();
    driver.setTime('2025-03-31T15:59:58.000Z'); // 23:59:59 on 31 March in Shanghai
    expect(await driver.fail(ADMIN, (c, ctx) => c.PayMonthlyReward(ctx, 'rw1', 'm1', '202503'))).toMatchObject({
      code: 'CONFLICT',
      details: { month: '202503' },
    });
  });

  it('pays once by marginal brackets from the treasury, then ALREADY_REWARDED', async () => {
    const driver = await withSales();
    driver.setTime('2025-03-31T16:00:00.000Z'); // 00:00:01 on 1 April in Shanghai
    const treasuryBefore = await driver.balance('treasury');
    const merchantBefore = await driver.balance('m1');
    const reward = await driver.submit(ADMIN, (c, ctx) => c.PayMonthlyReward(ctx, 'rw1', 'm1', '202503'));
    expect(reward).toMatchObject({
      requestId: 'rw1',
      merchantId: 'm1',
      month: '202503',
      salesFen: 15_000_000,
      rewardFen: 340_000,
      points: 340_000,
    });
    expect(await driver.balance('m1')).toBe(merchantBefore + 340_000);
    expect(await driver.balance('treasury')).toBe(treasuryBefore - 340_000);

    const again = await driver.fail(ADMIN, (c, ctx) => c.PayMonthlyReward(ctx, 'rw2', 'm1', '202503'));
    expect(again).toMatchObject({ code: 'ALREADY_REWARDED', details: { merchantId: 'm1', month: '202503' } });
    const sales = await driver.submit(merchant('m1'), (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'));
    expect(sales).toMatchObject({ salesFen: 15_000_000, purchases: 1, reward });
  });

  it('attributes a late sale of a rewarded month to the next month', async () => {
    const driver = await withSales();
    driver.setTime('2025-04-01T01:00:00.000Z');
    await driver.submit(ADMIN, (c, ctx) => c.PayMonthlyReward(ctx, 'rw1', 'm1', '202503'));
    const late = await driver.submit(merchant('m1'), (c, ctx) =>
      c.RecordPurchase(ctx, 'o-late', 'c2', '5000', '2025-03-31T10:00:00.000+08:00', '0'),
    );
    expect(late.salesMonth).toBe('202504');
    const april = await driver.submit(AUDITOR, (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202504'));
    expect(april).toMatchObject({ salesFen: 5_000, purchases: 1, reward: null });
  });

  it('keeps a late sale in its month while that month is unpaid', async () => {
    const driver = await withSales();
    driver.setTime('2025-04-01T01:00:00.000Z');
    const late = await driver.submit(merchant('m1'), (c, ctx) =>
      c.RecordPurchase(ctx, 'o-late', 'c2', '5000', '2025-03-31T10:00:00.000+08:00', '0'),
    );
    expect(late.salesMonth).toBe('202503');
  });

  it('lets only the merchant itself, admins and auditors read its sales', async () => {
    const driver = await withSales();
    expect((await driver.fail(merchant('m2'), (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(consumer('c1'), (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'))).code).toBe('FORBIDDEN');
  });
});
