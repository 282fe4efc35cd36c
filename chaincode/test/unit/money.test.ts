import { MAX_FEN_ARGUMENT, MAX_POINTS_ARGUMENT } from '../../src/ledger/args';
import { mulAtMost, mulDivFloor, safeMul } from '../../src/ledger/money';

/** Reference floor(a × b / c) for c > 0, in BigInt, written out apart from the code under test. */
function floorRef(a: bigint, b: bigint, c: bigint): number {
  const p = a * b;
  const q = p / c;
  return Number(p % c !== 0n && p < 0n ? q - 1n : q);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

describe('mulDivFloor', () => {
  it('is exact where the number product rounds: 999,999,990,001 × 9,999 / 10,000', () => {
    // 9998999900019999 lies above 2^53 and rounds to …20000 as a number, one unit too many.
    expect(999_999_990_001n * 9_999n > MAX_SAFE).toBe(true);
    expect(mulDivFloor(999_999_990_001, 9_999, 10_000)).toBe(floorRef(999_999_990_001n, 9_999n, 10_000n));
    expect(mulDivFloor(999_999_990_001, 9_999, 10_000)).toBe(999_899_990_001);
  });

  it('is exact at the largest allowed inputs (10^12 × 10^4 bps)', () => {
    expect(mulDivFloor(MAX_POINTS_ARGUMENT, 10_000, 10_000)).toBe(MAX_POINTS_ARGUMENT);
    expect(mulDivFloor(MAX_FEN_ARGUMENT, 9_999, 10_000)).toBe(floorRef(10n ** 12n, 9_999n, 10_000n));
    expect(mulDivFloor(MAX_FEN_ARGUMENT - 1, 9_999, 10_000)).toBe(floorRef(10n ** 12n - 1n, 9_999n, 10_000n));
  });

  it('matches BigInt on inputs near the limits, including the worst case for numbers', () => {
    for (let a = MAX_POINTS_ARGUMENT - 200_000; a <= MAX_POINTS_ARGUMENT; a += 997) {
      for (const b of [1, 3_333, 9_997, 9_999, 10_000]) {
        expect(mulDivFloor(a, b, 10_000)).toBe(floorRef(BigInt(a), BigInt(b), 10_000n));
      }
    }
    // Each a ≡ 1 (mod 10^4) makes a × 9,999 ≡ −1 (mod 10^4), which a double rounds up above 2^53.
    for (let a = 999_999_990_001; a > 901_000_000_000; a -= 9_990_000_000) {
      expect(mulDivFloor(a, 9_999, 10_000)).toBe(floorRef(BigInt(a), 9_999n, 10_000n));
    }
  });

  it('floors at the rounding edges: one below a multiple, the multiple itself, a half, zero', () => {
    expect(mulDivFloor(9_999, 1, 10_000)).toBe(0);
    expect(mulDivFloor(10_000, 1, 10_000)).toBe(1);
    expect(mulDivFloor(19_999, 5_000, 10_000)).toBe(9_999);
    expect(mulDivFloor(0, 10_000, 10_000)).toBe(0);
    expect(mulDivFloor(MAX_POINTS_ARGUMENT, 0, 10_000)).toBe(0);
  });

  it('floors a negative product toward −∞', () => {
    expect(mulDivFloor(-1, 1, 10_000)).toBe(-1);
    expect(mulDivFloor(-10_000, 1, 10_000)).toBe(-1);
    expect(mulDivFloor(-10_001, 1, 10_000)).toBe(-2);
    expect(mulDivFloor(-999_999_990_001, 9_999, 10_000)).toBe(floorRef(-999_999_990_001n, 9_999n, 10_000n));
  });

  it('returns quotients up to the largest safe integer and throws beyond', () => {
    expect(mulDivFloor(Number.MAX_SAFE_INTEGER, 3, 4)).toBe(floorRef(MAX_SAFE, 3n, 4n));
    expect(mulDivFloor(Number.MAX_SAFE_INTEGER, 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => mulDivFloor(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(/overflow/);
    expect(() => mulDivFloor(Number.MIN_SAFE_INTEGER, 2, 1)).toThrow(/overflow/);
  });

  it('refuses factors that are not safe integers and a divisor that is not positive', () => {
    expect(() => mulDivFloor(2 ** 53, 1, 1)).toThrow(Error);
    expect(() => mulDivFloor(1.5, 2, 1)).toThrow(Error);
    expect(() => mulDivFloor(1, Number.NaN, 1)).toThrow(Error);
    expect(() => mulDivFloor(1, 1, 0)).toThrow(Error);
    expect(() => mulDivFloor(1, 1, -1)).toThrow(Error);
  });
});

describe('safeMul', () => {
  it('multiplies exactly up to the largest safe integer and throws beyond', () => {
    // 94,906,265² is the largest square below 2^53.
    expect(safeMul(94_906_265, 94_906_265)).toBe(Number(94_906_265n * 94_906_265n));
    expect(() => safeMul(94_906_266, 94_906_266)).toThrow(/overflow/);
    expect(safeMul(1_000, 100_000)).toBe(100_000_000);
    expect(safeMul(-3, 7)).toBe(-21);
  });
});

describe('mulAtMost', () => {
  it('gives the exact product up to and including the maximum', () => {
    expect(mulAtMost(1_000_000, 1_000_000, MAX_POINTS_ARGUMENT)).toBe(MAX_POINTS_ARGUMENT);
    expect(mulAtMost(999_999, 1_000_001, MAX_POINTS_ARGUMENT)).toBe(Number(999_999n * 1_000_001n));
    expect(mulAtMost(0, MAX_POINTS_ARGUMENT, 0)).toBe(0);
  });

  it('is undefined above the maximum, also where the product leaves the safe range', () => {
    expect(mulAtMost(1_000_001, 1_000_000, MAX_POINTS_ARGUMENT)).toBeUndefined();
    // The largest quantity times the largest price: 10^9 × 10^12 = 10^21.
    expect(mulAtMost(1_000_000_000, MAX_POINTS_ARGUMENT, MAX_POINTS_ARGUMENT)).toBeUndefined();
    // 3 × 3002399751580331 = 2^53 + 1, which a double would round to 2^53.
    expect(mulAtMost(3, 3_002_399_751_580_331, Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(mulAtMost(MAX_POINTS_ARGUMENT, 9_007, Number.MAX_SAFE_INTEGER)).toBe(Number(10n ** 12n * 9_007n));
  });

  it('refuses negative or unsafe factors', () => {
    expect(() => mulAtMost(-1, 1, 10)).toThrow(Error);
    expect(() => mulAtMost(1, 2 ** 53, Number.MAX_SAFE_INTEGER)).toThrow(Error);
    expect(() => mulAtMost(1, 1, 2 ** 53)).toThrow(Error);
  });
});
