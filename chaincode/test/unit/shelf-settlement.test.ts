import { MAX_SHELF_BATCH_LINES } from '@loulan/protocol';

import { parseBatch } from '../../src/shelf/lines';
import { floorBps, linesHash, settle } from '../../src/shelf/settlement';
import { thrownBy } from '../support/failure';

const SPLIT = { supplierBps: 3_000, operatorBps: 5_000, siteBps: 2_000, feeBps: 500 };

describe('shelf settlement formula', () => {
  it('splits the profit with floors and gives the dust to the operator', () => {
    // R 1333, C 700, F floor(66.65) = 66, P 567: supplier 700 + 170, site 113, operator 283 + 1 dust.
    expect(settle(1_333, 700, SPLIT)).toEqual({
      revenueFen: 1_333,
      costFen: 700,
      feeFen: 66,
      profitFen: 567,
      supplierFen: 870,
      operatorFen: 284,
      siteFen: 113,
      operatorLossFen: 0,
    });
  });

  it('accounts for every fen of revenue', () => {
    const cases: [number, number][] = [
      [1, 0],
      [999_999, 12_345],
      [10_007, 9_499],
      [123_456_789, 98_765],
    ];
    for (const [revenue, cost] of cases) {
      const a = settle(revenue, cost, SPLIT);
      expect(a.supplierFen + a.operatorFen + a.siteFen + a.feeFen).toBe(revenue);
      expect(a.operatorFen).toBeGreaterThanOrEqual(floorBps(a.profitFen, SPLIT.operatorBps));
    }
  });

  it('on a loss day still owes the supplier its cost, the others nothing, the operator carries the loss', () => {
    // R 1000, C 990, F 50, P −40.
    expect(settle(1_000, 990, SPLIT)).toEqual({
      revenueFen: 1_000,
      costFen: 990,
      feeFen: 50,
      profitFen: -40,
      supplierFen: 990,
      operatorFen: 0,
      siteFen: 0,
      operatorLossFen: 40,
    });
  });

  it('returns the fee rounded toward zero when refunds outweigh sales', () => {
    // R −333, C −100: fee −floor(16.65) = −16, P = −333 + 100 + 16 = −217, a loss.
    expect(settle(-333, -100, SPLIT)).toMatchObject({ feeFen: -16, profitFen: -217, supplierFen: -100, operatorFen: 0, siteFen: 0 });
  });

  it('settles a day without sales to zero', () => {
    expect(settle(0, 0, SPLIT)).toMatchObject({ feeFen: 0, profitFen: 0, supplierFen: 0, operatorFen: 0, siteFen: 0 });
  });

  it('floors exactly beyond the safe-integer product and for negatives', () => {
    expect(floorBps(900_000_000_000_000, 9_999)).toBe(899_910_000_000_000);
    expect(floorBps(-1, 1)).toBe(-1);
    expect(floorBps(-10_000, 1)).toBe(-1);
    expect(floorBps(9_999, 1)).toBe(0);
  });

  it('hashes the canonical lines independently of their order', () => {
    const lines = parseBatch(
      JSON.stringify([
        { saleId: 'b', sku: 'x', qty: 1, amountFen: 5, costFen: 1, occurredAt: '2025-03-10T12:00:00+08:00' },
        { saleId: 'a', sku: 'x', qty: 1, amountFen: 5, costFen: 1, occurredAt: '2025-03-10T04:00:00Z' },
      ]),
    );
    expect(linesHash(lines)).toBe(linesHash([...lines].reverse()));
    expect(linesHash(lines)).toMatch(/^[0-9a-f]{64}$/);
    expect(linesHash(lines)).not.toBe(linesHash(lines.slice(1)));
  });
});

describe('shelf batch parsing', () => {
  const line = { saleId: 's1', sku: 'A', qty: 1, amountFen: 100, costFen: 50, occurredAt: '2025-03-10T12:00:00+08:00' };

  it('normalises occurredAt and defaults refundOf to null', () => {
    expect(parseBatch(JSON.stringify([line]))).toEqual([{ ...line, occurredAt: '2025-03-10T04:00:00.000Z', refundOf: null }]);
  });

  it.each([
    [{ ...line, qty: -1 }, 'qty'],
    [{ ...line, amountFen: -1 }, 'amountFen'],
    [{ ...line, qty: -1, amountFen: -100, costFen: -50 }, 'qty'],
    [{ ...line, refundOf: 's0' }, 'qty'],
    [{ ...line, saleId: 'bad id' }, 'saleId'],
    [{ ...line, extra: 1 }, 'extra'],
    [{ ...line, amountFen: 1.5 }, 'amountFen'],
  ])('names the index of a bad line (%#)', (bad, field) => {
    expect(thrownBy(() => parseBatch(JSON.stringify([line, bad])))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { index: 1, field },
    });
  });

  it('refuses an empty batch and one of more than MAX_SHELF_BATCH_LINES lines', () => {
    expect(thrownBy(() => parseBatch('[]'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const many = Array.from({ length: MAX_SHELF_BATCH_LINES + 1 }, (_, i) => ({ ...line, saleId: `s${i}` }));
    expect(thrownBy(() => parseBatch(JSON.stringify(many)))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(parseBatch(JSON.stringify(many.slice(0, MAX_SHELF_BATCH_LINES)))).toHaveLength(MAX_SHELF_BATCH_LINES);
  });
});
