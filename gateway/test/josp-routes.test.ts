import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, submitMock, testConfig } from './support/fakes';
import { bodyOf, invalidFieldsOf, itemsOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const merchant = testMember({ memberId: 'shop-1', role: 'merchant', account: 'shop-1' });
const AUTH = { Authorization: 'Bearer merchant-key' };
const T = '2025-03-01T00:00:00.000Z';

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members: fakeMembers({ 'merchant-key': merchant }) });
}

function committed(result: unknown): SubmitResult {
  return { result: jsonBytes(result), transactionId: 'tx-1', blockNumber: 7n };
}

const plan = {
  planId: 'p1',
  kind: 'MERCHANT',
  issuer: 'shop-1',
  salesMerchant: 'shop-1',
  capPoints: 2000,
  minRaisePoints: 1000,
  minSubscription: 100,
  maxSubscription: 1000,
  windowStart: T,
  windowEnd: '2025-03-05T00:00:00.000Z',
  maturity: '2025-04-05T00:00:00.000Z',
  yieldSchedule: [{ minSalesFen: 0, rateBps: 100 }],
  yieldEscrow: 20,
  status: 'OPEN',
  tranches: 2,
  raised: 0,
  investors: 0,
  processed: 0,
  salesFen: null,
  rateBps: null,
  paidYield: 0,
  returnedYield: null,
  openedAt: T,
  updatedAt: T,
  txId: 'tx-1',
};
const loan = {
  loanId: 'L1',
  bank: 'bank-1',
  merchant: 'shop-1',
  principalFen: 100,
  rateBps: 0,
  interestFen: 0,
  dueDate: T,
  collateralPoints: 5,
  status: 'ACCEPTED',
  offeredAt: T,
  acceptedAt: T,
  disbursedAt: null,
  closedAt: null,
  txId: 'tx-1',
};

const openBody = {
  planId: 'p1',
  capPoints: 2000,
  minRaisePoints: 1000,
  minSubscription: 100,
  maxSubscription: 1000,
  windowStart: T,
  windowEnd: '2025-03-05T00:00:00.000Z',
  maturity: '2025-04-05T00:00:00.000Z',
};

describe('josp writes', () => {
  it('opens a plan with defaults sent as empty arguments', async () => {
    const submit = jest.fn().mockResolvedValue(committed(plan));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/josp/plans')
      .set(AUTH)
      .set('Idempotency-Key', 'open-1')
      .send(openBody);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: plan, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit).toHaveBeenCalledWith(
      'josp',
      'OpenPlan',
      ['open-1', 'p1', '', '2000', '1000', '100', '1000', T, '2025-03-05T00:00:00.000Z', '2025-04-05T00:00:00.000Z', ''],
      { caller: match.objectContaining({ memberId: 'shop-1' }) },
    );
  });

  it('sends a custom yield schedule as canonical JSON and refuses a malformed one', async () => {
    const submit = submitMock().mockResolvedValue(committed(plan));
    const app = appWith(fakeFabric({ submit }));
    const schedule = [{ rateBps: 200, minSalesFen: 0 }];

    const ok = await request(app)
      .post('/v1/josp/plans')
      .set(AUTH)
      .set('Idempotency-Key', 'o')
      .send({ ...openBody, yieldSchedule: schedule });
    const bad = await request(app)
      .post('/v1/josp/plans')
      .set(AUTH)
      .set('Idempotency-Key', 'o')
      .send({ ...openBody, yieldSchedule: [{ minSalesFen: 0, rateBps: 10_001 }] });

    expect(ok.status).toBe(200);
    expect(submit.mock.calls[0]?.[2]?.[10]).toBe('[{"minSalesFen":0,"rateBps":200}]');
    expect(bad.status).toBe(400);
    expect(invalidFieldsOf(bad)).toEqual(['yieldSchedule.0.rateBps']);
  });

  it.each([
    ['/v1/josp/plans/p1/subscriptions', { points: 500 }, 'Subscribe', ['s-1', 'p1', '500']],
    ['/v1/josp/plans/p1/settlements', { pageSize: 20 }, 'SettlePlan', ['s-1', 'p1', '20']],
    ['/v1/josp/plans/p1/refunds', undefined, 'RefundPlan', ['s-1', 'p1', '50']],
    ['/v1/josp/plans/p1/cancel', undefined, 'CancelPlan', ['s-1', 'p1']],
    ['/v1/josp/qualifications', { consumer: 'alice' }, 'QualifyInvestor', ['s-1', 'alice']],
    ['/v1/josp/loans/L1/accept', undefined, 'AcceptLoan', ['s-1', 'L1']],
    ['/v1/josp/loans/L1/disbursement', undefined, 'RecordDisbursement', ['s-1', 'L1']],
    ['/v1/josp/loans/L1/repayment', undefined, 'RecordRepayment', ['s-1', 'L1']],
    ['/v1/josp/loans/L1/default', undefined, 'DeclareDefault', ['s-1', 'L1']],
  ])('POST %s runs %s', async (path, payload, transaction, args) => {
    const submit = jest.fn().mockRejectedValue(new ChaincodeError('CONFLICT', 'not now'));

    const response = await request(appWith(fakeFabric({ submit })))
      .post(path)
      .set(AUTH)
      .set('Idempotency-Key', 's-1')
      .send(payload);

    expect(response.status).toBe(409);
    expect(submit).toHaveBeenCalledWith('josp', transaction, args, expect.anything());
  });

  it('offers a loan and decodes the result', async () => {
    const submit = jest.fn().mockResolvedValue(committed(loan));
    const body = { loanId: 'L1', merchantId: 'shop-1', principalFen: 100, rateBps: 0, dueDate: T, collateralPoints: 5 };

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/josp/loans')
      .set(AUTH)
      .set('Idempotency-Key', 'l')
      .send(body);

    expect(response.status).toBe(200);
    expect(bodyOf(response).result).toEqual(loan);
    expect(submit).toHaveBeenCalledWith('josp', 'OfferLoan', ['l', 'L1', 'shop-1', '100', '0', T, '5'], expect.anything());
  });

  it('needs an Idempotency-Key on every write and refuses bad bodies before the ledger', async () => {
    const submit = jest.fn();
    const app = appWith(fakeFabric({ submit }));

    const noKey = await request(app).post('/v1/josp/plans/p1/subscriptions').set(AUTH).send({ points: 5 });
    const zero = await request(app).post('/v1/josp/plans/p1/subscriptions').set(AUTH).set('Idempotency-Key', 'k').send({ points: 0 });
    const extra = await request(app).post('/v1/josp/plans/p1/settlements').set(AUTH).set('Idempotency-Key', 'k').send({ pageSize: 101 });

    expect([noKey.status, zero.status, extra.status]).toEqual([400, 400, 400]);
    expect(submit).not.toHaveBeenCalled();
  });

  it.each([
    ['CAP_EXCEEDED', 422],
    ['INSUFFICIENT_POINTS', 422],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
  ])('answers chaincode %s with %i', async (code, status) => {
    const submit = jest.fn().mockRejectedValue(new ChaincodeError(code, 'refused'));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/josp/plans/p1/subscriptions')
      .set(AUTH)
      .set('Idempotency-Key', 'k')
      .send({ points: 5 });

    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code, message: 'refused' });
  });
});

describe('josp reads', () => {
  it('answers a plan and pages listings', async () => {
    const evaluate = jest
      .fn()
      .mockResolvedValueOnce(jsonBytes(plan))
      .mockResolvedValueOnce(jsonBytes({ issuer: 'shop-1', items: [plan], bookmark: '' }))
      .mockResolvedValueOnce(jsonBytes({ investor: 'alice', items: [], bookmark: '' }))
      .mockResolvedValueOnce(jsonBytes({ party: 'shop-1', items: [loan], bookmark: 'b' }))
      .mockResolvedValueOnce(jsonBytes({ bank: 'bank-1', consumer: 'alice', qualified: true }));
    const app = appWith(fakeFabric({ evaluate }));

    expect((await request(app).get('/v1/josp/plans/p1').set(AUTH)).body).toEqual(plan);
    expect(itemsOf(await request(app).get('/v1/josp/issuers/shop-1/plans').set(AUTH))).toEqual([plan]);
    expect((await request(app).get('/v1/josp/investors/alice/positions?pageSize=5&bookmark=x').set(AUTH)).status).toBe(200);
    expect(bodyOf(await request(app).get('/v1/josp/parties/shop-1/loans').set(AUTH)).bookmark).toBe('b');
    expect(bodyOf(await request(app).get('/v1/josp/banks/bank-1/qualifications/alice').set(AUTH)).qualified).toBe(true);
    expect(evaluate).toHaveBeenNthCalledWith(2, 'josp', 'ListPlans', ['shop-1', '20', ''], expect.anything());
    expect(evaluate).toHaveBeenNthCalledWith(3, 'josp', 'ListPositions', ['alice', '5', 'x'], expect.anything());
  });

  it('answers 500 when a plan does not have the documented shape', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ ...plan, raised: '12' }));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/josp/plans/p1')
      .set(AUTH);

    expect(response.status).toBe(500);
  });

  it('validates path parameters', async () => {
    const evaluate = jest.fn();

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/josp/loans/-bad')
      .set(AUTH);

    expect(response.status).toBe(400);
    expect(evaluate).not.toHaveBeenCalled();
  });
});
