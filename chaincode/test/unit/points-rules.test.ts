import { InvalidArgumentError } from '../../src/ledger/errors';
import { mulDivFloor } from '../../src/ledger/money';
import { checkOccurredAt } from '../../src/ledger/platform';
import { activityMultiplierBps, BASE_MULTIPLIER_BPS, earnedPoints, redemptionCapFen, trailingActivity } from '../../src/points/earn';
import { DEFAULT_PARAMS } from '../../src/points/params';
import { attributeSalesMonth, computeMonthlyReward } from '../../src/points/reward';

const tiers = DEFAULT_PARAMS.activityTiers;
const DAY = 86_400_000;

describe('activity multiplier (defaults)', () => {
  it.each([
    [0, 0, 10_000],
    [2, 0, 10_000],
    [3, 0, 12_000],
    [9, 0, 12_000],
    [10, 0, 15_000],
    [2, 99_999, 10_000], // 999.99 yuan
    [0, 100_000, 12_000], // 1,000 yuan
    [0, 499_999, 12_000],
    [0, 500_000, 15_000], // 5,000 yuan
    [9, 500_000, 15_000], // amount beats count
    [10, 1, 15_000],
  ])('%i purchases of %i fen → %i bps', (count, amountFen, expected) => {
    expect(activityMultiplierBps(tiers, { count, amountFen })).toBe(expected);
  });

  it('is ×1.0 with no tiers at all', () => {
    expect(activityMultiplierBps([], { count: 100, amountFen: 10 ** 9 })).toBe(BASE_MULTIPLIER_BPS);
  });
});

describe('earned points', () => {
  it.each([
    [12_345, 1, 10_000, 123], // 123.45 yuan ×1.0 floors to 123
    [12_345, 1, 12_000, 148], // 148.14
    [12_345, 1, 15_000, 185], // 185.175
    [99, 1, 15_000, 1], // 1.485
    [66, 1, 15_000, 0], // 0.99
    [100, 3, 12_000, 3], // 3.6
  ])('%i fen at %i pt/yuan ×%i bps → %i', (amount, base, bps, expected) => {
    expect(earnedPoints(amount, base, bps)).toBe(expected);
  });

  it('is exact beyond 2^53 intermediate products', () => {
    expect(earnedPoints(1_000_000_000_000, 1_000, 100_000)).toBe(100_000_000_000_000);
    expect(mulDivFloor(Number.MAX_SAFE_INTEGER, 3, 4)).toBe(6_755_399_441_055_743);
  });
});

describe('redemption cap', () => {
  it('floors half the amount by default', () => {
    expect(redemptionCapFen(10_001, DEFAULT_PARAMS.redemptionCapBps)).toBe(5_000);
    expect(redemptionCapFen(10_000, 2_500)).toBe(2_500);
    expect(redemptionCapFen(10_000, 0)).toBe(0);
  });
});

describe('occurredAt window', () => {
  const tx = Date.parse('2025-03-10T00:00:00Z');
  it('accepts the transaction time and exactly maxBackdateDays before it', () => {
    expect(() => {
      checkOccurredAt(tx, tx, 7);
    }).not.toThrow();
    expect(() => {
      checkOccurredAt(tx - 7 * DAY, tx, 7);
    }).not.toThrow();
  });
  it.each([
    ['after the transaction', tx + 1],
    ['too early', tx - 7 * DAY - 1],
  ])('refuses a time %s', (_label, at) => {
    expect(() => {
      checkOccurredAt(at, tx, 7);
    }).toThrow(InvalidArgumentError);
  });
});

describe('trailing activity', () => {
  it('counts purchases in [occurredAt − window, occurredAt)', () => {
    const at = Date.parse('2025-03-31T00:00:00Z');
    const purchases = [
      { occurredAtMs: at - 30 * DAY, amountFen: 1 }, // first instant of the window: counts
      { occurredAtMs: at - 30 * DAY - 1, amountFen: 10 }, // just before: does not
      { occurredAtMs: at - 1, amountFen: 100 },
      { occurredAtMs: at, amountFen: 1_000 }, // the same instant is not "before"
    ];
    expect(trailingActivity(purchases, at, 30)).toEqual({ count: 2, amountFen: 101 });
  });
});

describe('monthly reward brackets', () => {
  const brackets = DEFAULT_PARAMS.monthlyRewardBrackets;

  it('pays the worked example: 150,000 yuan → 100 + 1,800 + 1,500 yuan = 340,000 points', () => {
    const reward = computeMonthlyReward(15_000_000, brackets, 1);
    expect(reward.rewardFen).toBe(340_000);
    expect(reward.points).toBe(340_000);
    expect(reward.brackets).toEqual([
      { fromFen: 0, toFen: 1_000_000, rateBps: 100, salesFen: 1_000_000, rewardFen: 10_000 },
      { fromFen: 1_000_000, toFen: 10_000_000, rateBps: 200, salesFen: 9_000_000, rewardFen: 180_000 },
      { fromFen: 10_000_000, toFen: null, rateBps: 300, salesFen: 5_000_000, rewardFen: 150_000 },
    ]);
  });

  it.each([
    [0, 0],
    [99, 0], // 0.99 fen floors to 0
    [1_000_000, 10_000],
    [1_000_001, 10_000],
    [1_000_050, 10_001],
    [10_000_000, 190_000],
  ])('%i fen of sales → %i fen', (sales, expected) => {
    expect(computeMonthlyReward(sales, brackets, 1).rewardFen).toBe(expected);
  });

  it('floors the conversion to points', () => {
    expect(computeMonthlyReward(1_000_050, brackets, 3).points).toBe(3_333);
  });
});

describe('month attribution of late sales', () => {
  it('keeps a sale in its own month while that month is unpaid', () => {
    expect(attributeSalesMonth(['202502', '202503'], new Set())).toBe('202502');
  });
  it('moves a sale of a rewarded month to the first later month not rewarded', () => {
    expect(attributeSalesMonth(['202501', '202502', '202503'], new Set(['202501', '202502']))).toBe('202503');
    expect(attributeSalesMonth(['202502', '202503'], new Set(['202502']))).toBe('202503');
  });
  it('never answers a rewarded month', () => {
    expect(attributeSalesMonth(['202512'], new Set(['202512']))).toBe('202601');
  });
});
