/**
 * The points economy end to end: every call goes through the REST gateway, under the
 * caller's own Fabric identity enrolled by its org's CA, to the real peers and orderers.
 * Steps build on each other (balances carry over), so they run in order in one file.
 */
import { newKey, numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));

const tier1Merchant = uniqueId('m-shanghai');
const tier2Merchant = uniqueId('m-chengdu');
const tier3Merchant = uniqueId('m-suzhou');

let merchant: RestClient;
let tier2: RestClient;
let consumerA: RestClient;
let consumerB: RestClient;
let auditor: RestClient;
const consumerAId = uniqueId('c-a');
const consumerBId = uniqueId('c-b');

async function balance(account: string): Promise<number> {
  const response = await platformAdmin.get(`/v1/points/accounts/${account}/balance`);
  expect(response.status).toBe(200);
  return numberField(response.body, 'balance');
}

function result(body: Record<string, unknown>): Record<string, unknown> {
  const value = body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(body)}`);
  }
  return value as Record<string, unknown>;
}

async function purchase(
  by: RestClient,
  consumer: string,
  amountFen: number,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await by.post('/v1/points/purchases', { orderId: uniqueId(newKey()), consumer, amountFen, ...extra });
  expect(response).toMatchObject({ status: 200 });
  return result(response.body);
}

/** Last calendar month in Asia/Shanghai and a time on its last day. */
function previousShanghaiMonth(): { month: string; occurredAt: string } {
  const shanghaiNow = new Date(Date.now() + 8 * 3600_000);
  const lastDay = new Date(Date.UTC(shanghaiNow.getUTCFullYear(), shanghaiNow.getUTCMonth(), 0));
  const yyyy = String(lastDay.getUTCFullYear());
  const mm = String(lastDay.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(lastDay.getUTCDate()).padStart(2, '0');
  return { month: `${yyyy}${mm}`, occurredAt: `${yyyy}-${mm}-${dd}T12:00:00+08:00` };
}

describe('points through the REST gateway', () => {
  beforeAll(async () => {
    merchant = await registerMember(retailAdmin, tier1Merchant, 'merchant');
    tier2 = await registerMember(retailAdmin, tier2Merchant, 'merchant');
    // Enrolled (its account opened) but never used: the ledger registers only opened merchant accounts.
    await registerMember(retailAdmin, tier3Merchant, 'merchant');
    consumerA = await registerMember(platformAdmin, consumerAId, 'consumer');
    consumerB = await registerMember(platformAdmin, consumerBId, 'consumer');
    auditor = await registerMember(platformAdmin, uniqueId('auditor'), 'auditor');
    const minted = await platformAdmin.post('/v1/points/mint', { points: 5_000_000 });
    expect(minted.status).toBe(200);
  });

  it('refuses calls without a valid API key', async () => {
    expect((await new RestClient(undefined).get('/v1/points/params')).status).toBe(401);
    const bad = await new RestClient('llk_not-a-key').get('/v1/points/params');
    expect(bad).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('pays the join bonus by region tier', async () => {
    for (const [merchantId, name, region] of [
      [tier1Merchant, 'Shanghai shop', 'Shanghai'],
      [tier2Merchant, 'Chengdu shop', 'Chengdu'],
      [tier3Merchant, 'Suzhou shop', 'Suzhou'],
    ] as const) {
      const response = await platformAdmin.post('/v1/points/merchants', { merchantId, name, region });
      expect(response.status).toBe(200);
      expect(typeof response.body.transactionId).toBe('string');
      expect(response.body.blockNumber).toMatch(/^\d+$/);
    }
    expect(await balance(tier1Merchant)).toBe(50_000);
    expect(await balance(tier2Merchant)).toBe(30_000);
    expect(await balance(tier3Merchant)).toBe(20_000);
  });

  it('earns points with each activity tier, paid from the merchant', async () => {
    const first = await purchase(merchant, consumerAId, 10_000);
    expect(first).toMatchObject({ multiplierBps: 10_000, pointsEarned: 100 });

    // Three earlier purchases → ×1.2 on the fourth.
    await purchase(merchant, consumerBId, 1_000);
    await purchase(merchant, consumerBId, 1_000);
    await purchase(merchant, consumerBId, 1_000);
    expect(await purchase(merchant, consumerBId, 10_000)).toMatchObject({ multiplierBps: 12_000, pointsEarned: 120 });

    // 5,000 yuan in the window → ×1.5.
    const bigSpender = uniqueId('c-big');
    expect(await purchase(merchant, bigSpender, 500_000)).toMatchObject({ multiplierBps: 10_000, pointsEarned: 5_000 });
    expect(await purchase(merchant, bigSpender, 10_000)).toMatchObject({ multiplierBps: 15_000, pointsEarned: 150 });

    expect(await balance(consumerAId)).toBe(100);
    expect(await balance(consumerBId)).toBe(3 * 10 + 120);
    expect(await balance(bigSpender)).toBe(5_150);
    expect(await balance(tier1Merchant)).toBe(50_000 - 100 - 150 - 5_150);
  });

  it('answers a repeated order id with the first result and credits once', async () => {
    const body = { orderId: uniqueId('dup-order'), consumer: consumerAId, amountFen: 5_000 };
    const first = await merchant.post('/v1/points/purchases', body);
    const again = await merchant.post('/v1/points/purchases', body);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(result(again.body)).toEqual(result(first.body));
    expect(await balance(consumerAId)).toBe(150);

    const changed = await merchant.post('/v1/points/purchases', { ...body, amountFen: 6_000 });
    expect(changed).toMatchObject({ status: 409, body: { code: 'DUPLICATE_REQUEST' } });
    expect(await balance(consumerAId)).toBe(150);
  });

  it('refuses an earn the merchant cannot fund and changes nothing', async () => {
    const before = await balance(tier2Merchant);
    const response = await tier2.post('/v1/points/purchases', {
      orderId: uniqueId('too-big'),
      consumer: consumerAId,
      amountFen: 100_000_000,
    });
    expect(response).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_POINTS' } });
    expect(await balance(tier2Merchant)).toBe(before);
  });

  it('transfers between accounts, consumer to consumer included', async () => {
    const fromTreasury = await platformAdmin.post('/v1/points/transfers', { to: consumerAId, points: 10_000 });
    expect(fromTreasury.status).toBe(200);
    const between = await consumerA.post('/v1/points/transfers', { to: consumerBId, points: 50 });
    expect(result(between.body)).toMatchObject({ from: consumerAId, to: consumerBId, points: 50 });
    expect(await balance(consumerAId)).toBe(150 + 10_000 - 50);
    expect(await balance(consumerBId)).toBe(150 + 50);

    const overdraft = await consumerB.post('/v1/points/transfers', { to: consumerAId, points: 1_000_000 });
    expect(overdraft).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_POINTS' } });
  });

  it('caps redemption at half of the purchase the merchant recorded and pays it to the merchant', async () => {
    const order = { merchantId: tier1Merchant, orderId: uniqueId('redeem') };
    const recorded = await merchant.post('/v1/points/purchases', { orderId: order.orderId, consumer: consumerAId, amountFen: 10_000 });
    expect(recorded.status).toBe(200);
    const [consumerBefore, merchantBefore] = [await balance(consumerAId), await balance(tier1Merchant)];
    const tooMuch = await consumerA.post('/v1/points/redemptions', { ...order, points: 5_001 });
    expect(tooMuch).toMatchObject({ status: 422, body: { code: 'REDEMPTION_CAP_EXCEEDED' } });

    const redeemed = await consumerA.post('/v1/points/redemptions', { ...order, points: 5_000 });
    expect(redeemed.status).toBe(200);
    expect(result(redeemed.body)).toMatchObject({ amountFen: 10_000, points: 5_000, consumer: consumerAId });
    expect(await balance(consumerAId)).toBe(consumerBefore - 5_000);
    expect(await balance(tier1Merchant)).toBe(merchantBefore + 5_000);
  });

  it('sells points-only products until sold out', async () => {
    const productId = uniqueId('umbrella');
    const listed = await platformAdmin.post('/v1/points/products', { productId, name: 'Umbrella', pricePoints: 100, stock: 1 });
    expect(listed.status).toBe(200);

    const bought = await consumerA.post(`/v1/points/products/${productId}/purchases`, { quantity: 1 });
    expect(result(bought.body)).toMatchObject({ quantity: 1, points: 100, stockLeft: 0 });
    const soldOut = await consumerB.post(`/v1/points/products/${productId}/purchases`, { quantity: 1 });
    expect(soldOut).toMatchObject({ status: 422, body: { code: 'SOLD_OUT' } });
    expect(await balance(consumerBId)).toBe(200);

    await platformAdmin.post(`/v1/points/products/${productId}/restock`, { quantity: 2 });
    const product = await consumerB.get(`/v1/points/products/${productId}`);
    expect(product.body).toMatchObject({ stock: 2, sold: 1 });
  });

  it('pays the monthly reward by progressive brackets, once per merchant and month', async () => {
    const { month, occurredAt } = previousShanghaiMonth();
    const params = await platformAdmin.get('/v1/points/params');
    const document = Object.fromEntries(
      Object.entries(params.body).filter(([field]) => !['version', 'updatedAt', 'updatedByTxId'].includes(field)),
    );
    const updated = await platformAdmin.put('/v1/points/params', { ...document, maxBackdateDays: 62 });
    expect(updated.status).toBe(200);
    expect(result(updated.body)).toMatchObject({ maxBackdateDays: 62 });

    // 20,000 yuan last month: 10,000 × 1% + 10,000 × 2% = 300 yuan = 30,000 points.
    await purchase(tier2, uniqueId('c-late'), 2_000_000, { occurredAt });
    const sales = await tier2.get(`/v1/points/merchants/${tier2Merchant}/sales/${month}`);
    expect(sales.body).toMatchObject({ salesFen: 2_000_000, purchases: 1, reward: null });

    const before = await balance(tier2Merchant);
    const key = newKey();
    const paid = await platformAdmin.post('/v1/points/monthly-rewards', { merchantId: tier2Merchant, month }, { idempotencyKey: key });
    expect(paid.status).toBe(200);
    expect(result(paid.body)).toMatchObject({ salesFen: 2_000_000, points: 30_000 });
    expect(await balance(tier2Merchant)).toBe(before + 30_000);

    const sameRequest = await platformAdmin.post(
      '/v1/points/monthly-rewards',
      { merchantId: tier2Merchant, month },
      { idempotencyKey: key },
    );
    expect(sameRequest.status).toBe(200);
    expect(result(sameRequest.body)).toEqual(result(paid.body));
    const secondPayment = await platformAdmin.post('/v1/points/monthly-rewards', { merchantId: tier2Merchant, month });
    expect(secondPayment).toMatchObject({ status: 409, body: { code: 'ALREADY_REWARDED' } });
    expect(await balance(tier2Merchant)).toBe(before + 30_000);
  });

  it('enforces roles from the certificate', async () => {
    const asConsumer = await consumerA.post('/v1/points/purchases', { orderId: uniqueId('x'), consumer: consumerBId, amountFen: 100 });
    expect(asConsumer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const auditorWrite = await auditor.post('/v1/points/transfers', { to: consumerAId, points: 1 });
    expect(auditorWrite).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const auditorRead = await auditor.get(`/v1/points/accounts/${consumerAId}/statement?pageSize=50`);
    expect(auditorRead.status).toBe(200);
    const othersAccount = await consumerB.get(`/v1/points/accounts/${consumerAId}/balance`);
    expect(othersAccount).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const notAdmin = await merchant.post('/v1/points/mint', { points: 1 });
    expect(notAdmin).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('rejects bad input with a typed error and changes nothing', async () => {
    const before = await balance(consumerAId);
    const negative = await merchant.post('/v1/points/purchases', { orderId: uniqueId('neg'), consumer: consumerAId, amountFen: -5 });
    expect(negative).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const badId = await merchant.post('/v1/points/purchases', { orderId: 'bad\u0000id', consumer: consumerAId, amountFen: 5 });
    expect(badId.status).toBe(400);
    const unknown = await consumerA.get(`/v1/points/merchants/${uniqueId('nobody')}`);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await balance(consumerAId)).toBe(before);
  });

  it('lists every movement with its transaction id in the statement', async () => {
    const page = await consumerA.get(`/v1/points/accounts/${consumerAId}/statement?pageSize=100`);
    expect(page.status).toBe(200);
    const items = page.body.items;
    if (!Array.isArray(items)) {
      throw new Error(`no items in ${JSON.stringify(page.body)}`);
    }
    const deltas = items.map((item: { delta: number }) => item.delta);
    expect(deltas.reduce((sum: number, delta: number) => sum + delta, 0)).toBe(await balance(consumerAId));
    for (const item of items as { txId: unknown; time: unknown }[]) {
      expect(item.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(typeof item.time).toBe('string');
    }
  });

  it('keeps the points invariant after the whole scenario', async () => {
    const response = await auditor.get('/v1/points/invariant');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ holds: true });
    expect(numberField(response.body, 'balances') + numberField(response.body, 'escrows')).toBe(
      numberField(response.body, 'minted') - numberField(response.body, 'burned'),
    );
  });
});
