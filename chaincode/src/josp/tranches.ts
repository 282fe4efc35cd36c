/**
 * A plan's capacity, split into tranches so that concurrent subscriptions do not all rewrite one
 * key. Each tranche owns an equal share of the cap (its allotment) and counts what was raised from
 * it and the investors whose home it is; an investor's home tranche follows from a hash of the
 * account, so different investors mostly touch different tranche keys. A subscription that does
 * not fit its home tranche reads every tranche and draws the rest from the others, so the cap is
 * exact and a refusal only comes when the whole plan is full (docs/josp.md "Tranches").
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import { CapExceededError } from '../ledger/errors';
import type { Stub } from '../ledger/stub';
import type { Plan, PlanView, Tranche } from './records';
import { trancheKeyPart, tranches as trancheStore } from './repository';

/** The most tranches a plan is split into: the most subscriptions that proceed without conflict. */
export const MAX_TRANCHES = 16;

/** A plan's totals, summed over its tranches. */
export interface PlanTotals {
  readonly raised: number;
  readonly investors: number;
}

/** What a subscription took from which tranche; `home` is the tranche that counts the investor. */
export interface Claim {
  readonly home: Tranche;
  readonly drawn: ReadonlyMap<number, number>;
  /** Every tranche record the claim read, by number, so that writing it reads none again. */
  readonly read: ReadonlyMap<number, Tranche>;
}

/**
 * @param capPoints - the plan's cap
 * @param maxSubscription - the most one investor may hold
 * @returns how many tranches a plan of these terms has: as many as hold a full position each, 1–16
 */
export function trancheCount(capPoints: number, maxSubscription: number): number {
  return Math.max(1, Math.min(MAX_TRANCHES, Math.floor(capPoints / maxSubscription)));
}

/**
 * @param plan - the plan
 * @param tranche - 0-based tranche number
 * @returns the tranche's share of the cap (the first `cap mod n` tranches take one point more)
 */
export function allotmentOf(plan: Pick<Plan, 'capPoints' | 'tranches'>, tranche: number): number {
  const share = Math.floor(plan.capPoints / plan.tranches);
  return share + (tranche < plan.capPoints % plan.tranches ? 1 : 0);
}

/**
 * @param plan - the plan
 * @param investor - the investor's account
 * @returns the investor's home tranche: the same on every peer, spread evenly over investors
 */
export function homeTranche(plan: Pick<Plan, 'tranches'>, investor: string): number {
  return createHash('sha256').update(investor, 'utf8').digest().readUInt32BE(0) % plan.tranches;
}

/**
 * @param stub - normally `ctx.stub`
 * @param plan - the plan
 * @param tranche - 0-based tranche number
 * @returns the tranche record, zeroed when nothing was raised from it yet
 */
export async function readTranche(stub: Stub, plan: Pick<Plan, 'planId'>, tranche: number): Promise<Tranche> {
  return (await trancheStore.read(stub, plan.planId, trancheKeyPart(tranche))) ?? { planId: plan.planId, tranche, raised: 0, investors: 0 };
}

/**
 * Reads every tranche: only where the totals are needed (payouts, queries, a subscription that
 * overflows its home), since it puts every tranche in the transaction's read set.
 *
 * @param stub - normally `ctx.stub`
 * @param plan - the plan
 * @returns the tranches in order
 */
export async function readTranches(stub: Stub, plan: Pick<Plan, 'planId' | 'tranches'>): Promise<Tranche[]> {
  const all: Tranche[] = [];
  for (let tranche = 0; tranche < plan.tranches; tranche++) {
    all.push(await readTranche(stub, plan, tranche));
  }
  return all;
}

/**
 * @param all - every tranche of a plan
 * @returns the plan's raised total and investor count
 */
export function totalsOf(all: readonly Tranche[]): PlanTotals {
  return all.reduce((sum, t) => ({ raised: sum.raised + t.raised, investors: sum.investors + t.investors }), { raised: 0, investors: 0 });
}

/**
 * Takes `amount` points of the plan's capacity for `investor`, from the home tranche alone when it
 * has room, else from the home tranche and then the following ones in order.
 *
 * @param stub - normally `ctx.stub`
 * @param plan - an open plan
 * @param investor - the subscribing account
 * @param amount - points to subscribe
 * @returns where the points were taken from
 * @throws CapExceededError when the plan as a whole has less room than `amount`
 */
export async function claimCapacity(stub: Stub, plan: Plan, investor: string, amount: number): Promise<Claim> {
  const home = await readTranche(stub, plan, homeTranche(plan, investor));
  if (roomOf(plan, home) >= amount) {
    return { home, drawn: new Map([[home.tranche, amount]]), read: new Map([[home.tranche, home]]) };
  }
  const all = await readTranches(stub, plan);
  const room = all.reduce((sum, t) => sum + roomOf(plan, t), 0);
  if (room < amount) {
    const { raised } = totalsOf(all);
    throw new CapExceededError(`the plan has ${room} points of room left`, { capPoints: plan.capPoints, raised });
  }
  return { home, drawn: drawInOrder(plan, all, home.tranche, amount), read: new Map(all.map((t) => [t.tranche, t])) };
}

/**
 * Writes what a claim took, counting a new investor in the home tranche.
 *
 * @param stub - normally `ctx.stub`
 * @param plan - the plan
 * @param claim - from {@link claimCapacity} in the same transaction
 * @param isNewInvestor - true for the investor's first subscription to the plan
 */
export async function applyClaim(stub: Stub, plan: Plan, claim: Claim, isNewInvestor: boolean): Promise<void> {
  for (const before of claim.read.values()) {
    const joined = before.tranche === claim.home.tranche && isNewInvestor ? 1 : 0;
    const drawn = claim.drawn.get(before.tranche) ?? 0;
    if (joined > 0 || drawn > 0) {
      const after: Tranche = { ...before, raised: before.raised + drawn, investors: before.investors + joined };
      await trancheStore.write(stub, after, plan.planId, trancheKeyPart(before.tranche));
    }
  }
}

/**
 * Where the `index`-th investor of the plan's roster is (0-based, tranche after tranche).
 *
 * @param all - every tranche of the plan
 * @param index - place in the whole roster, below the plan's investor count
 * @returns the tranche and the place in its roster
 */
export function rosterPlace(all: readonly Tranche[], index: number): { tranche: number; seq: number } {
  let before = 0;
  for (const t of all) {
    if (index < before + t.investors) {
      return { tranche: t.tranche, seq: index - before };
    }
    before += t.investors;
  }
  throw new Error(`roster place ${index} is past the plan's ${before} investors`);
}

function roomOf(plan: Plan, tranche: Tranche): number {
  return allotmentOf(plan, tranche.tranche) - tranche.raised;
}

function drawInOrder(plan: Plan, all: readonly Tranche[], home: number, amount: number): Map<number, number> {
  const drawn = new Map<number, number>();
  let left = amount;
  for (let step = 0; step < all.length && left > 0; step++) {
    const tranche = all[(home + step) % all.length];
    const take = tranche === undefined ? 0 : Math.min(left, roomOf(plan, tranche));
    if (tranche !== undefined && take > 0) {
      drawn.set(tranche.tranche, take);
      left -= take;
    }
  }
  return drawn;
}

/**
 * @param stub - normally `ctx.stub`
 * @param plan - the stored plan
 * @returns the plan with the totals of its tranches
 */
export async function viewOf(stub: Stub, plan: Plan): Promise<PlanView> {
  return { ...plan, ...totalsOf(await readTranches(stub, plan)) };
}
