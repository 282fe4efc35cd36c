/**
 * Records of the JOSP module as stored in world state and returned to clients, with a
 * validating parser for each (stored bytes are untrusted until checked), declared by shape with
 * ledger/schema.ts.
 *
 * @packageDocumentation
 */
import { count, countOrNull, listOf, oneOf, record, text, textOrNull } from '../ledger/schema';
import type { YieldTier } from './yield';

/** Who opened a plan: a merchant (operating-share plan) or a bank (wealth product). */
export const PLAN_KINDS = ['MERCHANT', 'BANK'] as const;
/** Plan kind. */
export type PlanKind = (typeof PLAN_KINDS)[number];

/** Lifecycle of a plan; REFUNDING and SETTLING mean paged payouts are under way. */
export const PLAN_STATUSES = ['OPEN', 'CANCELLED', 'REFUNDING', 'REFUNDED', 'SETTLING', 'SETTLED'] as const;
/** Plan status. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * `jospplan~<planId>`: a plan's terms, status and payout cursor. Its raised total and investor
 * count live in its tranches (`josptranche~<planId>~<nn>`, see tranches.ts), so that subscriptions
 * do not rewrite the plan; clients get a {@link PlanView}.
 */
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
  /** How many tranches the cap is split into, fixed when the plan opens (1–16). */
  readonly tranches: number;
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

/** A plan with the totals of its tranches: the result of plan writes, GetPlan and ListPlans. */
export type PlanView = Plan & {
  readonly raised: number;
  readonly investors: number;
};

/** `josptranche~<planId>~<nn>`: what was raised from one tranche and how many investors it is home to. */
export type Tranche = {
  readonly planId: string;
  readonly tranche: number;
  readonly raised: number;
  readonly investors: number;
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
  /** The investor's home tranche, whose roster the position is in. */
  readonly tranche: number;
  /** Place in the home tranche's roster, fixed at the first subscription. */
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

const parseTier = record<YieldTier>('tier', { minSalesFen: count, rateBps: count });

/** Checks a plan. */
export const parsePlan = record<Plan>('plan', {
  planId: text,
  kind: oneOf(PLAN_KINDS),
  issuer: text,
  salesMerchant: text,
  capPoints: count,
  minRaisePoints: count,
  minSubscription: count,
  maxSubscription: count,
  windowStart: text,
  windowEnd: text,
  maturity: text,
  yieldSchedule: listOf(parseTier),
  yieldEscrow: count,
  status: oneOf(PLAN_STATUSES),
  tranches: count,
  processed: count,
  salesFen: countOrNull,
  rateBps: countOrNull,
  paidYield: count,
  returnedYield: countOrNull,
  openedAt: text,
  updatedAt: text,
  txId: text,
});

/** Checks a position. */
export const parsePosition = record<Position>('position', {
  planId: text,
  investor: text,
  principal: count,
  tranche: count,
  seq: count,
  status: oneOf(POSITION_STATUSES),
  yieldPoints: countOrNull,
  subscribedAt: text,
  closedAt: textOrNull,
});

/** Checks a tranche. */
export const parseTranche = record<Tranche>('tranche', { planId: text, tranche: count, raised: count, investors: count });

/** Checks a loan. */
export const parseLoan = record<Loan>('loan', {
  loanId: text,
  bank: text,
  merchant: text,
  principalFen: count,
  rateBps: count,
  interestFen: count,
  dueDate: text,
  collateralPoints: count,
  status: oneOf(LOAN_STATUSES),
  offeredAt: text,
  acceptedAt: textOrNull,
  disbursedAt: textOrNull,
  closedAt: textOrNull,
  txId: text,
});

/** `jospqualified~<bank>~<consumer>`: when and by which transaction a bank qualified a consumer. */
export type Qualification = { readonly qualifiedAt: string; readonly txId: string };

/** Checks a qualification. */
export const parseQualification = record<Qualification>('qualification', { qualifiedAt: text, txId: text });

/** Checks a roster entry `josproster~<planId>~<nn>~<seq>`: the investor at that place of a tranche's roster. */
export const parseRosterEntry = record<{ investor: string }>('roster', { investor: text });

/** Checks an index entry (`jospplanby`, `josploanby`): just the id it points to. */
export const parseIndexEntry = record<{ id: string }>('index', { id: text });
