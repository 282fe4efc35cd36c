import { MAX_PURCHASE_BATCH_LINES } from '@loulan/protocol';

/**
 * Batched purchases end to end (`POST /v1/points/purchase-batches`, chaincode `points:RecordPurchases`):
 * every line follows the rules of a single purchase and is recorded once by its order id, across
 * batches and single purchases; a line that breaks a rule is rejected alone, and the batch id (the
 * Idempotency-Key) makes the whole batch exactly-once. Every call goes through the REST gateway to
 * the real peers and orderers.
 *
 * Assumes nothing else writes to the channel while a case runs (the runner runs one file at a
 * time), since it compares balances and the platform peer's block height before and after.
 */
import { height } from '../../support/network';
import { newKey, numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const PEER = 'peer0-platform';
const DAY_MS = 24 * 3600_000;
const BATCHES = '/v1/points/purchase-batches';

const merchantId = uniqueId('pb-shop');
const consumerIds = { a: uniqueId('pb-c-a'), b: uniqueId('pb-c-b'), c: uniqueId('pb-c-c') };
let merchant: RestClient;
let consumer: RestClient;

/** A purchase line of a request. */
interface Line {
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly occurredAt?: string;
}

/** The Purchase of a recorded line, the fields this file reads. */
interface RecordedPurchase {
  readonly orderId: string;
  readonly consumer: string;
  readonly pointsEarned: number;
  readonly txId: string;
}

/** A line of a batch's result. */
interface ResultLine {
  readonly index: number;
  readonly orderId: string;
  readonly status: 'RECORDED' | 'DUPLICATE' | 'REJECTED';
  readonly purchase?: RecordedPurchase;
  readonly txId?: string;
  readonly code?: string;
  readonly message?: string;
}

/** The result of `RecordPurchases`. */
interface BatchResult {
  readonly batchId: string;
  readonly merchantId: string;
  readonly txId: string;
  readonly recorded: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly lines: readonly ResultLine[];
}

/** A committed write's answer: its result, transaction and block. */
interface Committed<T> {
  readonly result: T;
  readonly transactionId: string;
  readonly blockNumber: string;
}

function committed(response: RestResponse): Committed<Record<string, unknown>> {
  expect(response.status).toBe(200);
  const { result, transactionId, blockNumber } = response.body;
  if (typeof result !== 'object' || result === null || typeof transactionId !== 'string' || typeof blockNumber !== 'string') {
    throw new Error(`not a committed write: ${JSON.stringify(response.body)}`);
  }
  return { result: result as Record<string, unknown>, transactionId, blockNumber };
}

/** The committed answer of a batch; its lines must be an array (the gateway decoded each by its status). */
function committedBatch(response: RestResponse): Committed<BatchResult> {
  const write = committed(response);
  if (!Array.isArray(write.result.lines)) {
    throw new Error(`no lines in ${JSON.stringify(write.result)}`);
  }
  return { ...write, result: write.result as unknown as BatchResult };
}

function postBatch(by: RestClient, lines: readonly Line[], batchId: string = newKey()): Promise<RestResponse> {
  return by.post(BATCHES, { lines }, { idempotencyKey: batchId });
}

async function balance(account: string): Promise<number> {
  const response = await platformAdmin.get(`/v1/points/accounts/${account}/balance`);
  expect(response.status).toBe(200);
  return numberField(response.body, 'balance');
}

async function balances(accounts: readonly string[]): Promise<Map<string, number>> {
  return new Map(await Promise.all(accounts.map(async (account): Promise<[string, number]> => [account, await balance(account)])));
}

/** Points the recorded lines earned, by consumer. */
function earnedByConsumer(lines: readonly ResultLine[]): Map<string, number> {
  const earned = new Map<string, number>();
  for (const { purchase } of lines) {
    if (purchase !== undefined) {
      earned.set(purchase.consumer, (earned.get(purchase.consumer) ?? 0) + purchase.pointsEarned);
    }
  }
  return earned;
}

function totalEarned(lines: readonly ResultLine[]): number {
  return [...earnedByConsumer(lines).values()].reduce((sum, points) => sum + points, 0);
}

/** Runs `retry` and checks that the platform peer's ledger did not grow meanwhile. */
async function withoutNewBlocks(retry: () => Promise<RestResponse>): Promise<RestResponse> {
  const before = await height(PEER);
  const response = await retry();
  expect(await height(PEER)).toBe(before);
  return response;
}

describe('batched purchases through the REST gateway', () => {
  beforeAll(async () => {
    merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    consumer = await registerMember(platformAdmin, consumerIds.a, 'consumer');
    await registerMember(platformAdmin, consumerIds.b, 'consumer');
    await registerMember(platformAdmin, consumerIds.c, 'consumer');
    expect((await platformAdmin.post('/v1/points/mint', { points: 200_000 })).status).toBe(200);
    const registered = await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Batch shop', region: 'Shanghai' });
    expect(registered.status).toBe(200);
    // More than the join bonus, so that no line of the largest batch runs short of points.
    expect((await platformAdmin.post('/v1/points/transfers', { to: merchantId, points: 100_000 })).status).toBe(200);
  });

  describe('a batch of recorded, duplicate and rejected lines', () => {
    const earlier: Line = { orderId: uniqueId('pb-earlier'), consumer: consumerIds.c, amountFen: 8_000 };
    const first: Line = { orderId: uniqueId('pb-o0'), consumer: consumerIds.a, amountFen: 10_000 };
    const second: Line = { orderId: uniqueId('pb-o1'), consumer: consumerIds.b, amountFen: 20_000 };
    const third: Line = {
      orderId: uniqueId('pb-o2'),
      consumer: consumerIds.a,
      amountFen: 5_000,
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    };
    const batchId = uniqueId('pb-batch');
    let lines: Line[];
    let single: Committed<Record<string, unknown>>;
    let batch: Committed<BatchResult>;
    let before: Map<string, number>;
    const accounts = [consumerIds.a, consumerIds.b, consumerIds.c, merchantId];

    beforeAll(async () => {
      single = committed(await merchant.post('/v1/points/purchases', earlier));
      const params = await platformAdmin.get('/v1/points/params');
      expect(params.status).toBe(200);
      const tooOld = new Date(Date.now() - (numberField(params.body, 'maxBackdateDays') + 2) * DAY_MS).toISOString();
      lines = [
        first,
        second,
        third,
        // Recorded by the single purchase above, with the same content.
        earlier,
        // Outside the platform's backdate window: this line alone is refused.
        { orderId: uniqueId('pb-o4'), consumer: consumerIds.c, amountFen: 3_000, occurredAt: tooOld },
        // The first line again: recorded by this very batch.
        first,
        // The earlier order with other content.
        { ...earlier, amountFen: 9_000 },
      ];
      before = await balances(accounts);
      batch = committedBatch(await postBatch(merchant, lines, batchId));
    });

    it('answers every line in request order with its status', () => {
      const { result, transactionId } = batch;
      expect(result).toMatchObject({ batchId, merchantId, txId: transactionId, recorded: 3, duplicates: 2, rejected: 2 });
      expect(result.lines.map(({ index, orderId, status }) => ({ index, orderId, status }))).toEqual(
        lines.map(({ orderId }, index) => ({
          index,
          orderId,
          status: ['RECORDED', 'RECORDED', 'RECORDED', 'DUPLICATE', 'REJECTED', 'DUPLICATE', 'REJECTED'][index],
        })),
      );
    });

    it('records each recorded line as the single purchase would, in the batch’s transaction', () => {
      const { result, transactionId } = batch;
      // New consumers with one or two purchases, below every activity tier: ×1.0, one point per yuan.
      for (const [index, [line, pointsEarned]] of (
        [
          [first, 100],
          [second, 200],
          [third, 50],
        ] as const
      ).entries()) {
        expect(result.lines[index]?.purchase).toMatchObject({
          orderId: line.orderId,
          merchantId,
          consumer: line.consumer,
          amountFen: line.amountFen,
          pointsEarned,
          txId: transactionId,
        });
      }
      expect(result.lines[2]?.purchase).toMatchObject({ occurredAt: third.occurredAt });
    });

    it('names the transaction that recorded a duplicate and the ledger’s code of a rejected line', () => {
      const { result, transactionId } = batch;
      expect(result.lines[3]).toEqual({ index: 3, orderId: earlier.orderId, status: 'DUPLICATE', txId: single.transactionId });
      expect(result.lines[4]).toMatchObject({ status: 'REJECTED', code: 'INVALID_ARGUMENT' });
      expect(result.lines[4]?.message).toContain('occurredAt');
      expect(result.lines[5]).toEqual({ index: 5, orderId: first.orderId, status: 'DUPLICATE', txId: transactionId });
      expect(result.lines[6]).toMatchObject({ status: 'REJECTED', code: 'DUPLICATE_REQUEST' });
    });

    it('moves exactly the points of the recorded lines, from the merchant to each consumer', async () => {
      const after = await balances(accounts);
      const earned = earnedByConsumer(batch.result.lines);
      expect(earned.get(consumerIds.c)).toBeUndefined();
      for (const account of [consumerIds.a, consumerIds.b, consumerIds.c]) {
        expect([account, (after.get(account) ?? NaN) - (before.get(account) ?? NaN)]).toEqual([account, earned.get(account) ?? 0]);
      }
      expect((before.get(merchantId) ?? NaN) - (after.get(merchantId) ?? NaN)).toBe(totalEarned(batch.result.lines));
      expect(totalEarned(batch.result.lines)).toBe(350);
    });

    it('answers a replay of the batch id with the first transaction and lines, adding no block', async () => {
      const settled = await balances(accounts);

      const again = committedBatch(await withoutNewBlocks(() => postBatch(merchant, lines, batchId)));

      expect(again).toEqual(batch);
      expect(await balances(accounts)).toEqual(settled);
    });

    it('refuses the batch id with other lines with 409 DUPLICATE_REQUEST, adding no block', async () => {
      const other = await withoutNewBlocks(() => postBatch(merchant, lines.slice(0, 2), batchId));

      expect(other).toMatchObject({ status: 409, body: { code: 'DUPLICATE_REQUEST' } });
    });

    it('answers a single purchase of an order the batch recorded with the batch’s transaction and the line’s purchase', async () => {
      const replayed = committed(await withoutNewBlocks(() => merchant.post('/v1/points/purchases', second)));

      expect(replayed).toEqual({
        result: batch.result.lines[1]?.purchase,
        transactionId: batch.transactionId,
        blockNumber: batch.blockNumber,
      });

      const changed = await withoutNewBlocks(() => merchant.post('/v1/points/purchases', { ...second, amountFen: 20_001 }));
      expect(changed).toMatchObject({ status: 409, body: { code: 'DUPLICATE_REQUEST' } });
      expect(await balance(consumerIds.b)).toBe((before.get(consumerIds.b) ?? NaN) + 200);
    });
  });

  it('refuses a batch from a non-merchant and from an unregistered merchant with 403, writing nothing', async () => {
    const lines: Line[] = [{ orderId: uniqueId('pb-forbidden'), consumer: consumerIds.b, amountFen: 1_000 }];
    const unregistered = await registerMember(retailAdmin, uniqueId('pb-unregistered'), 'merchant');
    const before = await balance(consumerIds.b);

    expect(await postBatch(consumer, lines)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await postBatch(unregistered, lines)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await balance(consumerIds.b)).toBe(before);
  });

  it('commits a batch of the most lines it may carry in one request', async () => {
    const lines: Line[] = Array.from({ length: MAX_PURCHASE_BATCH_LINES }, (_, index) => ({
      orderId: uniqueId(`pb-big-${index}`),
      consumer: uniqueId(`pb-big-c-${index}`),
      amountFen: 1_000,
    }));
    const merchantBefore = await balance(merchantId);

    const { result, transactionId } = committedBatch(await postBatch(merchant, lines));

    expect(result).toMatchObject({ txId: transactionId, recorded: MAX_PURCHASE_BATCH_LINES, duplicates: 0, rejected: 0 });
    // Each the first purchase of a new consumer: 10 yuan, 10 points.
    expect(
      result.lines.map(({ index, orderId, status, purchase }) => ({
        index,
        orderId,
        status,
        consumer: purchase?.consumer,
        pointsEarned: purchase?.pointsEarned,
        txId: purchase?.txId,
      })),
    ).toEqual(
      lines.map(({ orderId, consumer: id }, index) => ({
        index,
        orderId,
        status: 'RECORDED',
        consumer: id,
        pointsEarned: 10,
        txId: transactionId,
      })),
    );
    expect(await balance(merchantId)).toBe(merchantBefore - MAX_PURCHASE_BATCH_LINES * 10);
    for (const index of [0, MAX_PURCHASE_BATCH_LINES / 2, MAX_PURCHASE_BATCH_LINES - 1]) {
      expect(await balance(lines[index]?.consumer ?? '')).toBe(10);
    }
  });
});
