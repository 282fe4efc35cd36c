import { MAX_PURCHASE_BATCH_LINES } from '@loulan/protocol';
import request from 'supertest';

import { createApp, JSON_BODY_LIMIT } from '../src/app';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, submitMock, testConfig } from './support/fakes';
import { expectRefusedField, invalidFieldsOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

/* `POST /v1/points/purchase-batches`: validation, the arguments of `points:RecordPurchases`, its decoded answer. */

const merchant = testMember({ memberId: 'shop-1', role: 'merchant', account: 'shop-1' });
const AUTH = { Authorization: 'Bearer merchant-key' };
const PATH = '/v1/points/purchase-batches';

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members: fakeMembers({ 'merchant-key': merchant }) });
}

function committed(result: unknown, transactionId = 'tx-batch'): SubmitResult {
  return { result: jsonBytes(result), transactionId, blockNumber: 9n };
}

const purchase = {
  orderId: 'o-1',
  merchantId: 'shop-1',
  consumer: 'alice',
  amountFen: 10_000,
  occurredAt: '2025-01-01T00:00:00.000Z',
  salesMonth: '202501',
  activityCount: 0,
  activityAmountFen: 0,
  multiplierBps: 10_000,
  pointsEarned: 100,
  txId: 'tx-batch',
  time: '2025-01-01T00:00:00.000Z',
};
const batch = {
  batchId: 'b-1',
  merchantId: 'shop-1',
  txId: 'tx-batch',
  time: '2025-01-01T00:00:00.000Z',
  recorded: 1,
  duplicates: 1,
  rejected: 1,
  lines: [
    { index: 0, orderId: 'o-1', status: 'RECORDED', purchase },
    { index: 1, orderId: 'o-0', status: 'DUPLICATE', txId: 'tx-earlier' },
    { index: 2, orderId: 'o-2', status: 'REJECTED', code: 'INVALID_ARGUMENT', message: 'occurredAt must lie within 7 days' },
  ],
};

/** `count` lines with long ids and every field. */
function longLines(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    orderId: `order-with-a-long-identifier-of-the-merchant-${String(i).padStart(6, '0')}`,
    consumer: `consumer-with-a-long-account-name-${String(i).padStart(6, '0')}`,
    amountFen: 1_000_000,
    occurredAt: '2025-01-01T08:00:00.000+08:00',
  }));
}

describe('POST /v1/points/purchase-batches', () => {
  it('submits RecordPurchases with the Idempotency-Key as batch id, canonical lines and a lane from the pool', async () => {
    const submit = submitMock().mockResolvedValue(committed(batch));

    const response = await request(appWith(fakeFabric({ submit })))
      .post(PATH)
      .set(AUTH)
      .set('Idempotency-Key', 'b-1')
      .send({
        lines: [
          { amountFen: 10_000, consumer: 'alice', orderId: 'o-1' },
          { orderId: 'o-0', consumer: 'bob', amountFen: 500, occurredAt: '2025-01-01T08:00:00+08:00' },
        ],
      });

    expect(response.status).toBe(200);
    expect(submit).toHaveBeenCalledWith('points', 'RecordPurchases', ['b-1', expect.any(String), expect.stringMatching(/^\d+$/)], {
      caller: match.objectContaining({ memberId: 'shop-1', identity: merchant.identity }),
    });
    const [batchId, linesJson = '', lane] = submit.mock.calls[0]?.[2] ?? [];
    expect(batchId).toBe('b-1');
    // Field by field in a fixed order; no occurredAt when the line has none (the chaincode takes the transaction time).
    expect(linesJson).toBe(
      '[{"orderId":"o-1","consumer":"alice","amountFen":10000},' +
        '{"orderId":"o-0","consumer":"bob","amountFen":500,"occurredAt":"2025-01-01T08:00:00+08:00"}]',
    );
    expect(Number(lane)).toBeLessThan(64);
  });

  it('answers { result, transactionId, blockNumber } with every line decoded by its status', async () => {
    const submit = submitMock().mockResolvedValue(
      committed({ ...batch, extra: 'dropped', lines: batch.lines.map((line) => ({ ...line, extra: 'dropped' })) }),
    );

    const response = await request(appWith(fakeFabric({ submit })))
      .post(PATH)
      .set(AUTH)
      .set('Idempotency-Key', 'b-1')
      .send({ lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 10_000 }] });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: batch, transactionId: 'tx-batch', blockNumber: '9' });
  });

  it.each([
    ['an unknown status', { index: 0, orderId: 'o-1', status: 'SKIPPED' }],
    ['a recorded line without its purchase', { index: 0, orderId: 'o-1', status: 'RECORDED' }],
    ['a duplicate without its transaction', { index: 0, orderId: 'o-1', status: 'DUPLICATE' }],
    ['a rejected line without its code', { index: 0, orderId: 'o-1', status: 'REJECTED', message: 'no' }],
  ])('answers 500 for a result line with %s', async (_case, line) => {
    const submit = submitMock().mockResolvedValue(committed({ ...batch, lines: [line] }));

    const response = await request(appWith(fakeFabric({ submit })))
      .post(PATH)
      .set(AUTH)
      .set('Idempotency-Key', 'b-1')
      .send({ lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 10_000 }] });

    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR', message: 'internal error' });
  });

  it('accepts the most lines a batch may carry, long ids included, within the general body limit', async () => {
    const submit = submitMock().mockResolvedValue(committed(batch));
    const body = { lines: longLines(MAX_PURCHASE_BATCH_LINES) };
    expect(JSON.stringify(body).length).toBeLessThan(Number.parseInt(JSON_BODY_LIMIT, 10) * 1024);

    const response = await request(appWith(fakeFabric({ submit })))
      .post(PATH)
      .set(AUTH)
      .set('Idempotency-Key', 'b-max')
      .send(body);

    expect(response.status).toBe(200);
    const linesJson = submit.mock.calls[0]?.[2][1] ?? '[]';
    expect(JSON.parse(linesJson) as unknown).toEqual(body.lines);
  });

  it.each([
    ['no lines', { lines: [] }, 'lines'],
    ['one line too many', { lines: longLines(MAX_PURCHASE_BATCH_LINES + 1) }, 'lines'],
    ['lines that are not an array', { lines: { orderId: 'o-1' } }, 'lines'],
    ['no lines field', {}, 'lines'],
    [
      'a line with amountFen 0',
      {
        lines: [
          { orderId: 'o-1', consumer: 'alice', amountFen: 5 },
          { orderId: 'o-2', consumer: 'bob', amountFen: 0 },
        ],
      },
      'lines.1.amountFen',
    ],
    ['a line with fractional fen', { lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 1.5 }] }, 'lines.0.amountFen'],
    ['a line with a bad order id', { lines: [{ orderId: 'bad id', consumer: 'alice', amountFen: 5 }] }, 'lines.0.orderId'],
    ['a line without a consumer', { lines: [{ orderId: 'o-1', amountFen: 5 }] }, 'lines.0.consumer'],
    [
      'a line with a bad occurredAt',
      { lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 5, occurredAt: 'yesterday' }] },
      'lines.0.occurredAt',
    ],
    ['a line with an unknown field', { lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 5, lane: 3 }] }, 'lines.0.lane'],
    ['an unknown field', { lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 5 }], lane: 3 }, 'lane'],
  ])('answers 400 VALIDATION_FAILED naming the field for %s, submitting nothing', async (_case, body, field) => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post(PATH)
      .set(AUTH)
      .set('Idempotency-Key', 'b-1')
      .send(body);

    expectRefusedField(response, field);
    expect(submit).not.toHaveBeenCalled();
  });

  it('refuses a batch without Idempotency-Key, submitting nothing', async () => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post(PATH)
      .set(AUTH)
      .send({ lines: [{ orderId: 'o-1', consumer: 'alice', amountFen: 5 }] });

    expect(response.status).toBe(400);
    expect(invalidFieldsOf(response)).toEqual(['Idempotency-Key']);
    expect(submit).not.toHaveBeenCalled();
  });

  it('takes its lane from the pool the single purchases of the merchant use', async () => {
    const lanes: string[] = [];
    const submit = jest.fn(async (_contract: string, transaction: string, args: readonly string[]) => {
      lanes.push((transaction === 'RecordPurchases' ? args[2] : args[4]) ?? '');
      await new Promise((resolve) => setTimeout(resolve, 20));
      return committed(transaction === 'RecordPurchases' ? batch : purchase);
    });
    const app = appWith(fakeFabric({ submit }));
    const line = { orderId: 'o-1', consumer: 'alice', amountFen: 100 };

    const responses = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) =>
        request(app)
          .post(PATH)
          .set(AUTH)
          .set('Idempotency-Key', `b-${i}`)
          .send({ lines: [line] }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        request(app)
          .post('/v1/points/purchases')
          .set(AUTH)
          .send({ ...line, orderId: `o-${i}` }),
      ),
    ]);

    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 8 }, () => 200));
    expect(new Set(lanes).size).toBe(8);
  });
});
