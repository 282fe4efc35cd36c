/**
 * Paying a plan out, page by page: RefundPlan (minimum raise missed, or cancelled) and
 * SettlePlan (at or after maturity). The plan keeps a cursor over its roster, so a page is
 * paid once whatever request id re-runs it, and each position is marked when paid.
 *
 * @packageDocumentation
 */
import { JOSP } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { parseInteger } from '../ledger/args';
import { ConflictError } from '../ledger/errors';
import { executeWrite, type WriteScope } from '../ledger/execute';
import { creditLane } from '../ledger/lanes';
import { MAX_PAGE_SIZE } from '../ledger/paging';
import { platform } from '../ledger/platform';
import { principalEscrowRef, yieldEscrowRef } from './escrows';
import { requirePlan } from './ops-plan';
import type { Plan, PlanView, Tranche } from './records';
import { positions, readRosterEntry, writePlan, writePosition } from './repository';
import { readTranches, rosterPlace, totalsOf } from './tranches';
import { rateForSales, yieldOf } from './yield';

/** One investor paid in a page. */
type Payout = { investor: string; principal: number; yieldPoints: number };

/**
 * RefundPlan (anyone): returns principal to the next page of investors of a plan that was
 * cancelled or missed its minimum raise; after the last page the yield escrow goes back to
 * the issuer.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param planId - the plan
 * @param pageSize - investors to pay in this transaction, 1-100
 * @returns `{requestId, plan, payouts, txId, time}` as JSON
 */
export async function refundPlan(ctx: Context, requestId: string, planId: string, pageSize: string): Promise<string> {
  const spec = { tx: JOSP.transactions.RefundPlan, requestId, args: [planId, pageSize] };
  return executeWrite(ctx, spec, async (scope) => {
    const plan = await requirePlan(scope.stub, planId);
    const size = parseInteger(pageSize, 'pageSize', 1, MAX_PAGE_SIZE);
    const all = await readTranches(scope.stub, plan);
    const missed = plan.status === 'OPEN' && scope.timeMs >= Date.parse(plan.windowEnd) && totalsOf(all).raised < plan.minRaisePoints;
    if (!(missed || plan.status === 'CANCELLED' || plan.status === 'REFUNDING')) {
      throw new ConflictError('the plan is not to be refunded (window still open, minimum raised, or done)', {
        planId: plan.planId,
        status: plan.status,
      });
    }
    return payPage(scope, { ...plan, status: 'REFUNDING' }, all, size, 0);
  });
}

/**
 * SettlePlan (anyone): at or after maturity, pays principal and yield to the next page of
 * investors. The first page fixes the rate from the sales-merchant's sales recorded with
 * `occurredAt` in `[windowEnd, maturity)`; after the last page the unused yield escrow and
 * the rounding dust go back to the issuer.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param planId - the plan
 * @param pageSize - investors to pay in this transaction, 1-100
 * @returns `{requestId, plan, payouts, txId, time}` as JSON
 */
export async function settlePlan(ctx: Context, requestId: string, planId: string, pageSize: string): Promise<string> {
  const spec = { tx: JOSP.transactions.SettlePlan, requestId, args: [planId, pageSize] };
  return executeWrite(ctx, spec, async (scope) => {
    const plan = await requirePlan(scope.stub, planId);
    const size = parseInteger(pageSize, 'pageSize', 1, MAX_PAGE_SIZE);
    const all = await readTranches(scope.stub, plan);
    const due = plan.status === 'OPEN' && scope.timeMs >= Date.parse(plan.maturity) && totalsOf(all).raised >= plan.minRaisePoints;
    if (!(due || plan.status === 'SETTLING')) {
      throw new ConflictError('the plan is not to be settled (before maturity, minimum missed, or done)', {
        planId: plan.planId,
        status: plan.status,
      });
    }
    let settling: Plan = { ...plan, status: 'SETTLING' };
    if (plan.salesFen === null || plan.rateBps === null) {
      // Both bounds were registered as sales cuts when the plan opened.
      const salesFen = await platform().salesBetween(scope.stub, plan.salesMerchant, Date.parse(plan.windowEnd), Date.parse(plan.maturity));
      settling = { ...settling, salesFen, rateBps: rateForSales(plan.yieldSchedule, salesFen) };
    }
    return payPage(scope, settling, all, size, settling.rateBps ?? 0);
  });
}

/**
 * Pays the investors from the plan's cursor on, at most `pageSize` of them, in roster order: the
 * tranches' rosters one after another. The tranches are frozen once the window has closed.
 */
async function payPage(scope: WriteScope, plan: Plan, all: readonly Tranche[], pageSize: number, rateBps: number): Promise<PageResult> {
  const { stub, book, requestId, txId, time } = scope;
  const lane = creditLane(txId);
  const totals = totalsOf(all);
  const end = Math.min(plan.processed + pageSize, totals.investors);
  const payouts: Payout[] = [];
  let paidYield = plan.paidYield;
  for (let index = plan.processed; index < end; index++) {
    const investor = await readRosterEntry(stub, plan.planId, rosterPlace(all, index));
    const position = investor === undefined ? undefined : await positions.read(stub, investor, plan.planId);
    if (investor === undefined || position === undefined || position.status !== 'ACTIVE') {
      throw new Error(`roster entry ${index} of plan ${plan.planId} is missing or already paid`);
    }
    const common = { account: investor, requestId, reference: plan.planId };
    await book.releaseEscrow(
      { ...common, points: position.principal, kind: 'ESCROW_RELEASE' },
      principalEscrowRef(plan.planId, investor),
      lane,
    );
    const yieldPoints = plan.status === 'SETTLING' ? yieldOf(position.principal, rateBps) : 0;
    if (yieldPoints > 0) {
      await book.releaseEscrow({ ...common, points: yieldPoints, kind: 'JOSP_YIELD' }, yieldEscrowRef(plan.planId), lane);
      paidYield += yieldPoints;
    }
    const status = plan.status === 'SETTLING' ? 'PAID' : 'REFUNDED';
    await writePosition(stub, { ...position, status, yieldPoints, closedAt: time });
    payouts.push({ investor, principal: position.principal, yieldPoints });
  }
  let next: Plan = { ...plan, processed: end, paidYield, updatedAt: time, txId };
  if (end === totals.investors) {
    const returned = plan.yieldEscrow - paidYield;
    if (returned > 0) {
      const leg = { account: plan.issuer, points: returned, kind: 'ESCROW_RELEASE' as const, requestId, reference: plan.planId };
      await book.releaseEscrow(leg, yieldEscrowRef(plan.planId), lane);
    }
    next = { ...next, status: plan.status === 'SETTLING' ? 'SETTLED' : 'REFUNDED', returnedYield: returned };
  }
  await writePlan(stub, next);
  return { requestId, plan: { ...next, ...totals }, payouts, txId, time };
}

type PageResult = { requestId: string; plan: PlanView; payouts: Payout[]; txId: string; time: string };
