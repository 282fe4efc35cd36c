import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, submitMock, testConfig } from './support/fakes';
import { bodyOf, expectRefusedField, invalidFieldsOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const merchant = testMember({ memberId: 'shop-1', role: 'merchant', account: 'shop-1' });
const AUTH = { Authorization: 'Bearer merchant-key' };

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  return createApp({
    fabric,
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers({ 'merchant-key': merchant }),
  });
}

function committed(result: unknown, transactionId = 'tx-1'): SubmitResult {
  return { result: jsonBytes(result), transactionId, blockNumber: 42n };
}

const supply = { requestId: 'req-1', points: 500, minted: 1500, burned: 0, txId: 'tx-1', time: '2025-01-01T00:00:00.000Z' };
const purchase = {
  orderId: 'order-1',
  merchantId: 'shop-1',
  consumer: 'alice',
  amountFen: 10_000,
  occurredAt: '2025-01-01T00:00:00.000Z',
  salesMonth: '202501',
  activityCount: 0,
  activityAmountFen: 0,
  multiplierBps: 10_000,
  pointsEarned: 100,
  txId: 'tx-1',
  time: '2025-01-01T00:00:00.000Z',
};

describe('points writes', () => {
  it('answers 200 { result, transactionId, blockNumber } under the caller’s identity', async () => {
    const submit = jest.fn().mockResolvedValue(committed(supply));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/points/mint')
      .set(AUTH)
      .set('Idempotency-Key', 'req-1')
      .send({ points: 500 });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: supply, transactionId: 'tx-1', blockNumber: '42' });
    // The Fabric call's share of the latency, in milliseconds with one decimal.
    expect(response.headers['server-timing']).toMatch(/^fabric;dur=\d+\.\d$/);
    expect(submit).toHaveBeenCalledWith('points', 'Mint', ['req-1', '500'], {
      caller: match.objectContaining({ memberId: 'shop-1', identity: merchant.identity }),
    });
  });

  it('refuses a write without Idempotency-Key with 400 VALIDATION_FAILED', async () => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/points/mint')
      .set(AUTH)
      .send({ points: 5 });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { 'Idempotency-Key': [expect.any(String)] } },
    });
    expect(submit).not.toHaveBeenCalled();
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const response = await request(appWith(fakeFabric()))
      .post('/v1/points/rebalance')
      .set(AUTH)
      .set('Idempotency-Key', '-starts-with-dash');

    expect(response.status).toBe(400);
  });

  it('records purchases with the order id as business id and a lane from the pool', async () => {
    const submit = submitMock().mockResolvedValue(committed(purchase));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/points/purchases')
      .set(AUTH)
      .send({ orderId: 'order-1', consumer: 'alice', amountFen: 10_000 });

    expect(response.status).toBe(200);
    expect(bodyOf(response).result).toEqual(purchase);
    const args = submit.mock.calls[0]?.[2] ?? [];
    expect(args.slice(0, 3)).toEqual(['order-1', 'alice', '10000']);
    // No occurredAt: the chaincode takes the transaction time, and a retry repeats the same "".
    expect(args[3]).toBe('');
    expect(Number(args[4])).toBeGreaterThanOrEqual(0);
    expect(Number(args[4])).toBeLessThan(64);
  });

  it('gives concurrent purchases of one merchant different lanes', async () => {
    const lanes: string[] = [];
    const submit = jest.fn(async (_c: string, _t: string, args: readonly string[]) => {
      lanes.push(args[4] ?? '');
      await new Promise((resolve) => setTimeout(resolve, 20));
      return committed(purchase);
    });
    const app = appWith(fakeFabric({ submit }));

    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(app)
          .post('/v1/points/purchases')
          .set(AUTH)
          .send({ orderId: `o-${i}`, consumer: 'alice', amountFen: 100 }),
      ),
    );

    expect(new Set(lanes).size).toBe(10);
  });

  it('passes redemptions their Idempotency-Key and a lane of the merchant', async () => {
    const redemption = {
      requestId: 'r-1',
      merchantId: 'shop-9',
      orderId: 'o-1',
      consumer: 'alice',
      amountFen: 1_000,
      points: 100,
      valueFen: 100,
      txId: 'tx-1',
      time: '2025-01-01T00:00:00.000Z',
    };
    const submit = submitMock().mockResolvedValue(committed(redemption));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/points/redemptions')
      .set(AUTH)
      .set('Idempotency-Key', 'r-1')
      .send({ merchantId: 'shop-9', orderId: 'o-1', points: 100 });

    expect(response.status).toBe(200);
    expect(submit.mock.calls[0]?.[2]).toEqual(['r-1', 'shop-9', 'o-1', '100', expect.stringMatching(/^\d+$/)]);
  });

  it.each([
    ['points below 1', '/v1/points/mint', { points: 0 }, 'points'],
    ['fractional points', '/v1/points/mint', { points: 1.5 }, 'points'],
    ['points above 10^12', '/v1/points/burn', { points: 1e12 + 1 }, 'points'],
    ['points as a string', '/v1/points/transfers', { to: 'bob', points: '5' }, 'points'],
    ['an id with a space', '/v1/points/transfers', { to: 'bo b', points: 5 }, 'to'],
    ['a month 13', '/v1/points/monthly-rewards', { merchantId: 'shop-1', month: '202513' }, 'month'],
    ['an unknown field', '/v1/points/mint', { points: 5, extra: true }, 'extra'],
    ['a bad occurredAt', '/v1/points/purchases', { orderId: 'o', consumer: 'c', amountFen: 1, occurredAt: 'yesterday' }, 'occurredAt'],
    ['a missing field', '/v1/points/merchants', { merchantId: 'shop-2', name: 'Shop' }, 'region'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_case, path, body, field) => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post(path)
      .set(AUTH)
      .set('Idempotency-Key', 'req-1')
      .send(body);

    expectRefusedField(response, field);
    expect(bodyOf(response).requestId).toEqual(expect.any(String));
    expect(submit).not.toHaveBeenCalled();
  });

  it('validates nested parameter documents field by field', async () => {
    const response = await request(appWith(fakeFabric()))
      .put('/v1/points/params')
      .set(AUTH)
      .set('Idempotency-Key', 'p-1')
      .send({
        pointValueFen: 1,
        basePointsPerYuan: 1,
        joinBonus: { '1': 50_000 },
        regionTiers: {},
        activityWindowDays: 30,
        activityTiers: [{ minCount: 1, minAmountFen: 1, multiplierBps: 5 }],
        redemptionCapBps: 5_000,
        monthlyRewardBrackets: [{ upToFen: null, rateBps: 300 }],
        maxBackdateDays: 7,
      });

    expect(response.status).toBe(400);
    expect(invalidFieldsOf(response)).toEqual(['activityTiers.0.multiplierBps']);
  });
});

describe('points parameters', () => {
  const admin = testMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', isOrgAdmin: true });
  const ADMIN_AUTH = { Authorization: 'Bearer admin-key' };
  const params = {
    pointValueFen: 1,
    basePointsPerYuan: 1,
    joinBonus: { '1': 50_000, '2': 30_000, '3': 20_000 },
    regionTiers: {},
    activityWindowDays: 30,
    activityTiers: [],
    redemptionCapBps: 5_000,
    monthlyRewardBrackets: [{ upToFen: null, rateBps: 300 }],
    maxBackdateDays: 7,
    maxClockSkewSeconds: 300,
  };
  const stored = { ...params, version: 1, updatedAt: '2025-01-01T00:00:00.000Z', updatedByTxId: 'tx-1' };

  function adminApp(fabric: FabricGateway): ReturnType<typeof createApp> {
    return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members: fakeMembers({ 'admin-key': admin }) });
  }

  async function put(fabric: FabricGateway, body: object): Promise<request.Response> {
    return request(adminApp(fabric)).put('/v1/points/params').set(ADMIN_AUTH).set('Idempotency-Key', 'p-1').send(body);
  }

  it('passes the shelf dispute window to UpdateParams and answers it back', async () => {
    const submit = submitMock().mockResolvedValue(committed({ ...stored, disputeWindowSeconds: 60 }));

    const response = await put(fakeFabric({ submit }), { ...params, disputeWindowSeconds: 60 });

    expect(response.status).toBe(200);
    expect(bodyOf(response).result).toMatchObject({ disputeWindowSeconds: 60, version: 1 });
    const [, transaction, args] = submit.mock.calls[0] ?? [];
    expect(transaction).toBe('UpdateParams');
    expect(JSON.parse(args?.[1] ?? '{}')).toMatchObject({ disputeWindowSeconds: 60 });
  });

  it('leaves the dispute window out of the document when absent, for the chaincode default', async () => {
    const submit = submitMock().mockResolvedValue(committed({ ...stored, disputeWindowSeconds: 259_200 }));

    const response = await put(fakeFabric({ submit }), params);

    expect(response.status).toBe(200);
    expect(JSON.parse(submit.mock.calls[0]?.[2][1] ?? '{}')).not.toHaveProperty('disputeWindowSeconds');
  });

  it.each([0, 59, 2_592_001, 60.5, '60'])('refuses a dispute window of %p with 400 before the ledger', async (value) => {
    const submit = jest.fn();

    const response = await put(fakeFabric({ submit }), { ...params, disputeWindowSeconds: value });

    expectRefusedField(response, 'disputeWindowSeconds');
    expect(submit).not.toHaveBeenCalled();
  });

  it.each([-1, 91])("refuses a backdating limit of %p days, outside the ledger's 0-90, with 400 before the ledger", async (value) => {
    const submit = jest.fn();

    const response = await put(fakeFabric({ submit }), { ...params, maxBackdateDays: value });

    expectRefusedField(response, 'maxBackdateDays');
    expect(submit).not.toHaveBeenCalled();
  });

  it('answers 500 for a parameter document without the dispute window', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes(stored));

    const response = await request(adminApp(fakeFabric({ evaluate })))
      .get('/v1/points/params')
      .set(ADMIN_AUTH);

    expect(response.status).toBe(500);
  });
});

describe('points errors', () => {
  it.each([
    ['INVALID_ARGUMENT', 400],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['DUPLICATE_REQUEST', 409],
    ['ALREADY_EXISTS', 409],
    ['ALREADY_REWARDED', 409],
    ['INSUFFICIENT_POINTS', 422],
    ['SOLD_OUT', 422],
    ['REDEMPTION_CAP_EXCEEDED', 422],
  ])('answers chaincode %s with %i and the chaincode’s message', async (code, status) => {
    const submit = jest.fn().mockRejectedValue(new ChaincodeError(code, `refused: ${code}`, { details: { x: 1 } }));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/points/transfers')
      .set(AUTH)
      .set('Idempotency-Key', 't-1')
      .set('X-Request-Id', 'req-7')
      .send({ to: 'bob', points: 5 });

    expect(response.status).toBe(status);
    expect(response.body).toEqual({ code, message: `refused: ${code}`, details: { x: 1 }, requestId: 'req-7' });
  });

  it('answers 401 without an API key', async () => {
    const response = await request(appWith(fakeFabric())).get('/v1/points/params');

    expect(response.status).toBe(401);
    expect(bodyOf(response).code).toBe('UNAUTHENTICATED');
  });

  it('answers 500 when the chaincode result does not have the documented shape', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ account: 'alice', balance: '12' }));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/accounts/alice/balance')
      .set(AUTH);

    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR', message: 'internal error' });
  });
});

describe('points reads', () => {
  it('answers the decoded chaincode result', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ account: 'alice', balance: 12, ignored: true }));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/accounts/alice/balance')
      .set(AUTH);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ account: 'alice', balance: 12 });
    expect(evaluate).toHaveBeenCalledWith('points', 'GetBalance', ['alice'], { caller: match.anything() });
  });

  it('pages listings with a default page size and validates pageSize', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ items: [], bookmark: '' }));
    const app = appWith(fakeFabric({ evaluate }));

    const first = await request(app).get('/v1/points/products').set(AUTH);
    const next = await request(app).get('/v1/points/products?pageSize=100&bookmark=abc').set(AUTH);
    const tooBig = await request(app).get('/v1/points/products?pageSize=101').set(AUTH);

    expect(first.status).toBe(200);
    expect(evaluate).toHaveBeenNthCalledWith(1, 'points', 'ListProducts', ['20', ''], expect.anything());
    expect(evaluate).toHaveBeenNthCalledWith(2, 'points', 'ListProducts', ['100', 'abc'], expect.anything());
    expect(next.status).toBe(200);
    expect(tooBig.status).toBe(400);
    expect(invalidFieldsOf(tooBig)).toContain('pageSize');
  });

  it('validates path parameters', async () => {
    const evaluate = jest.fn();

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/merchants/shop-1/sales/2025-01')
      .set(AUTH);

    expect(response.status).toBe(400);
    expect(invalidFieldsOf(response)).toContain('month');
    expect(evaluate).not.toHaveBeenCalled();
  });
});

describe('/metrics', () => {
  it('exposes request counts by route pattern', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ account: 'alice', balance: 12 }));
    const app = appWith(fakeFabric({ evaluate }));
    await request(app).get('/v1/points/accounts/alice/balance').set(AUTH);

    const response = await request(app).get('/metrics');

    expect(response.status).toBe(200);
    expect(response.text).toContain('loulan_http_requests_total{method="GET",route="/v1/points/accounts/:account/balance",status="200"} 1');
    expect(response.text).toContain('loulan_fabric_submit_duration_seconds');
  });
});
