import { MAX_PURCHASE_BATCH_LINES } from '@loulan/protocol';

import { openAccounts } from '../support/accounts';
import type { Json } from '../support/driver';
import { isJsonObject } from '../support/json';
import { match } from '../support/matchers';
import { ADMIN, AUDITOR, consumer, merchant, PointsDriver, type Who } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

const M1 = merchant('m1');
openAccounts('consumer', 'c1', 'c2', 'c3');
// An account of another role, which a purchase may not credit.
openAccounts('merchant', 'm2');

/** A line of a batch, as a till sends it. */
type Line = { readonly orderId: string; readonly consumer: string; readonly amountFen: number; readonly occurredAt?: string };

const ACCOUNT_KEY = (id: string): string => `\u0000account\u0000${id}\u0000`;
const REQUEST_KEY = (account: string, id: string): string => `\u0000request\u0000${account}\u0000${id}\u0000`;

/** A ledger with merchant m1 (Beijing, 50,000 points of join bonus), at 2025-03-10T04:00:02Z. */
async function withMerchant(): Promise<PointsDriver> {
  const driver = new PointsDriver('2025-03-10T04:00:00.000Z');
  await driver.mint(1_000_000);
  await driver.register('m1', 'Beijing');
  return driver;
}

async function recordBatch(
  driver: PointsDriver,
  batchId: string,
  lines: readonly unknown[],
  lane = '0',
): Promise<Awaited<ReturnType<PointsDriver['run']>>> {
  return driver.run(M1, (c, ctx) => c.RecordPurchases(ctx, batchId, JSON.stringify(lines), lane));
}

/** The same purchases recorded one RecordPurchase each. */
async function recordEach(driver: PointsDriver, lines: readonly Line[]): Promise<Json[]> {
  const results: Json[] = [];
  for (const line of lines) {
    const { orderId, consumer: buyer, amountFen, occurredAt = '' } = line;
    results.push(await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, orderId, buyer, String(amountFen), occurredAt, '0')));
  }
  return results;
}

/** The line results of a batch result. */
function linesOf(result: Json): Json[] {
  const { lines } = result;
  if (!Array.isArray(lines) || !lines.every(isJsonObject)) {
    throw new Error('the batch result has no lines');
  }
  return lines;
}

async function balances(driver: PointsDriver, accounts: readonly string[]): Promise<number[]> {
  const found: number[] = [];
  for (const account of accounts) {
    found.push(await driver.balance(account));
  }
  return found;
}

async function expectInvariant(driver: PointsDriver): Promise<void> {
  expect(await driver.submit(AUDITOR, (c, ctx) => c.CheckInvariant(ctx))).toMatchObject({ holds: true });
}

describe('points: RecordPurchases', () => {
  // c1 buys four times; its third purchase reaches 1,000 yuan in the window (×1.2), and its last
  // one happened before all the others, so it counts none of them.
  const LINES: readonly Line[] = [
    { orderId: 'o1', consumer: 'c1', amountFen: 50_000, occurredAt: '2025-03-09T10:00:00.000Z' },
    { orderId: 'o2', consumer: 'c2', amountFen: 12_345, occurredAt: '2025-03-09T11:00:00.000Z' },
    { orderId: 'o3', consumer: 'c1', amountFen: 60_000, occurredAt: '2025-03-09T12:00:00.000Z' },
    { orderId: 'o4', consumer: 'walk-in-1', amountFen: 8_000, occurredAt: '2025-03-09T12:30:00.000Z' },
    { orderId: 'o5', consumer: 'c1', amountFen: 30_000, occurredAt: '2025-03-10T01:00:00.000+08:00' },
    { orderId: 'o6', consumer: 'c1', amountFen: 10_000, occurredAt: '2025-03-09T09:00:00.000Z' },
  ];
  const ACCOUNTS = ['m1', 'c1', 'c2', 'walk-in-1'];

  it('earns exactly what the same purchases recorded one by one earn', async () => {
    const batched = await withMerchant();
    const { json, result, stub } = await recordBatch(batched, 'batch-1', LINES, '3');
    const single = await withMerchant();
    const singles = await recordEach(single, LINES);

    const txId = stub.getTxID();
    const time = stub.getDateTimestamp().toISOString();
    expect(json).toEqual({
      batchId: 'batch-1',
      merchantId: 'm1',
      txId,
      time,
      recorded: LINES.length,
      duplicates: 0,
      rejected: 0,
      lines: singles.map((purchase, index) => ({
        index,
        orderId: LINES[index]?.orderId,
        status: 'RECORDED',
        purchase: { ...purchase, txId, time },
      })),
    });
    expect(singles.map((purchase) => purchase.multiplierBps)).toEqual([10_000, 10_000, 10_000, 10_000, 12_000, 10_000]);
    expect(stub.event).toEqual({ name: 'RecordPurchases', payload: Buffer.from(result, 'utf8') });

    expect(await balances(batched, ACCOUNTS)).toEqual(await balances(single, ACCOUNTS));
    const sales = (driver: PointsDriver): Promise<Json> => driver.submit(M1, (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'));
    expect(await sales(batched)).toEqual(await sales(single));
    await expectInvariant(batched);

    // A later purchase counts every purchase of the batch in its activity, as after the singles.
    const later = async (driver: PointsDriver): Promise<Json> =>
      (await recordEach(driver, [{ orderId: 'o7', consumer: 'c1', amountFen: 10_000, occurredAt: '2025-03-10T02:00:00.000Z' }]))[0] ?? {};
    const [afterBatch, afterSingles] = [await later(batched), await later(single)];
    expect(afterBatch).toMatchObject({ activityCount: 4, activityAmountFen: 150_000, multiplierBps: 12_000 });
    expect({ ...afterBatch, txId: null, time: null }).toEqual({ ...afterSingles, txId: null, time: null });
  });

  it('keeps every line of one consumer at one time: each counts in the month and in later activity', async () => {
    const driver = await withMerchant();
    const lines = ['o1', 'o2', 'o3'].map((orderId) => ({ orderId, consumer: 'c3', amountFen: 10_000 }));
    const { json } = await recordBatch(driver, 'batch-1', lines);
    expect(linesOf(json)).toHaveLength(3);
    for (const recorded of linesOf(json)) {
      // At one instant none of them lies before another.
      expect(recorded.purchase).toMatchObject({ occurredAt: json.time, activityCount: 0, pointsEarned: 100 });
    }
    expect(await driver.balance('c3')).toBe(300);
    expect(await driver.submit(M1, (c, ctx) => c.GetMonthlySales(ctx, 'm1', '202503'))).toMatchObject({ salesFen: 30_000, purchases: 3 });
    const later = await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o4', 'c3', '10000', '', '0'));
    expect(later).toMatchObject({ activityCount: 3, activityAmountFen: 30_000, multiplierBps: 12_000, pointsEarned: 120 });
  });

  it('reports an order recorded before, or earlier in the batch, as DUPLICATE with the transaction that recorded it', async () => {
    const driver = await withMerchant();
    const first = await driver.run(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '10000', '', '0'));
    const lines: Line[] = [
      { orderId: 'o1', consumer: 'c1', amountFen: 10_000 },
      { orderId: 'o2', consumer: 'c2', amountFen: 5_000 },
      { orderId: 'o2', consumer: 'c2', amountFen: 5_000 },
      { orderId: 'o2', consumer: 'c2', amountFen: 6_000 },
    ];
    const { json, stub } = await recordBatch(driver, 'batch-1', lines);
    expect(json).toMatchObject({ recorded: 1, duplicates: 2, rejected: 1 });
    expect(linesOf(json)).toEqual([
      { index: 0, orderId: 'o1', status: 'DUPLICATE', txId: first.stub.getTxID() },
      { index: 1, orderId: 'o2', status: 'RECORDED', purchase: match.any(Object) },
      { index: 2, orderId: 'o2', status: 'DUPLICATE', txId: stub.getTxID() },
      { index: 3, orderId: 'o2', status: 'REJECTED', code: 'DUPLICATE_REQUEST', message: match.any(String) },
    ]);
    expect(await balances(driver, ['c1', 'c2'])).toEqual([100, 50]);

    const again = await recordBatch(driver, 'batch-2', [lines[1]]);
    expect(linesOf(again.json)).toEqual([{ index: 0, orderId: 'o2', status: 'DUPLICATE', txId: stub.getTxID() }]);
    expect(await driver.balance('c2')).toBe(50);
  });

  describe('a line a rule refuses', () => {
    const GOOD: readonly Line[] = [
      { orderId: 'o1', consumer: 'c1', amountFen: 10_000, occurredAt: '2025-03-10T03:00:00.000Z' },
      { orderId: 'o2', consumer: 'walk-in-2', amountFen: 20_000 },
    ];
    // The refused lines follow the good ones, so that the good ones have the same line numbers
    // (part of their sale and activity keys) with and without them.
    const REFUSED: readonly [string, unknown, string][] = [
      ['an amount of 0', { orderId: 'b1', consumer: 'c1', amountFen: 0 }, 'INVALID_ARGUMENT'],
      ['a negative amount', { orderId: 'b2', consumer: 'c1', amountFen: -100 }, 'INVALID_ARGUMENT'],
      ['an amount above 10^12 fen', { orderId: 'b3', consumer: 'c1', amountFen: 1_000_000_000_001 }, 'INVALID_ARGUMENT'],
      ['a bad consumer id', { orderId: 'b4', consumer: 'c 1', amountFen: 100 }, 'INVALID_ARGUMENT'],
      ['the merchant as consumer', { orderId: 'b5', consumer: 'm1', amountFen: 100 }, 'INVALID_ARGUMENT'],
      ['a bad order id', { orderId: 'b 6', consumer: 'c1', amountFen: 100 }, 'INVALID_ARGUMENT'],
      [
        'an occurredAt in the future',
        { orderId: 'b7', consumer: 'c1', amountFen: 100, occurredAt: '2025-03-10T05:00:00.000Z' },
        'INVALID_ARGUMENT',
      ],
      [
        'an occurredAt 8 days back',
        { orderId: 'b8', consumer: 'c1', amountFen: 100, occurredAt: '2025-03-02T04:00:00.000Z' },
        'INVALID_ARGUMENT',
      ],
      ['a merchant account as consumer', { orderId: 'b9', consumer: 'm2', amountFen: 100 }, 'FORBIDDEN'],
      [
        'more points than the merchant holds, for a walk-in',
        { orderId: 'b10', consumer: 'walk-in-3', amountFen: 5_000_000 },
        'INSUFFICIENT_POINTS',
      ],
      ['an order recorded before with another amount', { orderId: 'o0', consumer: 'c1', amountFen: 999 }, 'DUPLICATE_REQUEST'],
      ['the batch id as order id', { orderId: 'batch-1', consumer: 'c1', amountFen: 100 }, 'DUPLICATE_REQUEST'],
    ];

    /** m1 recorded o0 for c1 (1,000 fen) before the batch. */
    async function withOrder(): Promise<PointsDriver> {
      const driver = await withMerchant();
      await driver.submit(M1, (c, ctx) => c.RecordPurchase(ctx, 'o0', 'c1', '1000', '', '0'));
      return driver;
    }

    it('is REJECTED with its code and message, and the ledger is as if the line had not been sent', async () => {
      const refused = await withOrder();
      const { json } = await recordBatch(refused, 'batch-1', [...GOOD, ...REFUSED.map(([, line]) => line)]);
      expect(json).toMatchObject({ recorded: GOOD.length, duplicates: 0, rejected: REFUSED.length });
      expect(linesOf(json).slice(GOOD.length)).toEqual(
        REFUSED.map(([, line], index) => ({
          index: GOOD.length + index,
          orderId: isJsonObject(line) ? line.orderId : undefined,
          status: 'REJECTED',
          code: REFUSED[index]?.[2],
          message: match.any(String),
        })),
      );
      expect(linesOf(json)[GOOD.length]?.message).toBe('amountFen must be a whole number from 1 to 1000000000000');

      const clean = await withOrder();
      await recordBatch(clean, 'batch-1', GOOD);
      const batchRecord = REQUEST_KEY('m1', 'batch-1');
      const state = (driver: PointsDriver): Map<string, string | undefined> =>
        new Map(
          driver.ledger
            .keys()
            .filter((key) => key !== batchRecord)
            .map((key) => [key, driver.ledger.read(key)?.toString('utf8')]),
        );
      expect(state(refused)).toEqual(state(clean));
      expect(refused.ledger.read(ACCOUNT_KEY('walk-in-3'))).toBeUndefined();
      expect(refused.ledger.read(REQUEST_KEY('m1', 'b1'))).toBeUndefined();
      await expectInvariant(refused);
    });
  });

  it('makes a later RecordPurchase of a recorded line a REQUEST_COMMITTED answered with the line’s Purchase', async () => {
    const driver = await withMerchant();
    const occurredAt = '2025-03-10T03:00:00.000Z';
    const { json, stub } = await recordBatch(driver, 'batch-1', [{ orderId: 'o1', consumer: 'c1', amountFen: 10_000, occurredAt }]);
    const purchase = linesOf(json)[0]?.purchase;
    expect(purchase).toMatchObject({ orderId: 'o1', pointsEarned: 100, txId: stub.getTxID() });

    const retry = await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '10000', occurredAt, '5'));
    expect(await expectRefusedRetry(driver.ledger, M1, retry, 'o1', isJsonObject(purchase) ? purchase : {})).toBe(stub.getTxID());
    const other = await driver.fail(M1, (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '20000', occurredAt, '5'));
    expect(other.code).toBe('DUPLICATE_REQUEST');
    expect(await driver.balance('c1')).toBe(100);
  });

  it('refuses a replay of the batch, even on another lane, with REQUEST_COMMITTED, and other lines under its id with DUPLICATE_REQUEST', async () => {
    const driver = await withMerchant();
    const lines = [{ orderId: 'o1', consumer: 'c1', amountFen: 10_000 }];
    const first = await recordBatch(driver, 'batch-1', lines, '2');
    const replay = await driver.fail(M1, (c, ctx) => c.RecordPurchases(ctx, 'batch-1', JSON.stringify(lines), '9'));
    expect(await expectRefusedRetry(driver.ledger, M1, replay, 'batch-1', first.result)).toBe(first.stub.getTxID());
    const other = JSON.stringify([{ orderId: 'o2', consumer: 'c1', amountFen: 10_000 }]);
    expect((await driver.fail(M1, (c, ctx) => c.RecordPurchases(ctx, 'batch-1', other, '2'))).code).toBe('DUPLICATE_REQUEST');
    expect(await driver.balance('c1')).toBe(100);
  });

  it('records a batch of the most lines it may carry, ten for each consumer', async () => {
    const driver = await withMerchant();
    const consumers = MAX_PURCHASE_BATCH_LINES / 10;
    const lines = Array.from({ length: MAX_PURCHASE_BATCH_LINES }, (_, index) => ({
      orderId: `o${index}`,
      consumer: `w${index % consumers}`,
      amountFen: 1_000,
    }));
    const { json } = await recordBatch(driver, 'batch-1', lines);
    expect(json).toMatchObject({ recorded: MAX_PURCHASE_BATCH_LINES, duplicates: 0, rejected: 0 });
    expect(await driver.balance('m1')).toBe(50_000 - MAX_PURCHASE_BATCH_LINES * 10);
    expect(await driver.balance('w7')).toBe(100);
    await expectInvariant(driver);
  });

  const line = { orderId: 'o1', consumer: 'c1', amountFen: 100 };
  it.each([
    ['text that is not JSON', 'nope'],
    ['an object', JSON.stringify(line)],
    ['no lines', '[]'],
    [
      'one line too many',
      JSON.stringify(Array.from({ length: MAX_PURCHASE_BATCH_LINES + 1 }, (_, index) => ({ ...line, orderId: `o${index}` }))),
    ],
    ['a line that is not an object', JSON.stringify([line, 'o2'])],
    ['a line without consumer', JSON.stringify([{ orderId: 'o1', amountFen: 100 }])],
    ['a numeric orderId', JSON.stringify([{ ...line, orderId: 1 }])],
    ['an amount as text', JSON.stringify([{ ...line, amountFen: '100' }])],
    ['a fractional amount', JSON.stringify([{ ...line, amountFen: 1.5 }])],
    ['a null occurredAt', JSON.stringify([{ ...line, occurredAt: null }])],
    ['an unknown field', JSON.stringify([{ ...line, lane: 3 }])],
  ])('refuses a batch of %s with INVALID_ARGUMENT', async (_label, linesJson) => {
    const driver = await withMerchant();
    const error = await driver.fail(M1, (c, ctx) => c.RecordPurchases(ctx, 'batch-1', linesJson, '0'));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'linesJson' } });
  });

  it('refuses lane 64 and a bad batch id with INVALID_ARGUMENT', async () => {
    const driver = await withMerchant();
    const lines = JSON.stringify([line]);
    expect(await driver.fail(M1, (c, ctx) => c.RecordPurchases(ctx, 'batch-1', lines, '64'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'lane' },
    });
    expect((await driver.fail(M1, (c, ctx) => c.RecordPurchases(ctx, 'batch 1', lines, '0'))).code).toBe('INVALID_ARGUMENT');
  });

  it.each<[string, Who]>([
    ['a consumer', consumer('c1')],
    ['an auditor', AUDITOR],
    ['the admin', ADMIN],
    ['an unregistered merchant', merchant('m9')],
  ])('refuses %s with FORBIDDEN', async (_label, who) => {
    const driver = await withMerchant();
    const lines = JSON.stringify([{ orderId: 'o1', consumer: 'c2', amountFen: 100 }]);
    expect((await driver.fail(who, (c, ctx) => c.RecordPurchases(ctx, 'batch-1', lines, '0'))).code).toBe('FORBIDDEN');
  });
});
