/**
 * Records of the JOSP module as stored in world state and returned to clients, with a
 * validating parser for each (stored bytes are untrusted until checked).
 *
 * @packageDocumentation
 */
import { readFields } from '../ledger/reader';
import type { YieldTier } from './yield';

/** Who opened a plan: a merchant (operating-share plan) or a bank (wealth product). */
export const PLAN_KINDS = ['MERCHANT', 'BANK'] as const;
/** Plan kind. */
export type PlanKind = (typeof PLAN_KINDS)[number];

/** Lifecycle of a plan; REFUNDING and SETTLING mean paged payouts are under way. */
export const PLAN_STATUSES = ['OPEN', 'CANCELLED', 'REFUNDING', 'REFUNDED', 'SETTLING', 'SETTLED'] as const;
/** Plan status. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** `jospplan~<planId>`, also the result of plan writes and GetPlan. */
export type Plan = {
  readonly planId: string;
  readonly kind: PlanKind;
  readonly issuer: string;
  /** The merchant whose recorded sales set the rate (the issuer itself for merchant plans). */
  readonly salesMerchant: string;
  readonly capPoints: number;
  readonly minRaisePoints: number;
  readonly minSubscription: number;
  readonly maxSubscription: number;
  readonly windowStart: string;
  /** End of the subscription window and start of the term. */
  readonly windowEnd: string;
  readonly maturity: string;
  readonly yieldSchedule: readonly YieldTier[];
  readonly yieldEscrow: number;
  readonly status: PlanStatus;
  readonly raised: number;
  readonly investors: number;
  /** Positions already paid out (refund or settlement), in roster order. */
  readonly processed: number;
  readonly salesFen: number | null;
  readonly rateBps: number | null;
  readonly paidYield: number;
  readonly returnedYield: number | null;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly txId: string;
};

/** Lifecycle of an investor's position. */
export const POSITION_STATUSES = ['ACTIVE', 'REFUNDED', 'PAID'] as const;
/** Position status. */
export type PositionStatus = (typeof POSITION_STATUSES)[number];

/** `jospposition~<investor>~<planId>`. */
export type Position = {
  readonly planId: string;
  readonly investor: string;
  readonly principal: number;
  /** Place in the plan's roster, fixed at the first subscription. */
  readonly seq: number;
  readonly status: PositionStatus;
  readonly yieldPoints: number | null;
  readonly subscribedAt: string;
  readonly closedAt: string | null;
};

/** Lifecycle of a points-collateral loan. */
export const LOAN_STATUSES = ['OFFERED', 'ACCEPTED', 'DISBURSED', 'REPAID', 'DEFAULTED'] as const;
/** Loan status. */
export type LoanStatus = (typeof LOAN_STATUSES)[number];

/** `josploan~<loanId>`, also the result of every loan write. */
export type Loan = {
  readonly loanId: string;
  readonly bank: string;
  readonly merchant: string;
  readonly principalFen: number;
  readonly rateBps: number;
  readonly interestFen: number;
  readonly dueDate: string;
  readonly collateralPoints: number;
  readonly status: LoanStatus;
  readonly offeredAt: string;
  readonly acceptedAt: string | null;
  readonly disbursedAt: string | null;
  readonly closedAt: string | null;
  readonly txId: string;
};

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((item) => item === value);
  if (found === undefined) {
    throw new Error(`${what} is unknown`);
  }
  return found;
}

function parseTier(value: unknown): YieldTier {
  const f = readFields(value, 'tier');
  return { minSalesFen: f.integer('minSalesFen'), rateBps: f.integer('rateBps') };
}

/**
 * @param value - decoded JSON
 * @returns the plan
 * @throws Error when the shape is wrong
 */
export function parsePlan(value: unknown): Plan {
  const f = readFields(value, 'plan');
  return {
    planId: f.string('planId'),
    kind: oneOf(PLAN_KINDS, f.string('kind'), 'plan.kind'),
    issuer: f.string('issuer'),
    salesMerchant: f.string('salesMerchant'),
    capPoints: f.integer('capPoints'),
    minRaisePoints: f.integer('minRaisePoints'),
    minSubscription: f.integer('minSubscription'),
    maxSubscription: f.integer('maxSubscription'),
    windowStart: f.string('windowStart'),
    windowEnd: f.string('windowEnd'),
    maturity: f.string('maturity'),
    yieldSchedule: f.list('yieldSchedule', parseTier),
    yieldEscrow: f.integer('yieldEscrow'),
    status: oneOf(PLAN_STATUSES, f.string('status'), 'plan.status'),
    raised: f.integer('raised'),
    investors: f.integer('investors'),
    processed: f.integer('processed'),
    salesFen: f.integerOrNull('salesFen'),
    rateBps: f.integerOrNull('rateBps'),
    paidYield: f.integer('paidYield'),
    returnedYield: f.integerOrNull('returnedYield'),
    openedAt: f.string('openedAt'),
    updatedAt: f.string('updatedAt'),
    txId: f.string('txId'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the position
 * @throws Error when the shape is wrong
 */
export function parsePosition(value: unknown): Position {
  const f = readFields(value, 'position');
  return {
    planId: f.string('planId'),
    investor: f.string('investor'),
    principal: f.integer('principal'),
    seq: f.integer('seq'),
    status: oneOf(POSITION_STATUSES, f.string('status'), 'position.status'),
    yieldPoints: f.integerOrNull('yieldPoints'),
    subscribedAt: f.string('subscribedAt'),
    closedAt: f.stringOrNull('closedAt'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the loan
 * @throws Error when the shape is wrong
 */
export function parseLoan(value: unknown): Loan {
  const f = readFields(value, 'loan');
  return {
    loanId: f.string('loanId'),
    bank: f.string('bank'),
    merchant: f.string('merchant'),
    principalFen: f.integer('principalFen'),
    rateBps: f.integer('rateBps'),
    interestFen: f.integer('interestFen'),
    dueDate: f.string('dueDate'),
    collateralPoints: f.integer('collateralPoints'),
    status: oneOf(LOAN_STATUSES, f.string('status'), 'loan.status'),
    offeredAt: f.string('offeredAt'),
    acceptedAt: f.stringOrNull('acceptedAt'),
    disbursedAt: f.stringOrNull('disbursedAt'),
    closedAt: f.stringOrNull('closedAt'),
    txId: f.string('txId'),
  };
}

/**
 * @param value - decoded JSON
 * @returns the investor named by a roster entry
 * @throws Error when the shape is wrong
 */
export function parseRosterEntry(value: unknown): { investor: string } {
  return { investor: readFields(value, 'roster').string('investor') };
}

/**
 * @param value - decoded JSON
 * @returns the index entry (`jospplanby`, `josploanby`): just the id it points to
 * @throws Error when the shape is wrong
 */
export function parseIndexEntry(value: unknown): { id: string } {
  return { id: readFields(value, 'index').string('id') };
}
