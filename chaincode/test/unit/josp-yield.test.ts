import {
  DEFAULT_YIELD_SCHEDULE,
  parseYieldSchedule,
  rateForSales,
  topRate,
  yieldEscrow,
  yieldOf,
  yieldRemainder,
} from '../../src/josp/yield';
import { LedgerError } from '../../src/ledger/errors';

describe('josp yield rules', () => {
  it.each([
    [0, 100],
    [4_999_999, 100],
    [5_000_000, 300],
    [19_999_999, 300],
    [20_000_000, 500],
    [900_000_000, 500],
  ])('pays the default rate (docs/rules.md#josp-yield) for %i fen of term sales: %i bps', (salesFen, rateBps) => {
    expect(rateForSales(DEFAULT_YIELD_SCHEDULE, salesFen)).toBe(rateBps);
  });

  it('escrows cap × top rate: 100 points for the reference plan of 2,000 points (docs/rules.md#josp-yield)', () => {
    expect(topRate(DEFAULT_YIELD_SCHEDULE)).toBe(500);
    expect(yieldEscrow(2_000, DEFAULT_YIELD_SCHEDULE)).toBe(100);
  });

  it.each([
    [100, 20, 80],
    [300, 60, 40],
    [500, 100, 0],
  ])('at %i bps a full 2,000-point plan of 1,000 + 600 + 400 pays %i and returns %i', (rateBps, total, back) => {
    const paid = [1_000, 600, 400].map((principal) => yieldOf(principal, rateBps));
    expect(paid.reduce((a, b) => a + b, 0)).toBe(total);
    expect(yieldRemainder(yieldEscrow(2_000, DEFAULT_YIELD_SCHEDULE), paid)).toBe(back);
  });

  it('floors each investor and returns the dust to the issuer', () => {
    const paid = [333, 333, 334].map((principal) => yieldOf(principal, 100));
    expect(paid).toEqual([3, 3, 3]);
    // Escrow 50 (1,000 × 5 %), paid 9: 41 back, of which 1 is dust (10 would be paid unfloored).
    expect(yieldRemainder(yieldEscrow(1_000, DEFAULT_YIELD_SCHEDULE), paid)).toBe(41);
    expect(yieldOf(19, 500)).toBe(0);
  });

  it('never pays more than the escrow, whatever the split', () => {
    for (const split of [
      [1, 1, 1],
      [7, 13, 2_980],
      [999, 1, 1_000],
    ]) {
      const cap = split.reduce((a, b) => a + b, 0);
      for (const rate of [100, 300, 500]) {
        const paid = split.map((p) => yieldOf(p, rate));
        expect(yieldRemainder(yieldEscrow(cap, DEFAULT_YIELD_SCHEDULE), paid)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('is exact where the product passes 2^53: yieldOf(999,999,990,001, 9,999)', () => {
    const exact = (principal: bigint, rateBps: bigint): number => Number((principal * rateBps) / 10_000n);
    expect(yieldOf(999_999_990_001, 9_999)).toBe(exact(999_999_990_001n, 9_999n));
    expect(yieldOf(999_999_990_001, 9_999)).toBe(999_899_990_001);
    expect(yieldOf(1_000_000_000_000, 10_000)).toBe(1_000_000_000_000);
    expect(yieldOf(999_999_999_999, 9_999)).toBe(exact(999_999_999_999n, 9_999n));
    expect(yieldOf(9_999, 9_999)).toBe(9_998); // 9,998.0001
  });

  it('returns the exact dust of a full plan at the largest cap and rate', () => {
    const schedule = parseYieldSchedule([
      { minSalesFen: 0, rateBps: 100 },
      { minSalesFen: 1_000_000_000_000, rateBps: 9_999 },
    ]);
    const cap = 1_000_000_000_000;
    const principals = [999_999_990_001, 9_999];
    const escrow = (10n ** 12n * 9_999n) / 10_000n;
    const yields = principals.map((p) => (BigInt(p) * 9_999n) / 10_000n);
    expect(yieldEscrow(cap, schedule)).toBe(Number(escrow));
    const paid = principals.map((p) => yieldOf(p, rateForSales(schedule, 1_000_000_000_000)));
    expect(paid).toEqual(yields.map(Number));
    // One point of dust goes back: floored with doubles, the first yield took it.
    expect(yieldRemainder(yieldEscrow(cap, schedule), paid)).toBe(Number(escrow - (yields[0] ?? 0n) - (yields[1] ?? 0n)));
    expect(yieldRemainder(yieldEscrow(cap, schedule), paid)).toBe(1);
  });

  it('accepts a custom schedule and refuses malformed ones', () => {
    expect(
      parseYieldSchedule([
        { minSalesFen: 0, rateBps: 0 },
        { minSalesFen: 10, rateBps: 10_000 },
      ]),
    ).toHaveLength(2);
    for (const bad of [
      [],
      [{ minSalesFen: 1, rateBps: 100 }],
      [{ minSalesFen: 0, rateBps: 10_001 }],
      [
        { minSalesFen: 0, rateBps: 1 },
        { minSalesFen: 0, rateBps: 2 },
      ],
      [{ minSalesFen: 0 }],
      'x',
    ]) {
      expect(() => parseYieldSchedule(bad)).toThrow(LedgerError);
    }
  });
});
