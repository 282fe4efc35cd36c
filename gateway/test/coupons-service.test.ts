import { CouponsContract } from '../src/coupons/contract';
import type { MatchPlanner } from '../src/coupons/match-worker';
import { DEFAULT_MATCH_BUDGET, type MatchPlan } from '../src/coupons/matcher';
import { CouponMatcher } from '../src/coupons/service';
import { ForbiddenError } from '../src/errors';
import type { SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes } from './support/fakes';
import { testMember } from './support/members-fixtures';

function openOrder(orderId: string, owner: string, give: string, want: string): object {
  return {
    order: {
      orderId,
      owner,
      giveClassId: give,
      giveQuantity: 1,
      wantClassId: want,
      wantQuantity: 1,
      status: 'OPEN',
      createdAt: '',
      updatedAt: '',
      matchTxId: null,
    },
    giveUnitValueFen: 1_000,
    wantUnitValueFen: 2_000,
    giveValidUntil: null,
    wantValidUntil: null,
  };
}

function book(...items: object[]): jest.Mock {
  return jest.fn().mockResolvedValue(jsonBytes({ items, bookmark: '' }));
}

function executed(orderIds: readonly string[]): SubmitResult {
  const result = { requestId: 'm', orderIds, legs: [], valueDifferenceFen: 0, txId: 'tx-m', time: '2025-03-01T00:00:00.000Z' };
  return { result: jsonBytes(result), transactionId: 'tx-m', blockNumber: 3n };
}

/** A planner whose `plan` is a mock property rather than a method, so that a test may read it unbound. */
interface MockPlanner {
  readonly plan: jest.Mock<Promise<MatchPlan>, Parameters<MatchPlanner['plan']>>;
}

function planMock(): MockPlanner['plan'] {
  return jest.fn<Promise<MatchPlan>, Parameters<MatchPlanner['plan']>>();
}

function plannerAnswering(plan: MatchPlan): MockPlanner {
  return { plan: planMock().mockResolvedValue(plan) };
}

describe('coupon matcher runs', () => {
  it('plans within the configured budget, executes the plan and reports a search a budget cut short', async () => {
    const evaluate = book(openOrder('o1', 'p', 'a', 'b'), openOrder('o2', 'q', 'b', 'a'), openOrder('o3', 'r', 'a', 'b'));
    const submit = jest.fn(async (_contract: string, _tx: string, args: readonly string[]) =>
      executed(JSON.parse(args[1] ?? '[]') as string[]),
    );
    const planner = plannerAnswering({
      matches: [{ orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2 }],
      cutShortBy: 'time',
      candidates: 1_234,
      elapsedMs: 12.6,
    });
    const budget = { timeMs: 250, candidates: 9_999 };
    const matcher = new CouponMatcher(new CouponsContract(fakeFabric({ evaluate, submit })), { budget, planner });

    const run = await matcher.run(testMember());

    expect(planner.plan).toHaveBeenCalledTimes(1);
    const [orders, values, asked] = planner.plan.mock.calls[0] as unknown[];
    expect((orders as { orderId: string }[]).map((order) => order.orderId)).toEqual(['o1', 'o2', 'o3']);
    expect(values).toEqual(
      new Map([
        ['a', 1_000],
        ['b', 2_000],
      ]),
    );
    expect(asked).toEqual(budget);
    expect(run).toEqual({
      openOrders: 3,
      matches: [{ orderIds: ['o1', 'o2'], valueDifferenceFen: 0, hops: 2, status: 'EXECUTED', transactionId: 'tx-m', error: null }],
      search: { cutShortBy: 'time', candidates: 1_234, elapsedMs: 13 },
    });
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('plans within the default budget unless configured otherwise', async () => {
    const planner = plannerAnswering({ matches: [], cutShortBy: null, candidates: 2, elapsedMs: 0 });
    const matcher = new CouponMatcher(
      new CouponsContract(fakeFabric({ evaluate: book(openOrder('o1', 'p', 'a', 'b'), openOrder('o2', 'q', 'a', 'b')) })),
      { planner },
    );

    await expect(matcher.run(testMember())).resolves.toMatchObject({ openOrders: 2, matches: [], search: { cutShortBy: null } });
    expect(planner.plan.mock.calls[0]?.[2]).toEqual(DEFAULT_MATCH_BUDGET);
  });

  it('refuses a member without an account before reading the book: it could execute no ring', async () => {
    const evaluate = book();
    const planner = plannerAnswering({ matches: [], cutShortBy: null, candidates: 0, elapsedMs: 0 });
    const matcher = new CouponMatcher(new CouponsContract(fakeFabric({ evaluate })), { planner });

    await expect(matcher.run(testMember({ role: 'auditor', account: null }))).rejects.toBeInstanceOf(ForbiddenError);
    expect(evaluate).not.toHaveBeenCalled();
    expect(planner.plan).not.toHaveBeenCalled();
  });

  it('does not ask the planner about a book too small for a ring', async () => {
    const planner = plannerAnswering({ matches: [], cutShortBy: null, candidates: 0, elapsedMs: 0 });
    const matcher = new CouponMatcher(new CouponsContract(fakeFabric({ evaluate: book(openOrder('o1', 'p', 'a', 'b')) })), { planner });

    await expect(matcher.run(testMember())).resolves.toEqual({
      openOrders: 1,
      matches: [],
      search: { cutShortBy: null, candidates: 0, elapsedMs: 0 },
    });
    expect(planner.plan).not.toHaveBeenCalled();
  });

  it('fails the run when planning fails, and runs the next one', async () => {
    const planner: MockPlanner = { plan: planMock() };
    planner.plan.mockRejectedValueOnce(new Error('coupon matcher thread exited with code 1'));
    planner.plan.mockResolvedValueOnce({ matches: [], cutShortBy: null, candidates: 1, elapsedMs: 0 });
    const matcher = new CouponMatcher(
      new CouponsContract(fakeFabric({ evaluate: book(openOrder('o1', 'p', 'a', 'b'), openOrder('o2', 'q', 'a', 'b')) })),
      { planner },
    );

    await expect(matcher.run(testMember())).rejects.toThrow('exited with code 1');
    await expect(matcher.run(testMember())).resolves.toMatchObject({ matches: [] });
  });
});
