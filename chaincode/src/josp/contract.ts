import { defineContract, evaluate, submit } from '../ledger/transactions';
import { acceptLoan, declareDefault, offerLoan, recordDisbursement, recordRepayment } from './ops-loan';
import { refundPlan, settlePlan } from './ops-payout';
import { cancelPlan, openPlan, subscribe } from './ops-plan';
import { qualifyInvestor } from './ops-qualify';
import { getLoan, getPlan, getQualification, listLoans, listPlans, listPositions } from './queries';

/**
 * Operating-share plans, bank wealth products and points-collateral loans (docs/rules.md#josp),
 * callable as `josp:<Transaction>`. The agreed interface is docs/josp.md: one entry per
 * transaction, which is its operation's function (ledger/transactions.ts).
 */
export const JospContract = defineContract('josp', 'Operating-share plans and points-collateral loans', {
  /** Opens a plan and escrows its maximum yield (merchant, bank). @returns the Plan as JSON */
  OpenPlan: submit(openPlan),
  /** Withdraws an open plan before its window ends (issuer). @returns the Plan as JSON */
  CancelPlan: submit(cancelPlan),
  /** Escrows points in a plan (consumer). @returns the Subscription as JSON */
  Subscribe: submit(subscribe),
  /** Refunds the next page of investors (any account). @returns the PayoutPage as JSON */
  RefundPlan: submit(refundPlan),
  /** Settles the next page of investors (any account). @returns the PayoutPage as JSON */
  SettlePlan: submit(settlePlan),
  /** Marks a consumer qualified for the bank's products (bank). @returns the Qualification as JSON */
  QualifyInvestor: submit(qualifyInvestor),
  /** Offers a points-collateral loan to a merchant (bank). @returns the Loan as JSON */
  OfferLoan: submit(offerLoan),
  /** Accepts an offer by locking the collateral (the loan's merchant). @returns the Loan as JSON */
  AcceptLoan: submit(acceptLoan),
  /** Records the fiat disbursement (the loan's bank). @returns the Loan as JSON */
  RecordDisbursement: submit(recordDisbursement),
  /** Records the repayment and unlocks the collateral (the loan's bank). @returns the Loan as JSON */
  RecordRepayment: submit(recordRepayment),
  /** Takes the collateral after the due date (the loan's bank). @returns the Loan as JSON */
  DeclareDefault: submit(declareDefault),
  /** @returns the Plan with its totals as JSON */
  GetPlan: evaluate(getPlan),
  /** @returns one page of an issuer's plans as JSON */
  ListPlans: evaluate(listPlans),
  /** @returns one page of an investor's positions as JSON */
  ListPositions: evaluate(listPositions),
  /** @returns the Loan as JSON */
  GetLoan: evaluate(getLoan),
  /** @returns one page of a party's loans as JSON */
  ListLoans: evaluate(listLoans),
  /** @returns whether a bank has qualified a consumer, as JSON */
  GetQualification: evaluate(getQualification),
});
/** An instance of the josp contract. */
export type JospContract = InstanceType<typeof JospContract>;
