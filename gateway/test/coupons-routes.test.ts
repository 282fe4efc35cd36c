import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, submitMock, testConfig } from './support/fakes';
import { bodyOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const shop = testMember({ memberId: 'shop-a', role: 'merchant', account: 'shop-a' });
const AUTH = { Authorization: 'Bearer merchant-key' };

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members: fakeMembers({ 'merchant-key': shop }) });
}

function committed(result: unknown, transactionId = 'tx-1'): SubmitResult {
  return { result: jsonBytes(result), transactionId, blockNumber: 7n };
}

const couponClass = {
  classId: 'a100',
  issuer: 'shop-a',
  name: 'A 100',
  faceValueFen: 10_000,
  supply: 1_000,
  allocated: 0,
  revoked: 0,
  validFrom: '2025-03-01T00:00:00.000Z',
  validUntil: '2025-04-01T00:00:00.000Z',
  minSpendFen: 0,
  acceptance: { kind: 'issuer' },
  rebateBps: 5_000,
  transferable: true,
  resellable: true,
  createdAt: '2025-03-01T00:00:00.000Z',
  txId: 'tx-1',
};

function openOrder(orderId: string, owner: string, give: string, want: string, validUntil = '2999-01-01T00:00:00.000Z'): object {
  return {
    order: {
      orderId,
      owner,
      giveClassId: give,
      giveQuantity: 1,
      wantClassId: want,
      wantQuantity: 1,
      status: 'OPEN',
      createdAt: '',
      updatedAt: '',
      matchTxId: null,
    },
    giveUnitValueFen: 1_000,
    wantUnitValueFen: 1_000,
    giveValidUntil: validUntil,
    wantValidUntil: '2999-01-01T00:00:00.000Z',
  };
}

function matchOf(orderIds: string[]): object {
  return { requestId: 'm', orderIds, legs: [], valueDifferenceFen: 0, txId: 'tx-m', time: '2025-03-01T00:00:00.000Z' };
}

describe('coupons routes', () => {
  it('creates a class with the documented defaults and answers the committed write', async () => {
    const submit = submitMock().mockResolvedValue(committed(couponClass));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/coupons/classes')
      .set(AUTH)
      .set('Idempotency-Key', 'c-1')
      .send({
        classId: 'a100',
        name: 'A 100',
        faceValueFen: 10_000,
        quantity: 1_000,
        validFrom: '2025-03-01T00:00:00Z',
        validUntil: '2025-04-01T00:00:00Z',
      });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: couponClass, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit.mock.calls[0]?.slice(0, 3)).toEqual([
      'coupons',
      'CreateClass',
      [
        'c-1',
        'a100',
        'A 100',
        '10000',
        '1000',
        '2025-03-01T00:00:00Z',
        '2025-04-01T00:00:00Z',
        '0',
        '{"kind":"issuer"}',
        '5000',
        'true',
        'true',
      ],
    ]);
  });

  it('redeems naming the presented class; the amount is the one the merchant recorded', async () => {
    const submit = submitMock().mockRejectedValue(
      new ChaincodeError('BELOW_MINIMUM_SPEND', 'too little', { details: { minSpendFen: 5, amountFen: 4 } }),
    );

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/coupons/redemptions')
      .set(AUTH)
      .set('Idempotency-Key', 'r-1')
      .send({ orderId: 'o-1', classId: 'a100' });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'BELOW_MINIMUM_SPEND', details: { minSpendFen: 5, amountFen: 4 } });
    expect(submit.mock.calls[0]?.slice(0, 3)).toEqual(['coupons', 'RedeemCoupon', ['r-1', 'o-1', 'a100']]);
  });

  it('answers a class other than the presented one with 409 and the presented class', async () => {
    const details = { orderId: 'o-1', presentedClassId: 'a100' };
    const submit = jest
      .fn()
      .mockRejectedValue(new ChaincodeError('CONFLICT', 'the coupon presented for order o-1 is of class a100', { details }));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/coupons/redemptions')
      .set(AUTH)
      .set('Idempotency-Key', 'r-2')
      .send({ orderId: 'o-1', classId: 'c50' });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CONFLICT', details });
  });

  it.each(['INSUFFICIENT_COUPONS', 'COUPON_EXPIRED', 'COUPON_NOT_ACCEPTED'])('answers the chaincode code %s with 422', async (code) => {
    const submit = jest.fn().mockRejectedValue(new ChaincodeError(code, 'refused'));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/coupons/presentations')
      .set(AUTH)
      .set('Idempotency-Key', 'p-1')
      .send({ classId: 'a100', merchantId: 'shop-c', orderId: 'o-1' });

    expect(response.status).toBe(422);
    expect(bodyOf(response).code).toBe(code);
  });

  it.each([
    ['a day not written yyyy-mm-dd', '/v1/coupons/clearings', { day: '20250309', merchantA: 'a', merchantB: 'b' }],
    ['a ring of one order', '/v1/coupons/matches', { orderIds: ['o1'] }],
    ['an unknown field', '/v1/coupons/listings', { listingId: 'l', classId: 'c', quantity: 1, pricePoints: 1, extra: 1 }],
    // The amount and time of a redemption are the merchant's recorded order's, never the body's.
    ['a redemption carrying an amount', '/v1/coupons/redemptions', { orderId: 'o-1', classId: 'a100', amountFen: 100 }],
    ['a redemption without its class', '/v1/coupons/redemptions', { orderId: 'o-1' }],
  ])('refuses %s with 400 before calling the chaincode', async (_label, path, body) => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post(path)
      .set(AUTH)
      .set('Idempotency-Key', 'k')
      .send(body);

    expect(response.status).toBe(400);
    expect(bodyOf(response).code).toBe('VALIDATION_FAILED');
    expect(submit).not.toHaveBeenCalled();
  });

  it('runs the matcher on demand: executes the rings it finds, reports a stale one, skips expired orders', async () => {
    const evaluate = jest.fn().mockResolvedValue(
      jsonBytes({
        items: [
          openOrder('o1', 'p', 'a', 'b'),
          openOrder('o2', 'q', 'b', 'a'),
          openOrder('o3', 'r', 'c', 'd'),
          openOrder('o4', 's', 'd', 'c'),
          openOrder('o5', 't', 'a', 'b', '2000-01-01T00:00:00.000Z'),
        ],
        bookmark: '',
      }),
    );
    const submit = jest.fn(async (_contract: string, _tx: string, args: readonly string[]) => {
      const orderIds = JSON.parse(args[1] ?? '[]') as string[];
      if (orderIds.includes('o3')) {
        throw new ChaincodeError('CONFLICT', 'order o3 is CANCELLED');
      }
      return committed(matchOf(orderIds), 'tx-m');
    });

    const response = await request(appWith(fakeFabric({ evaluate, submit })))
      .post('/v1/coupons/match')
      .set(AUTH);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      openOrders: 4,
      matches: [
        { orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2, status: 'EXECUTED', transactionId: 'tx-m', error: null },
        { orderIds: ['o3', 'o4'], valueDifferenceFen: 0, hops: 2, status: 'FAILED', transactionId: null, error: 'CONFLICT' },
      ],
      search: { cutShortBy: null, candidates: match.any(Number), elapsedMs: match.any(Number) },
    });
  });

  it('reads a holder balance and a page of open orders', async () => {
    const evaluate = jest.fn(async (_c: string, tx: string) =>
      jsonBytes(tx === 'GetCouponBalance' ? { classId: 'a100', holder: 'x', quantity: 2 } : { items: [], bookmark: '' }),
    );
    const app = appWith(fakeFabric({ evaluate }));

    expect((await request(app).get('/v1/coupons/classes/a100/holders/x').set(AUTH)).body).toEqual({
      classId: 'a100',
      holder: 'x',
      quantity: 2,
    });
    const page = await request(app).get('/v1/coupons/orders?pageSize=5').set(AUTH);
    expect(page.body).toEqual({ items: [], bookmark: '' });
    expect(evaluate).toHaveBeenLastCalledWith('coupons', 'ListOpenOrders', ['5', ''], expect.anything());
  });
});
