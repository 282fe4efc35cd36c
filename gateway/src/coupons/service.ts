import { createHash } from 'node:crypto';

import { AppError, ForbiddenError } from '../errors';
import type { CallerIdentity } from '../fabric/gateway';
import type { CouponsContract } from './contract';
import { type MatchPlanner, MatchWorker } from './match-worker';
import { type BookOrder, type BudgetKind, DEFAULT_MATCH_BUDGET, type Match, type MatchBudget, type MatchPlan } from './matcher';

/** Page size used to read the whole open order book. */
const BOOK_PAGE_SIZE = 100;
/** Upper bound on the pages read in one run, so a runaway book cannot stall the matcher. */
const MAX_BOOK_PAGES = 100;

/** What happened to one planned ring. */
export interface MatchOutcome extends Match {
  readonly status: 'EXECUTED' | 'FAILED';
  readonly transactionId: string | null;
  /** The chaincode's error code when the ring failed (e.g. `CONFLICT` for a stale match). */
  readonly error: string | null;
}

/** How the search of one run went. */
export interface MatchSearch {
  /**
   * The budget that stopped the search before the plan was complete, or null. The rings executed are
   * then the first rings of the complete plan; the next run goes on from there.
   */
  readonly cutShortBy: BudgetKind | null;
  /** Candidates examined (see {@link MatchBudget}). */
  readonly candidates: number;
  /** Milliseconds spent planning, on the matcher thread. */
  readonly elapsedMs: number;
}

/** The result of one matching run. */
export interface MatchRun {
  readonly openOrders: number;
  readonly matches: readonly MatchOutcome[];
  readonly search: MatchSearch;
}

/** A member running the matcher: its identity signs the rings; only members with an account trade. */
export type MatchCaller = CallerIdentity & { readonly account: string | null };

/** Collaborators and limits of {@link CouponMatcher}; the defaults serve production. */
export interface CouponMatcherOptions {
  /** What one run's search may spend; {@link DEFAULT_MATCH_BUDGET} by default. */
  readonly budget?: MatchBudget;
  /** Where plans are computed: a {@link MatchWorker} thread by default. */
  readonly planner?: MatchPlanner;
  readonly clock?: () => Date;
}

const NOTHING_TO_PLAN: MatchPlan = { matches: [], cutShortBy: null, candidates: 0, elapsedMs: 0 };

/**
 * Runs the exchange matcher: reads the open order book from the chaincode, plans disjoint rings with the
 * matcher on its own thread within a budget, and submits each ring as `ExecuteMatch`, which re-checks
 * every order on the ledger. Runs never overlap, so an on-demand run and a scheduled one do not submit
 * the same ring twice.
 */
export class CouponMatcher {
  private running: Promise<unknown> = Promise.resolve();
  private readonly budget: MatchBudget;
  private readonly planner: MatchPlanner;
  private readonly clock: () => Date;

  constructor(
    private readonly contract: CouponsContract,
    options: CouponMatcherOptions = {},
  ) {
    this.budget = options.budget ?? DEFAULT_MATCH_BUDGET;
    this.planner = options.planner ?? new MatchWorker();
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * One run under `caller`'s identity, queued behind any run in progress.
   *
   * @throws ForbiddenError when the caller holds no account (auditors, org admins other than the
   *   platform's): it could execute no ring, so the book is not even searched
   */
  run(caller: MatchCaller): Promise<MatchRun> {
    if (caller.account === null) {
      return Promise.reject(new ForbiddenError('only members with an account may run the matcher'));
    }
    const next = this.running.then(() => this.runOnce(caller));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runOnce(caller: CallerIdentity): Promise<MatchRun> {
    const { orders, values } = await this.readBook(caller);
    // A ring needs two orders; a smaller book is not worth a message to the matcher thread.
    const plan = orders.length < 2 ? NOTHING_TO_PLAN : await this.planner.plan(orders, values, this.budget);
    const matches: MatchOutcome[] = [];
    for (const match of plan.matches) {
      matches.push(await this.execute(caller, match));
    }
    const search = { cutShortBy: plan.cutShortBy, candidates: plan.candidates, elapsedMs: Math.round(plan.elapsedMs) };
    return { openOrders: orders.length, matches, search };
  }

  private async readBook(caller: CallerIdentity): Promise<{ orders: BookOrder[]; values: Map<string, number> }> {
    const now = this.clock().getTime();
    const orders: BookOrder[] = [];
    const values = new Map<string, number>();
    let bookmark = '';
    for (let page = 0; page < MAX_BOOK_PAGES; page++) {
      const { items, bookmark: next } = await this.contract.listOpenOrders(caller, BOOK_PAGE_SIZE, bookmark);
      for (const { order, giveUnitValueFen, wantUnitValueFen, giveValidUntil, wantValidUntil } of items) {
        // The chaincode refuses expired coupons anyway; leaving them out keeps one expired order from
        // failing a ring that other orders could have formed.
        if ([giveValidUntil, wantValidUntil].some((until) => until !== null && Date.parse(until) <= now)) {
          continue;
        }
        values.set(order.giveClassId, giveUnitValueFen);
        values.set(order.wantClassId, wantUnitValueFen);
        orders.push({
          orderId: order.orderId,
          owner: order.owner,
          giveAsset: order.giveClassId,
          giveQuantity: order.giveQuantity,
          wantAsset: order.wantClassId,
          wantQuantity: order.wantQuantity,
        });
      }
      if (next === '') {
        break;
      }
      bookmark = next;
    }
    return { orders, values };
  }

  private async execute(caller: CallerIdentity, match: Match): Promise<MatchOutcome> {
    try {
      const written = await this.contract.executeMatch(caller, matchRequestId(match.orderIds), match.orderIds);
      return { ...match, status: 'EXECUTED', transactionId: written.transactionId, error: null };
    } catch (err) {
      // A ring made stale by a concurrent cancel fails on the ledger without moving anything; the
      // other rings of the plan are disjoint from it and still worth trying.
      if (err instanceof AppError && err.code !== 'NETWORK_UNAVAILABLE') {
        return { ...match, status: 'FAILED', transactionId: null, error: err.code };
      }
      throw err;
    }
  }
}

/**
 * The business id of a ring: the same ring always gets the same id, so a retried run is answered
 * with the first execution instead of executing twice.
 */
export function matchRequestId(orderIds: readonly string[]): string {
  return `match:${createHash('sha256').update(orderIds.join('\u0000'), 'utf8').digest('hex').slice(0, 40)}`;
}
