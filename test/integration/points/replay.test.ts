/**
 * A retried write answers its first execution (docs/security.md, "Exactly once"): the same
 * result, transaction id and block number, and nothing new on the ledger — the chaincode refuses
 * the retry at endorsement and the gateway reads the first answer back. The same business id with
 * another body stays 409 DUPLICATE_REQUEST. Every call goes through the REST gateway to the real
 * peers and orderers.
 *
 * Assumes nothing else writes to the channel while a case runs (the runner runs one file at a
 * time), since it compares the platform peer's block height before and after each retry.
 */
import { height } from '../../support/network';
import { newKey, numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const PEER = 'peer0-platform';
const DAY_MS = 24 * 3600_000;

const shopId = uniqueId('rp-shop');
const holderId = uniqueId('rp-holder');
let shop: RestClient;

function committed(response: RestResponse): { result: unknown; transactionId: string; blockNumber: string } {
  expect(response.status).toBe(200);
  const { result, transactionId, blockNumber } = response.body;
  if (typeof transactionId !== 'string' || typeof blockNumber !== 'string') {
    throw new Error(`not a committed write: ${JSON.stringify(response.body)}`);
  }
  return { result, transactionId, blockNumber };
}

async function balance(account: string): Promise<number> {
  const response = await platformAdmin.get(`/v1/points/accounts/${account}/balance`);
  expect(response.status).toBe(200);
  return numberField(response.body, 'balance');
}

/** Runs `retry` and checks that the platform peer's ledger did not grow meanwhile. */
async function withoutNewBlocks(retry: () => Promise<RestResponse>): Promise<RestResponse> {
  const before = await height(PEER);
  const response = await retry();
  expect(await height(PEER)).toBe(before);
  return response;
}

describe('retried writes through the REST gateway', () => {
  beforeAll(async () => {
    shop = await registerMember(retailAdmin, shopId, 'merchant');
    await registerMember(platformAdmin, holderId, 'consumer');
    expect((await platformAdmin.post('/v1/points/mint', { points: 100_000 })).status).toBe(200);
    expect((await platformAdmin.post('/v1/points/merchants', { merchantId: shopId, name: 'Replay shop', region: 'Lhasa' })).status).toBe(
      200,
    );
  });

  it('answers a repeated purchase with the first result, transaction and block, adding no block', async () => {
    // A walk-in customer's id: the first execution opens its account, which the retry must not need to do again.
    const walkIn = uniqueId('rp-walk-in');
    const body = { orderId: uniqueId('rp-order'), consumer: walkIn, amountFen: 12_800 };
    const first = committed(await shop.post('/v1/points/purchases', body));
    expect(first.result).toMatchObject({ orderId: body.orderId, consumer: walkIn, pointsEarned: 128, txId: first.transactionId });

    // The merchant is idle in between, so the lane pool most likely hands the retry another lane: not part of its identity.
    const again = committed(await withoutNewBlocks(() => shop.post('/v1/points/purchases', body)));

    expect(again).toEqual(first);
    expect(await balance(walkIn)).toBe(128);
  });

  it('refuses the same order id with another body with 409 DUPLICATE_REQUEST, adding no block', async () => {
    const body = { orderId: uniqueId('rp-order-2'), consumer: holderId, amountFen: 5_000 };
    const first = committed(await shop.post('/v1/points/purchases', body));

    const changed = await withoutNewBlocks(() => shop.post('/v1/points/purchases', { ...body, amountFen: 6_000 }));

    expect(changed).toMatchObject({
      status: 409,
      body: { code: 'DUPLICATE_REQUEST', details: { requestId: body.orderId, txId: first.transactionId } },
    });
    expect(await balance(holderId)).toBe(50);
  });

  it('answers a repeated Idempotency-Key of a coupon class and a coupon send with their first execution', async () => {
    const classId = uniqueId('rp-class');
    const classBody = {
      classId,
      name: 'Replay coupon',
      faceValueFen: 1_000,
      quantity: 100,
      validFrom: new Date(Date.now() - DAY_MS).toISOString(),
      validUntil: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    };
    const classKey = newKey();
    const created = committed(await shop.post('/v1/coupons/classes', classBody, { idempotencyKey: classKey }));
    expect(committed(await withoutNewBlocks(() => shop.post('/v1/coupons/classes', classBody, { idempotencyKey: classKey })))).toEqual(
      created,
    );

    const sendKey = newKey();
    const send = (): Promise<RestResponse> =>
      shop.post(`/v1/coupons/classes/${classId}/sends`, { to: holderId, quantity: 3 }, { idempotencyKey: sendKey });
    const sent = committed(await send());
    expect(committed(await withoutNewBlocks(send))).toEqual(sent);
    const held = await platformAdmin.get(`/v1/coupons/classes/${classId}/holders/${holderId}`);
    expect(numberField(held.body, 'quantity')).toBe(3);

    const other = await withoutNewBlocks(() =>
      shop.post(`/v1/coupons/classes/${classId}/sends`, { to: holderId, quantity: 4 }, { idempotencyKey: sendKey }),
    );
    expect(other).toMatchObject({ status: 409, body: { code: 'DUPLICATE_REQUEST' } });
  });
});
