/**
 * Monthly merchant reward: marginal brackets and the month a sale counts towards
 * (docs/rules.md#points-monthly-reward, #points-late-sales). No Fabric types.
 *
 * @packageDocumentation
 */
import { safeAdd } from '../ledger/args';
import { mulDivFloor } from '../ledger/money';
import { nextMonth } from '../ledger/time';
import type { RewardBracket } from './params';

/** How one bracket contributed to a reward. */
export type BracketLine = {
  readonly fromFen: number;
  /** Upper bound of the bracket; null for the open-ended last one. */
  readonly toFen: number | null;
  readonly rateBps: number;
  /** Part of the sales that falls in this bracket. */
  readonly salesFen: number;
  /** `floor(salesFen × rateBps / 10000)`. */
  readonly rewardFen: number;
};

/** A computed monthly reward. */
export type RewardComputation = {
  readonly rewardFen: number;
  readonly points: number;
  readonly brackets: readonly BracketLine[];
};

/**
 * Computes the reward on a month's sales by marginal brackets, floored per bracket, paid
 * in points at `pointValueFen` per point (floored).
 *
 * @param salesFen - the merchant's sales attributed to the month
 * @param brackets - `monthlyRewardBrackets` parameter, ascending, last one open-ended
 * @param pointValueFen - value of one point
 * @returns the reward in fen and points, with one line per bracket
 */
export function computeMonthlyReward(salesFen: number, brackets: readonly RewardBracket[], pointValueFen: number): RewardComputation {
  let fromFen = 0;
  const lines = brackets.map((bracket): BracketLine => {
    const top = bracket.upToFen === null ? salesFen : Math.min(salesFen, bracket.upToFen);
    const portion = Math.max(0, top - fromFen);
    const line = {
      fromFen,
      toFen: bracket.upToFen,
      rateBps: bracket.rateBps,
      salesFen: portion,
      rewardFen: mulDivFloor(portion, bracket.rateBps, 10_000),
    };
    fromFen = bracket.upToFen ?? fromFen;
    return line;
  });
  const rewardFen = lines.reduce((sum, line) => safeAdd(sum, line.rewardFen), 0);
  // No product here: the floor of a quotient of safe integers is exact as a number.
  return { rewardFen, points: Math.floor(rewardFen / pointValueFen), brackets: lines };
}

/**
 * The month a sale counts towards: the month of its occurred-at, or, when that month's
 * reward has been paid, the first later month not yet rewarded (the "next period's
 * adjustment").
 *
 * @param candidates - consecutive `yyyymm` months from the occurred-at month up to the
 *   transaction's month, oldest first; the last one is normally open because it is not
 *   over yet
 * @param rewarded - which of them have been rewarded for the merchant
 * @returns the attributed month
 */
export function attributeSalesMonth(candidates: readonly string[], rewarded: ReadonlySet<string>): string {
  const open = candidates.find((month) => !rewarded.has(month));
  if (open !== undefined) {
    return open;
  }
  const last = candidates[candidates.length - 1];
  if (last === undefined) {
    throw new Error('no candidate month to attribute a sale to');
  }
  return nextMonth(last);
}
