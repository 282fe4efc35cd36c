import { MAX_SHELF_BATCH_LINES } from '@loulan/protocol';
import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const device = testMember({ memberId: 'dev-1', role: 'shelf-device', account: 'dev-1' });
const shelfOperator = testMember({ memberId: 'op-1', role: 'shelf-operator', account: 'op-1' });
const AUTH = { Authorization: 'Bearer device-key' };
const OPERATOR_AUTH = { Authorization: 'Bearer operator-key' };

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  const members = fakeMembers({ 'device-key': device, 'operator-key': shelfOperator });
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members });
}

function committed(result: unknown): SubmitResult {
  return { result: jsonBytes(result), transactionId: 'tx-1', blockNumber: 7n };
}

const line = { saleId: 's1', sku: 'A', qty: 1, amountFen: 100, costFen: 60, occurredAt: '2025-03-10T12:00:00+08:00' };
const batch = {
  batchId: 'b1',
  shelfId: 'shelf-1',
  deviceId: 'dev-1',
  recorded: [{ saleId: 's1', day: '2025-03-10', occurredDay: '2025-03-10' }],
  duplicates: [],
  txId: 't',
  time: 'x',
};
const saleLine = { ...line, occurredAt: '2025-03-10T04:00:00.000Z', refundOf: null };
const statement = {
  shelfId: 'shelf-1',
  day: '2025-03-10',
  version: 1,
  operator: 'op',
  siteProvider: 'site',
  supplier: 'sup',
  supplierBps: 3000,
  operatorBps: 5000,
  siteBps: 2000,
  feeBps: 500,
  revenueFen: 100,
  costFen: 60,
  feeFen: 5,
  profitFen: 35,
  supplierFen: 70,
  operatorFen: 18,
  siteFen: 7,
  operatorLossFen: 0,
  lines: 1,
  adjustmentLines: 0,
  adjustmentDays: [],
  salesHash: 'ab',
  status: 'pending',
  settledAt: 't',
  settledBy: 'op',
  disputeUntil: 't',
  disputedBy: null,
  disputeReason: null,
  resolution: null,
  resolutionNote: null,
  resolvedAt: null,
  transferRef: 'T,1',
  paidAt: null,
  txId: 't',
};

describe('shelf routes', () => {
  it('records a batch with the Idempotency-Key as batch id and canonical lines', async () => {
    const submit = jest.fn().mockResolvedValue(committed(batch));
    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/shelf/sales')
      .set(AUTH)
      .set('Idempotency-Key', 'b1')
      .send({ lines: [line] });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: batch, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit).toHaveBeenCalledWith('shelf', 'RecordSales', ['b1', JSON.stringify([line])], {
      caller: match.objectContaining({ memberId: 'dev-1' }),
    });
  });

  it('accepts a batch of the most lines with the longest ids and refuses one line more', async () => {
    const submit = jest.fn().mockResolvedValue(committed(batch));
    const lines = Array.from({ length: MAX_SHELF_BATCH_LINES + 1 }, (_, i) => ({
      ...line,
      saleId: `sale-${i}-`.padEnd(64, 'x'),
      sku: 'SKU-'.padEnd(64, 'y'),
    }));
    const app = appWith(fakeFabric({ submit }));
    expect(
      (
        await request(app)
          .post('/v1/shelf/sales')
          .set(AUTH)
          .set('Idempotency-Key', 'b2')
          .send({ lines: lines.slice(0, MAX_SHELF_BATCH_LINES) })
      ).status,
    ).toBe(200);
    const tooMany = await request(app).post('/v1/shelf/sales').set(AUTH).set('Idempotency-Key', 'b3').send({ lines });
    expect(tooMany.status).toBe(400);
  });

  it('passes the chaincode line index through as 400 / 409', async () => {
    const error = { code: 'DUPLICATE_REQUEST', message: 'line 1: changed', details: { index: 1, saleId: 's1' } };
    const submit = jest.fn().mockRejectedValue(new ChaincodeError(error.code, error.message, { details: error.details }));
    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/shelf/sales')
      .set(AUTH)
      .set('Idempotency-Key', 'b1')
      .send({ lines: [line] });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { index: 1 } });
  });

  it('answers ALREADY_SETTLED with 409', async () => {
    const submit = jest.fn().mockRejectedValue(new ChaincodeError('ALREADY_SETTLED', 'settled'));
    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/shelf/shelves/shelf-1/days/2025-03-10/settle')
      .set(AUTH)
      .set('Idempotency-Key', 'k');
    expect(response.status).toBe(409);
  });

  it('refuses a malformed day and a resolution without a note before the ledger', async () => {
    const submit = jest.fn();
    const app = appWith(fakeFabric({ submit }));
    expect((await request(app).post('/v1/shelf/shelves/shelf-1/days/2025-13-01/settle').set(AUTH).set('Idempotency-Key', 'k')).status).toBe(
      400,
    );
    expect(
      (
        await request(app)
          .post('/v1/shelf/shelves/shelf-1/days/2025-03-10/resolution')
          .set(AUTH)
          .set('Idempotency-Key', 'k')
          .send({ resolution: 'accept' })
      ).status,
    ).toBe(400);
    expect(submit).not.toHaveBeenCalled();
  });

  it('lets a device claim its operator under its own identity', async () => {
    const claim = { deviceId: 'dev-1', operator: 'op-1', claimedAt: 't', txId: 't' };
    const submit = jest.fn().mockResolvedValue(committed(claim));
    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/shelf/device-claims')
      .set(AUTH)
      .set('Idempotency-Key', 'c1')
      .send({ operator: 'op-1' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: claim, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit).toHaveBeenCalledWith('shelf', 'ClaimDevice', ['c1', 'op-1'], { caller: match.objectContaining({ memberId: 'dev-1' }) });
  });

  it('refuses a claim without a valid operator or Idempotency-Key before the ledger', async () => {
    const submit = jest.fn();
    const app = appWith(fakeFabric({ submit }));
    expect(
      (await request(app).post('/v1/shelf/device-claims').set(AUTH).set('Idempotency-Key', 'c1').send({ operator: 'bad id' })).status,
    ).toBe(400);
    expect((await request(app).post('/v1/shelf/device-claims').set(AUTH).send({ operator: 'op-1' })).status).toBe(400);
    expect(submit).not.toHaveBeenCalled();
  });

  it('unbinds a device from the path with the Idempotency-Key as business id', async () => {
    const unbound = { deviceId: 'dev-1', shelfId: 'shelf-1', operator: 'op-1', registeredAt: 't', unboundAt: 'u', txId: 'u' };
    const submit = jest.fn().mockResolvedValue(committed(unbound));
    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/shelf/shelves/shelf-1/devices/dev-1/unbind')
      .set(OPERATOR_AUTH)
      .set('Idempotency-Key', 'u1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: unbound, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit).toHaveBeenCalledWith('shelf', 'UnbindDevice', ['u1', 'shelf-1', 'dev-1'], {
      caller: match.objectContaining({ memberId: 'op-1' }),
    });
  });

  it("answers another operator's unbind or bind of a device with the chaincode's 403", async () => {
    const submit = jest.fn().mockRejectedValue(new ChaincodeError('FORBIDDEN', 'not your device', { details: { deviceId: 'dev-1' } }));
    const app = appWith(fakeFabric({ submit }));
    const unbind = await request(app)
      .post('/v1/shelf/shelves/shelf-1/devices/dev-1/unbind')
      .set(OPERATOR_AUTH)
      .set('Idempotency-Key', 'u1');
    expect(unbind).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', details: { deviceId: 'dev-1' } } });
    const bind = await request(app)
      .post('/v1/shelf/shelves/shelf-2/devices')
      .set(OPERATOR_AUTH)
      .set('Idempotency-Key', 'b1')
      .send({ deviceId: 'dev-1' });
    expect(bind).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('refuses a malformed device id in the unbind path before the ledger', async () => {
    const submit = jest.fn();
    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/shelf/shelves/shelf-1/devices/-dev/unbind')
      .set(OPERATOR_AUTH)
      .set('Idempotency-Key', 'u1');
    expect(response.status).toBe(400);
    expect(submit).not.toHaveBeenCalled();
  });

  it('lists the board by kind and city with default paging', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ items: [], bookmark: '' }));
    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/shelf/offers?city=Shanghai')
      .set(AUTH);
    expect(response.status).toBe(200);
    expect(evaluate).toHaveBeenCalledWith('shelf', 'ListBoard', ['offer', 'Shanghai', '20', ''], expect.anything());
  });

  it('serves the report as JSON and as CSV, one page of the default size', async () => {
    const report = {
      party: 'site',
      from: '2025-03-10',
      to: '2025-03-10',
      statements: [{ ...statement, partyRole: 'site-provider', partyAmountFen: 7, salesLinesFrom: 0, salesLines: [saleLine] }],
      totals: { pendingFen: 7, disputedFen: 0, paidFen: 0 },
      bookmark: '',
    };
    const evaluate = jest.fn().mockResolvedValue(jsonBytes(report));
    const app = appWith(fakeFabric({ evaluate }));
    const json = await request(app).get('/v1/shelf/reports/site?from=2025-03-10&to=2025-03-10').set(AUTH);
    expect(json.body).toEqual(report);
    expect(evaluate).toHaveBeenCalledWith('shelf', 'GetReport', ['site', '2025-03-10', '2025-03-10', '100', ''], expect.anything());
    const csv = await request(app).get('/v1/shelf/reports/site?from=2025-03-10&to=2025-03-10&format=csv').set(AUTH);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['link']).toBeUndefined();
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toBe(
      'site,site-provider,shelf-1,2025-03-10,1,pending,100,60,5,35,70,18,7,7,ab,"T,1",s1,A,1,100,60,2025-03-10T04:00:00.000Z,',
    );
  });

  it('names the next CSV page in a Link header and caps the page size', async () => {
    const report = {
      party: 'site',
      from: '2025-03-10',
      to: '2025-03-11',
      statements: [],
      totals: { pendingFen: 0, disputedFen: 0, paidFen: 0 },
      bookmark: 'WyIyMDI1Il0',
    };
    const evaluate = jest.fn().mockResolvedValue(jsonBytes(report));
    const app = appWith(fakeFabric({ evaluate }));

    const csv = await request(app)
      .get('/v1/shelf/reports/site?from=2025-03-10&to=2025-03-11&format=csv&pageSize=500&bookmark=abc')
      .set(AUTH);
    const tooLarge = await request(app).get('/v1/shelf/reports/site?from=2025-03-10&to=2025-03-11&pageSize=501').set(AUTH);
    const badBookmark = await request(app).get('/v1/shelf/reports/site?from=2025-03-10&to=2025-03-11&bookmark=a%2Fb').set(AUTH);

    expect(evaluate).toHaveBeenCalledTimes(1);
    expect(evaluate).toHaveBeenCalledWith('shelf', 'GetReport', ['site', '2025-03-10', '2025-03-11', '500', 'abc'], expect.anything());
    expect(csv.headers['link']).toBe(
      '</v1/shelf/reports/site?from=2025-03-10&to=2025-03-11&format=csv&pageSize=500&bookmark=WyIyMDI1Il0>; rel="next"',
    );
    expect([tooLarge.status, badBookmark.status]).toEqual([400, 400]);
  });
});
