/**
 * What each write of the `josp` contract answers and emits (docs/josp.md).
 *
 * @packageDocumentation
 */
import { JOSP } from '../contracts/josp';
import type { WriteName } from '../transactions';
import { described, INSTANT, INTEGER, listOf, nullable, object, oneOfTexts, type ResultSchema, TEXT } from './schema';

/** A plan with the totals of its tranches, as every plan write answers it. */
const PLAN = object({
  planId: TEXT,
  kind: oneOfTexts('MERCHANT', 'BANK'),
  issuer: TEXT,
  salesMerchant: TEXT,
  capPoints: INTEGER,
  minRaisePoints: INTEGER,
  minSubscription: INTEGER,
  maxSubscription: INTEGER,
  windowStart: INSTANT,
  windowEnd: INSTANT,
  maturity: INSTANT,
  yieldSchedule: listOf(object({ minSalesFen: INTEGER, rateBps: INTEGER })),
  yieldEscrow: INTEGER,
  status: oneOfTexts('OPEN', 'CANCELLED', 'REFUNDING', 'REFUNDED', 'SETTLING', 'SETTLED'),
  tranches: INTEGER,
  processed: described(INTEGER, 'Investors refunded or settled so far (the payout cursor)'),
  salesFen: described(nullable(INTEGER), "The sales merchant's sales over the plan's term, once settling"),
  rateBps: described(nullable(INTEGER), 'The yield rate the sales reached, once settling'),
  paidYield: INTEGER,
  returnedYield: described(nullable(INTEGER), 'Yield escrow returned to the issuer, once refunding or settled'),
  openedAt: INSTANT,
  updatedAt: INSTANT,
  txId: TEXT,
  raised: INTEGER,
  investors: INTEGER,
});

/** A page of refunds or settlements. */
const PAYOUT_PAGE = object({
  requestId: TEXT,
  plan: PLAN,
  payouts: listOf(object({ investor: TEXT, principal: INTEGER, yieldPoints: INTEGER })),
  txId: TEXT,
  time: INSTANT,
});

const LOAN = object({
  loanId: TEXT,
  bank: TEXT,
  merchant: TEXT,
  principalFen: INTEGER,
  rateBps: INTEGER,
  interestFen: INTEGER,
  dueDate: INSTANT,
  collateralPoints: INTEGER,
  status: oneOfTexts('OFFERED', 'ACCEPTED', 'DISBURSED', 'REPAID', 'DEFAULTED'),
  offeredAt: INSTANT,
  acceptedAt: nullable(INSTANT),
  disbursedAt: nullable(INSTANT),
  closedAt: described(nullable(INSTANT), 'When it was repaid or declared in default'),
  txId: TEXT,
});

/** The result of every write of `josp`, by transaction. */
export const JOSP_RESULTS = {
  OpenPlan: PLAN,
  CancelPlan: PLAN,
  Subscribe: object({
    requestId: TEXT,
    planId: TEXT,
    investor: TEXT,
    points: described(INTEGER, 'Points this subscription added'),
    principal: described(INTEGER, "The investor's whole principal in the plan"),
    tranche: INTEGER,
    txId: TEXT,
    time: INSTANT,
  }),
  RefundPlan: PAYOUT_PAGE,
  SettlePlan: PAYOUT_PAGE,
  QualifyInvestor: object({ requestId: TEXT, bank: TEXT, consumer: TEXT, qualifiedAt: INSTANT, txId: TEXT }),
  OfferLoan: LOAN,
  AcceptLoan: LOAN,
  RecordDisbursement: LOAN,
  RecordRepayment: LOAN,
  DeclareDefault: LOAN,
} satisfies Record<WriteName<typeof JOSP>, ResultSchema>;
