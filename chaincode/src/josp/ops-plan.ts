/**
 * Opening, cancelling and subscribing to JOSP plans.
 *
 * @packageDocumentation
 */
import { JOSP } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { decodeJson, MAX_POINTS_ARGUMENT, parseInteger, safeAdd } from '../ledger/args';
import type { AccountCaller } from '../ledger/caller';
import { AlreadyExistsError, CapExceededError, ConflictError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { platform } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { isoMillis, parseInstant } from '../ledger/time';
import { principalEscrowRef, yieldEscrowRef } from './escrows';
import type { Plan, Position } from './records';
import { isQualified, plans, positions, writePlan, writePosition } from './repository';
import { applyClaim, claimCapacity, trancheCount, viewOf } from './tranches';
import { DEFAULT_YIELD_SCHEDULE, parseYieldSchedule, yieldEscrow, type YieldTier } from './yield';

/** The terms of a plan, as the issuer sends them. */
interface PlanTerms {
  readonly planId: string;
  readonly salesMerchant: string;
  readonly capPoints: string;
  readonly minRaisePoints: string;
  readonly minSubscription: string;
  readonly maxSubscription: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly maturity: string;
  /** JSON list of `{minSalesFen, rateBps}`, or `""` for the default schedule (docs/rules.md#josp-yield). */
  readonly yieldScheduleJson: string;
}

/**
 * OpenPlan: a merchant (operating-share plan) or a bank (wealth product) opens a plan and
 * escrows its maximum yield. The arguments are the {@link PlanTerms}, in that order.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @returns the PlanView as JSON
 */
export async function openPlan(
  ctx: Context,
  requestId: string,
  planId: string,
  salesMerchant: string,
  capPoints: string,
  minRaisePoints: string,
  minSubscription: string,
  maxSubscription: string,
  windowStart: string,
  windowEnd: string,
  maturity: string,
  yieldScheduleJson: string,
): Promise<string> {
  const terms = {
    planId,
    salesMerchant,
    capPoints,
    minRaisePoints,
    minSubscription,
    maxSubscription,
    windowStart,
    windowEnd,
    maturity,
    yieldScheduleJson,
  };
  return openPlanWith(ctx, requestId, terms);
}

async function openPlanWith(ctx: Context, requestId: string, terms: PlanTerms): Promise<string> {
  const args = [
    terms.planId,
    terms.salesMerchant,
    terms.capPoints,
    terms.minRaisePoints,
    terms.minSubscription,
    terms.maxSubscription,
    terms.windowStart,
    terms.windowEnd,
    terms.maturity,
    terms.yieldScheduleJson,
  ];
  const spec = { tx: JOSP.transactions.OpenPlan, requestId, args };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time, timeMs }) => {
    const planId = requireKeyPart(terms.planId, 'planId');
    const salesMerchant = await checkSalesMerchant(stub, caller, terms.salesMerchant);
    const capPoints = parseInteger(terms.capPoints, 'capPoints', 1, MAX_POINTS_ARGUMENT);
    const minRaisePoints = parseInteger(terms.minRaisePoints, 'minRaisePoints', 0, capPoints);
    const minSubscription = parseInteger(terms.minSubscription, 'minSubscription', 1, capPoints);
    const maxSubscription = parseInteger(terms.maxSubscription, 'maxSubscription', minSubscription, capPoints);
    const windowStart = parseInstant(terms.windowStart, 'windowStart');
    const windowEnd = parseInstant(terms.windowEnd, 'windowEnd');
    const maturity = parseInstant(terms.maturity, 'maturity');
    if (!(windowStart < windowEnd && windowEnd < maturity && windowEnd > timeMs)) {
      throw new InvalidArgumentError('the times must satisfy windowStart < windowEnd < maturity and windowEnd > now', {
        field: 'windowEnd',
      });
    }
    const schedule = parseScheduleArgument(terms.yieldScheduleJson);
    if ((await plans.read(stub, planId)) !== undefined) {
      throw new AlreadyExistsError(`plan ${planId} exists already`, { planId });
    }
    // The term's sales are summed at settlement from segments cut at its bounds; no sale of the
    // term can be recorded before this, as the term starts after the transaction time.
    await platform().registerSalesCuts(stub, salesMerchant, [windowEnd, maturity], timeMs);
    const escrow = yieldEscrow(capPoints, schedule);
    if (escrow > 0) {
      const leg = { account: caller.account, points: escrow, kind: 'ESCROW_LOCK' as const, requestId: id, reference: planId };
      await book.lockEscrow(leg, yieldEscrowRef(planId), DEFAULT_DEBIT_LANE);
    }
    const plan: Plan = {
      planId,
      kind: caller.role === 'bank' ? 'BANK' : 'MERCHANT',
      issuer: caller.account,
      salesMerchant,
      capPoints,
      minRaisePoints,
      minSubscription,
      maxSubscription,
      windowStart: isoMillis(windowStart),
      windowEnd: isoMillis(windowEnd),
      maturity: isoMillis(maturity),
      yieldSchedule: schedule,
      yieldEscrow: escrow,
      status: 'OPEN',
      tranches: trancheCount(capPoints, maxSubscription),
      processed: 0,
      salesFen: null,
      rateBps: null,
      paidYield: 0,
      returnedYield: null,
      openedAt: time,
      updatedAt: time,
      txId,
    };
    await writePlan(stub, plan, true);
    return { ...plan, raised: 0, investors: 0 };
  });
}

/**
 * CancelPlan: the issuer withdraws a plan before its window ends; investors are then
 * refunded with RefundPlan.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param planId - the plan
 * @returns the PlanView as JSON
 */
export async function cancelPlan(ctx: Context, requestId: string, planId: string): Promise<string> {
  const spec = { tx: JOSP.transactions.CancelPlan, requestId, args: [planId] };
  return executeWrite(ctx, spec, async ({ stub, caller, txId, time, timeMs }) => {
    const plan = await requirePlan(stub, planId);
    if (plan.issuer !== caller.account) {
      throw new ForbiddenError('only the issuer may cancel a plan', { planId: plan.planId });
    }
    if (plan.status !== 'OPEN' || timeMs >= Date.parse(plan.windowEnd)) {
      throw new ConflictError('only an open plan may be cancelled, before its window ends', { planId: plan.planId, status: plan.status });
    }
    const cancelled: Plan = { ...plan, status: 'CANCELLED', updatedAt: time, txId };
    await writePlan(stub, cancelled);
    return viewOf(stub, cancelled);
  });
}

/**
 * Subscribe: a consumer escrows points in a plan during its window. It writes the investor's own
 * keys and the tranche(s) it draws from, never the plan, so subscriptions of investors with
 * different home tranches do not conflict.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param planId - the plan
 * @param points - points to subscribe
 * @returns `{requestId, planId, investor, points, principal, tranche, txId, time}` as JSON
 */
export async function subscribe(ctx: Context, requestId: string, planId: string, points: string): Promise<string> {
  const spec = { tx: JOSP.transactions.Subscribe, requestId, args: [planId, points] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time, timeMs }) => {
    const plan = await requirePlan(stub, planId);
    const amount = parseInteger(points, 'points', 1, MAX_POINTS_ARGUMENT);
    if (plan.status !== 'OPEN' || timeMs < Date.parse(plan.windowStart) || timeMs >= Date.parse(plan.windowEnd)) {
      throw new ConflictError('the plan is not open for subscription now', { planId: plan.planId, status: plan.status });
    }
    if (plan.kind === 'BANK' && !(await isQualified(stub, plan.issuer, caller.account))) {
      throw new ForbiddenError('the issuing bank has not marked this investor qualified', { planId: plan.planId });
    }
    const existing = await positions.read(stub, caller.account, plan.planId);
    const principal = safeAdd(existing?.principal ?? 0, amount);
    checkLimits(plan, principal);
    const claim = await claimCapacity(stub, plan, caller.account, amount);
    const leg = { account: caller.account, points: amount, kind: 'ESCROW_LOCK' as const, requestId: id, reference: plan.planId };
    await book.lockEscrow(leg, principalEscrowRef(plan.planId, caller.account), DEFAULT_DEBIT_LANE);
    await applyClaim(stub, plan, claim, existing === undefined);
    // A new investor takes the next place in the home tranche's roster: its count before this claim.
    const position: Position =
      existing === undefined
        ? newPosition(plan, caller.account, claim.home.tranche, claim.home.investors, principal, time)
        : { ...existing, principal };
    await writePosition(stub, position, existing === undefined);
    return {
      requestId: id,
      planId: plan.planId,
      investor: caller.account,
      points: amount,
      principal,
      tranche: claim.home.tranche,
      txId,
      time,
    };
  });
}

function newPosition(plan: Plan, investor: string, tranche: number, seq: number, principal: number, time: string): Position {
  return {
    planId: plan.planId,
    investor,
    principal,
    tranche,
    seq,
    status: 'ACTIVE',
    yieldPoints: null,
    subscribedAt: time,
    closedAt: null,
  };
}

/**
 * @param stub - normally `ctx.stub`
 * @param planId - the plan
 * @returns the plan
 * @throws NotFoundError when there is none
 */
export async function requirePlan(stub: Stub, planId: string): Promise<Plan> {
  return plans.require(stub, 'planId', planId);
}

function checkLimits(plan: Plan, principal: number): void {
  if (principal < plan.minSubscription) {
    throw new InvalidArgumentError(`a position must hold at least ${plan.minSubscription} points`, {
      field: 'points',
      minSubscription: plan.minSubscription,
    });
  }
  if (principal > plan.maxSubscription) {
    throw new CapExceededError(`a position may hold at most ${plan.maxSubscription} points`, {
      maxSubscription: plan.maxSubscription,
      principal,
    });
  }
}

async function checkSalesMerchant(stub: Stub, caller: AccountCaller, value: string): Promise<string> {
  if (caller.role === 'merchant') {
    if (value !== '' && value !== caller.account) {
      throw new InvalidArgumentError('a merchant plan is driven by its own sales: salesMerchant must be empty or the caller', {
        field: 'salesMerchant',
      });
    }
    if (!(await platform().isRegisteredMerchant(stub, caller.account))) {
      throw new ForbiddenError('only a registered merchant may open a plan', { merchantId: caller.account });
    }
    return caller.account;
  }
  const merchantId = requireKeyPart(value, 'salesMerchant');
  if (!(await platform().isRegisteredMerchant(stub, merchantId))) {
    throw new NotFoundError(`merchant ${merchantId} is not registered`, { merchantId });
  }
  return merchantId;
}

function parseScheduleArgument(value: string): YieldTier[] {
  if (value === '') {
    return [...DEFAULT_YIELD_SCHEDULE];
  }
  const decoded = decodeJson(value);
  if (decoded === undefined) {
    throw new InvalidArgumentError('yieldSchedule is not JSON', { field: 'yieldSchedule' });
  }
  return parseYieldSchedule(decoded);
}
