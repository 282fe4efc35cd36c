/**
 * Coupons end to end (docs/coupons.md): every call goes through the REST gateway, under the caller's
 * own Fabric identity, to the real peers and orderers. Steps build on each other (holdings
 * carry over), so they run in order in one file.
 */
import { anyNumber } from '../../support/assertions';
import { numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));

const aId = uniqueId('cp-shop-a');
const cId = uniqueId('cp-shop-c');
const xId = uniqueId('cp-x');
const yId = uniqueId('cp-y');
const zId = uniqueId('cp-z');
const alliance = uniqueId('cp-alliance');
const couponA = uniqueId('cp-a100');
const couponC = uniqueId('cp-c40');

let shopA: RestClient;
let shopC: RestClient;
let x: RestClient;
let y: RestClient;
let z: RestClient;

const DAY_MS = 24 * 3600_000;

function result(response: RestResponse): Record<string, unknown> {
  expect(response.status).toBe(200);
  const value = response.body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(response.body)}`);
  }
  return value as Record<string, unknown>;
}

/** A calendar day in Asia/Shanghai, `daysAgo` days before today. */
function shanghaiDay(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3600_000 - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

async function couponsOf(classId: string, holder: string): Promise<number> {
  const response = await platformAdmin.get(`/v1/coupons/classes/${classId}/holders/${holder}`);
  expect(response.status).toBe(200);
  return numberField(response.body, 'quantity');
}

async function points(account: string): Promise<number> {
  const response = await platformAdmin.get(`/v1/points/accounts/${account}/balance`);
  expect(response.status).toBe(200);
  return numberField(response.body, 'balance');
}

async function createClass(by: RestClient, classId: string, extra: Record<string, unknown>): Promise<void> {
  const created = await by.post('/v1/coupons/classes', {
    classId,
    name: `Coupon ${classId}`,
    faceValueFen: 10_000,
    quantity: 1_000,
    validFrom: new Date(Date.now() - 3 * DAY_MS).toISOString(),
    validUntil: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    ...extra,
  });
  expect(result(created)).toMatchObject({ classId, supply: 1_000 });
}

async function send(by: RestClient, classId: string, to: string, quantity = 1): Promise<void> {
  expect((await by.post(`/v1/coupons/classes/${classId}/sends`, { to, quantity })).status).toBe(200);
}

/**
 * The merchant records the sale first (`POST /v1/points/purchases`): a coupon is presented only for an
 * order its merchant recorded for the holder, and redeemed against that order's amount and time.
 */
async function recordOrder(by: RestClient, consumer: string, amountFen: number, label: string, occurredAt?: string): Promise<string> {
  const orderId = uniqueId(label);
  const body = { orderId, consumer, amountFen, ...(occurredAt === undefined ? {} : { occurredAt }) };
  expect(result(await by.post('/v1/points/purchases', body))).toMatchObject({ orderId, consumer, amountFen });
  return orderId;
}

async function present(by: RestClient, classId: string, merchantId: string, orderId: string): Promise<RestResponse> {
  return by.post('/v1/coupons/presentations', { classId, merchantId, orderId });
}

/** The merchant confirms the class of the coupon presented for its order. */
async function redeem(by: RestClient, orderId: string, classId: string): Promise<RestResponse> {
  return by.post('/v1/coupons/redemptions', { orderId, classId });
}

async function supplyHolds(classId: string): Promise<Record<string, unknown>> {
  const response = await platformAdmin.get(`/v1/coupons/classes/${classId}/supply`);
  expect(response.status).toBe(200);
  expect(response.body.holds).toBe(true);
  return response.body;
}

describe('coupons through the REST gateway', () => {
  beforeAll(async () => {
    shopA = await registerMember(retailAdmin, aId, 'merchant');
    shopC = await registerMember(retailAdmin, cId, 'merchant');
    x = await registerMember(platformAdmin, xId, 'consumer');
    y = await registerMember(platformAdmin, yId, 'consumer');
    z = await registerMember(platformAdmin, zId, 'consumer');
    expect((await platformAdmin.post('/v1/points/mint', { points: 1_000_000 })).status).toBe(200);
    for (const merchantId of [aId, cId]) {
      expect((await platformAdmin.post('/v1/points/merchants', { merchantId, name: merchantId, region: 'Lhasa' })).status).toBe(200);
    }
    expect((await platformAdmin.post('/v1/points/transfers', { to: yId, points: 20_000 })).status).toBe(200);

    // The alliance: A founds it, invites C, and C signs its own join.
    result(await shopA.post('/v1/coupons/alliances', { allianceId: alliance, name: 'West street' }));
    result(await shopA.post(`/v1/coupons/alliances/${alliance}/invitations`, { merchantId: cId }));
    expect(result(await shopC.post(`/v1/coupons/alliances/${alliance}/join`, {}))).toMatchObject({ members: [aId, cId].sort() });

    await createClass(shopA, couponA, { acceptance: { kind: 'alliance', allianceId: alliance }, minSpendFen: 20_000 });
    await createClass(shopC, couponC, { faceValueFen: 4_000, acceptance: { kind: 'merchants', merchants: [aId] } });
  });

  it('scenario 1: A issues 1,000 coupons of 100 yuan; X spends one at A on 1,000 yuan, pays 900, the coupon is burned', async () => {
    await send(shopA, couponA, xId);
    expect(await couponsOf(couponA, xId)).toBe(1);
    const orderId = await recordOrder(shopA, xId, 100_000, 's1');
    expect(result(await present(x, couponA, aId, orderId))).toMatchObject({ status: 'PRESENTED', holder: xId });

    const redeemed = result(await redeem(shopA, orderId, couponA));
    expect(redeemed).toMatchObject({
      merchantId: aId,
      issuer: aId,
      holder: xId,
      amountFen: 100_000,
      faceValueFen: 10_000,
      payFen: 90_000,
      rebateFen: 0,
      payableDay: null,
    });
    expect(await couponsOf(couponA, xId)).toBe(0);
    expect(await supplyHolds(couponA)).toMatchObject({ supply: 1_000, allocated: 1, burned: 1, holdings: 0, escrowed: 0 });
  });

  it('scenario 2: X spends one at alliance member C: burned, and C owes A a rebate of 50 yuan', async () => {
    await send(shopA, couponA, xId);
    const orderId = await recordOrder(shopC, xId, 100_000, 's2');
    result(await present(x, couponA, cId, orderId));

    const redeemed = result(await redeem(shopC, orderId, couponA));
    expect(redeemed).toMatchObject({ merchantId: cId, issuer: aId, payFen: 90_000, rebateFen: 5_000 });
    const day = String(redeemed.payableDay);
    const clearing = await shopA.get(`/v1/coupons/clearings/${day}/${aId}/${cId}`);
    expect(clearing).toMatchObject({ status: 200, body: { netFen: 5_000, netFrom: cId, netTo: aId, statement: null } });
    expect(await supplyHolds(couponA)).toMatchObject({ burned: 2 });
  });

  it('scenario 3: X lists a coupon for 8,000 points; Y buys it, delivery and payment in one transaction', async () => {
    await send(shopA, couponA, xId);
    const listingId = uniqueId('s3');
    const [xBefore, yBefore] = [await points(xId), await points(yId)];
    expect(result(await x.post('/v1/coupons/listings', { listingId, classId: couponA, quantity: 1, pricePoints: 8_000 }))).toMatchObject({
      status: 'OPEN',
    });
    expect(await couponsOf(couponA, xId)).toBe(0);

    const bought = result(await y.post(`/v1/coupons/listings/${listingId}/purchases`, { quantity: 1 }));
    expect(bought).toMatchObject({ seller: xId, buyer: yId, quantity: 1, points: 8_000, remaining: 0 });
    expect(await couponsOf(couponA, yId)).toBe(1);
    expect([await points(xId), await points(yId)]).toEqual([xBefore + 8_000, yBefore - 8_000]);
    expect((await y.post(`/v1/coupons/listings/${listingId}/purchases`, { quantity: 1 })).status).toBe(409);
    await supplyHolds(couponA);
    expect((await platformAdmin.get('/v1/points/invariant')).body.holds).toBe(true);
  });

  it('rejects a double spend of the same coupon and a purchase below the minimum spend', async () => {
    await send(shopA, couponA, xId);
    const first = await recordOrder(shopA, xId, 19_999, 'ds1');
    const second = await recordOrder(shopA, xId, 20_000, 'ds2');
    result(await present(x, couponA, aId, first));
    expect(await present(x, couponA, aId, second)).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_COUPONS' } });

    // The minimum spend is checked against the amount the merchant recorded for the order.
    expect(await redeem(shopA, first, couponA)).toMatchObject({ status: 422, body: { code: 'BELOW_MINIMUM_SPEND' } });
    result(await x.post(`/v1/coupons/merchants/${aId}/orders/${first}/withdraw`, {}));
    result(await present(x, couponA, aId, second));
    expect(result(await redeem(shopA, second, couponA))).toMatchObject({ amountFen: 20_000, payFen: 10_000 });
    expect(await redeem(shopA, second, couponA)).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    await supplyHolds(couponA);
  });

  it('rejects an expired coupon, for spending and for listing', async () => {
    const short = uniqueId('cp-short');
    const validUntil = new Date(Date.now() + 20_000);
    await createClass(shopA, short, { validUntil: validUntil.toISOString() });
    await send(shopA, short, xId, 2);
    await new Promise((done) => setTimeout(done, Math.max(0, validUntil.getTime() - Date.now()) + 2_000));

    const orderId = await recordOrder(shopA, xId, 100_000, 'exp');
    expect(await present(x, short, aId, orderId)).toMatchObject({ status: 422, body: { code: 'COUPON_EXPIRED' } });
    expect(
      await x.post('/v1/coupons/listings', { listingId: uniqueId('exp-l'), classId: short, quantity: 1, pricePoints: 10 }),
    ).toMatchObject({
      status: 422,
      body: { code: 'COUPON_EXPIRED' },
    });
    expect(await couponsOf(short, xId)).toBe(2);
  });

  it('takes a coupon only from the order’s consumer, for an order the merchant recorded, of the class the merchant names', async () => {
    await send(shopA, couponA, xId);
    await send(shopA, couponA, zId);
    const orderId = await recordOrder(shopA, xId, 100_000, 'own');
    // z holds a coupon of the class, but the order names x.
    expect(await present(z, couponA, aId, orderId)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await couponsOf(couponA, zId)).toBe(1);
    expect(await present(x, couponA, aId, uniqueId('unrecorded'))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    // The order is A's; C never recorded it.
    expect(await present(x, couponA, cId, orderId)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await couponsOf(couponA, xId)).toBe(1);

    result(await present(x, couponA, aId, orderId));
    const before = await supplyHolds(couponA);
    expect(await redeem(shopA, orderId, couponC)).toMatchObject({
      status: 409,
      body: { code: 'CONFLICT', details: { presentedClassId: couponA } },
    });
    expect(await supplyHolds(couponA)).toMatchObject({ burned: before.burned, escrowed: before.escrowed });
    expect((await shopA.get(`/v1/coupons/merchants/${aId}/orders/${orderId}/redemption`)).status).toBe(404);
    expect(result(await redeem(shopA, orderId, couponA))).toMatchObject({ classId: couponA, holder: xId, amountFen: 100_000 });
  });

  describe('exchange', () => {
    const k = [1, 2, 3].map((n) => uniqueId(`cp-k${n}`));
    const [k1 = '', k2 = '', k3 = ''] = k;

    beforeAll(async () => {
      for (const [index, classId] of k.entries()) {
        await createClass(shopA, classId, { faceValueFen: 1_000 * (index + 1) });
      }
      await send(shopA, k1, xId, 10);
      await send(shopA, k2, yId, 10);
      await send(shopA, k3, zId, 10);
    });

    it('executes a 3-party ring swap found by the matcher atomically', async () => {
      const [ox, oy, oz] = [uniqueId('ring-x'), uniqueId('ring-y'), uniqueId('ring-z')];
      result(await x.post('/v1/coupons/orders', { orderId: ox, giveClassId: k1, giveQuantity: 3, wantClassId: k3, wantQuantity: 1 }));
      result(await y.post('/v1/coupons/orders', { orderId: oy, giveClassId: k2, giveQuantity: 2, wantClassId: k1, wantQuantity: 3 }));
      result(await z.post('/v1/coupons/orders', { orderId: oz, giveClassId: k3, giveQuantity: 1, wantClassId: k2, wantQuantity: 2 }));
      expect(await couponsOf(k1, xId)).toBe(7);

      const run = await platformAdmin.post('/v1/coupons/match', {});
      expect(run.status).toBe(200);
      // Planned on the gateway's matcher thread; a small book is planned completely, within the budgets.
      expect(run.body.search).toEqual({ cutShortBy: null, candidates: anyNumber(), elapsedMs: anyNumber() });
      const matches = run.body.matches as { orderIds: string[]; status: string; valueDifferenceFen: number; hops: number }[];
      const ours = matches.find((match) => match.orderIds.includes(ox));
      expect(ours).toMatchObject({ status: 'EXECUTED', valueDifferenceFen: 0, hops: 3 });
      expect([...(ours?.orderIds ?? [])].sort()).toEqual([ox, oy, oz].sort());

      expect([await couponsOf(k1, xId), await couponsOf(k3, xId)]).toEqual([7, 1]);
      expect([await couponsOf(k2, yId), await couponsOf(k1, yId)]).toEqual([8, 3]);
      expect([await couponsOf(k3, zId), await couponsOf(k2, zId)]).toEqual([9, 2]);
      for (const orderId of [ox, oy, oz]) {
        expect((await x.get(`/v1/coupons/orders/${orderId}`)).body).toMatchObject({ status: 'FILLED' });
      }
      for (const classId of k) {
        expect(await supplyHolds(classId)).toMatchObject({ escrowed: 0 });
      }
    });

    it('swaps coupons for points of a merchant point program through the same order book', async () => {
      const program = uniqueId('cp-beans');
      expect(result(await shopA.post('/v1/coupons/programs', { programId: program, name: 'Beans', pointValueFen: 1 }))).toMatchObject({
        owner: aId,
        issued: 0,
      });
      result(await shopA.post(`/v1/coupons/programs/${program}/issues`, { to: yId, points: 1_000 }));
      const [ox, oy] = [uniqueId('prog-x'), uniqueId('prog-y')];
      result(
        await x.post('/v1/coupons/orders', {
          orderId: ox,
          giveClassId: k1,
          giveQuantity: 1,
          wantClassId: `program:${program}`,
          wantQuantity: 900,
        }),
      );
      result(
        await y.post('/v1/coupons/orders', {
          orderId: oy,
          giveClassId: `program:${program}`,
          giveQuantity: 1_000,
          wantClassId: k1,
          wantQuantity: 1,
        }),
      );

      expect(result(await platformAdmin.post('/v1/coupons/matches', { orderIds: [ox, oy] }))).toMatchObject({ valueDifferenceFen: 100 });

      expect((await x.get(`/v1/coupons/programs/${program}/accounts/${xId}`)).body).toMatchObject({ points: 900 });
      expect((await y.get(`/v1/coupons/programs/${program}/accounts/${yId}`)).body).toMatchObject({ points: 100 });
      expect((await platformAdmin.get(`/v1/coupons/programs/${program}/supply`)).body).toMatchObject({
        issued: 1_000,
        escrowed: 0,
        holds: true,
      });
      expect([await couponsOf(k1, xId), await couponsOf(k1, yId)]).toEqual([6, 4]);
      await supplyHolds(k1);
    });

    it('fails a stale match (an order cancelled in between) without moving anything', async () => {
      const [ox, oy] = [uniqueId('stale-x'), uniqueId('stale-y')];
      result(await x.post('/v1/coupons/orders', { orderId: ox, giveClassId: k1, giveQuantity: 1, wantClassId: k2, wantQuantity: 1 }));
      result(await y.post('/v1/coupons/orders', { orderId: oy, giveClassId: k2, giveQuantity: 1, wantClassId: k1, wantQuantity: 1 }));
      result(await y.post(`/v1/coupons/orders/${oy}/cancel`, {}));
      const before = [await couponsOf(k1, xId), await couponsOf(k2, xId), await couponsOf(k1, yId), await couponsOf(k2, yId)];

      expect(await platformAdmin.post('/v1/coupons/matches', { orderIds: [ox, oy] })).toMatchObject({
        status: 409,
        body: { code: 'CONFLICT' },
      });

      expect([await couponsOf(k1, xId), await couponsOf(k2, xId), await couponsOf(k1, yId), await couponsOf(k2, yId)]).toEqual(before);
      expect((await x.get(`/v1/coupons/orders/${ox}`)).body).toMatchObject({ status: 'OPEN' });
      result(await x.post(`/v1/coupons/orders/${ox}/cancel`, {}));
      expect(await couponsOf(k1, xId)).toBe((before[0] ?? 0) + 1);
      await supplyHolds(k1);
    });
  });

  it('nets a past day’s payables between two merchants once', async () => {
    const yesterday = shanghaiDay(1);
    const occurredAt = `${yesterday}T12:00:00+08:00`;
    await send(shopA, couponA, xId, 2);
    await send(shopC, couponC, xId, 1);
    // The merchants record yesterday's sales late; the payables fall on the day of the sale.
    for (const label of ['clr-1', 'clr-2']) {
      const orderId = await recordOrder(shopC, xId, 100_000, label, occurredAt);
      result(await present(x, couponA, cId, orderId));
      expect(result(await redeem(shopC, orderId, couponA))).toMatchObject({ payableDay: yesterday, rebateFen: 5_000 });
    }
    const orderId = await recordOrder(shopA, xId, 100_000, 'clr-3', occurredAt);
    result(await present(x, couponC, aId, orderId));
    expect(result(await redeem(shopA, orderId, couponC))).toMatchObject({ rebateFen: 2_000 });

    const key = uniqueId('clear');
    const cleared = await platformAdmin.post(
      '/v1/coupons/clearings',
      { day: yesterday, merchantA: cId, merchantB: aId },
      { idempotencyKey: key },
    );
    const [low, high] = [aId, cId].sort();
    expect(result(cleared)).toMatchObject({
      day: yesterday,
      merchantA: low,
      merchantB: high,
      payables: 3,
      netFen: 8_000,
      netFrom: cId,
      netTo: aId,
    });
    const retried = await platformAdmin.post(
      '/v1/coupons/clearings',
      { day: yesterday, merchantA: cId, merchantB: aId },
      { idempotencyKey: key },
    );
    expect(result(retried)).toEqual(result(cleared));
    expect(await shopA.post('/v1/coupons/clearings', { day: yesterday, merchantA: aId, merchantB: cId })).toMatchObject({
      status: 409,
      body: { code: 'ALREADY_EXISTS' },
    });
    expect(await shopC.post('/v1/coupons/clearings', { day: shanghaiDay(0), merchantA: aId, merchantB: cId })).toMatchObject({
      status: 409,
      body: { code: 'CONFLICT' },
    });
    expect((await shopC.get(`/v1/coupons/clearings/${yesterday}/${aId}/${cId}`)).body).toMatchObject({ statement: result(cleared) });
  });
});
