import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { GatedContract } from '../points/gate';
import { CHAINCODE_VERSION } from '../version';
import { acceptLoan, declareDefault, offerLoan, recordDisbursement, recordRepayment } from './ops-loan';
import { refundPlan, settlePlan } from './ops-payout';
import { cancelPlan, openPlan, subscribe } from './ops-plan';
import { qualifyInvestor } from './ops-qualify';
import { getLoan, getPlan, getQualification, listLoans, listPlans, listPositions } from './queries';

/**
 * Operating-share plans, bank wealth products and points-collateral loans (SPEC §4),
 * callable as `josp:<Transaction>`. The agreed interface is docs/josp.md; each method only
 * routes to its operation, so that every method of this class is a transaction.
 */
@Info({ title: 'josp', description: 'Operating-share plans and points-collateral loans', version: CHAINCODE_VERSION })
export class JospContract extends GatedContract {
  constructor() {
    super('josp');
  }

  /** Opens a plan and escrows its maximum yield (merchant, bank). @returns the Plan as JSON */
  @Transaction()
  @Returns('string')
  public async OpenPlan(
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
    const terms = { planId, salesMerchant, capPoints, minRaisePoints, minSubscription, maxSubscription, windowStart, windowEnd, maturity, yieldScheduleJson };
    return openPlan(ctx, requestId, terms);
  }

  /** Withdraws an open plan before its window ends (issuer). @returns the Plan as JSON */
  @Transaction()
  @Returns('string')
  public async CancelPlan(ctx: Context, requestId: string, planId: string): Promise<string> {
    return cancelPlan(ctx, requestId, planId);
  }

  /** Escrows points in a plan (consumer). @returns the Subscription as JSON */
  @Transaction()
  @Returns('string')
  public async Subscribe(ctx: Context, requestId: string, planId: string, points: string): Promise<string> {
    return subscribe(ctx, requestId, planId, points);
  }

  /** Refunds the next page of investors (any account). @returns the PayoutPage as JSON */
  @Transaction()
  @Returns('string')
  public async RefundPlan(ctx: Context, requestId: string, planId: string, pageSize: string): Promise<string> {
    return refundPlan(ctx, requestId, planId, pageSize);
  }

  /** Settles the next page of investors (any account). @returns the PayoutPage as JSON */
  @Transaction()
  @Returns('string')
  public async SettlePlan(ctx: Context, requestId: string, planId: string, pageSize: string): Promise<string> {
    return settlePlan(ctx, requestId, planId, pageSize);
  }

  /** Marks a consumer qualified for the bank's products (bank). @returns the Qualification as JSON */
  @Transaction()
  @Returns('string')
  public async QualifyInvestor(ctx: Context, requestId: string, consumer: string): Promise<string> {
    return qualifyInvestor(ctx, requestId, consumer);
  }

  /** Offers a points-collateral loan to a merchant (bank). @returns the Loan as JSON */
  @Transaction()
  @Returns('string')
  public async OfferLoan(
    ctx: Context,
    requestId: string,
    loanId: string,
    merchantId: string,
    principalFen: string,
    rateBps: string,
    dueDate: string,
    collateralPoints: string,
  ): Promise<string> {
    return offerLoan(ctx, requestId, { loanId, merchantId, principalFen, rateBps, dueDate, collateralPoints });
  }

  /** Accepts an offer by locking the collateral (the loan's merchant). @returns the Loan as JSON */
  @Transaction()
  @Returns('string')
  public async AcceptLoan(ctx: Context, requestId: string, loanId: string): Promise<string> {
    return acceptLoan(ctx, requestId, loanId);
  }

  /** Records the fiat disbursement (the loan's bank). @returns the Loan as JSON */
  @Transaction()
  @Returns('string')
  public async RecordDisbursement(ctx: Context, requestId: string, loanId: string): Promise<string> {
    return recordDisbursement(ctx, requestId, loanId);
  }

  /** Records the repayment and unlocks the collateral (the loan's bank). @returns the Loan as JSON */
  @Transaction()
  @Returns('string')
  public async RecordRepayment(ctx: Context, requestId: string, loanId: string): Promise<string> {
    return recordRepayment(ctx, requestId, loanId);
  }

  /** Takes the collateral after the due date (the loan's bank). @returns the Loan as JSON */
  @Transaction()
  @Returns('string')
  public async DeclareDefault(ctx: Context, requestId: string, loanId: string): Promise<string> {
    return declareDefault(ctx, requestId, loanId);
  }

  /** @returns the Plan with its totals as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetPlan(ctx: Context, planId: string): Promise<string> {
    return getPlan(ctx, planId);
  }

  /** @returns one page of an issuer's plans as JSON */
  @Transaction(false)
  @Returns('string')
  public async ListPlans(ctx: Context, issuer: string, pageSize: string, bookmark: string): Promise<string> {
    return listPlans(ctx, issuer, pageSize, bookmark);
  }

  /** @returns one page of an investor's positions as JSON */
  @Transaction(false)
  @Returns('string')
  public async ListPositions(ctx: Context, investor: string, pageSize: string, bookmark: string): Promise<string> {
    return listPositions(ctx, investor, pageSize, bookmark);
  }

  /** @returns the Loan as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetLoan(ctx: Context, loanId: string): Promise<string> {
    return getLoan(ctx, loanId);
  }

  /** @returns one page of a party's loans as JSON */
  @Transaction(false)
  @Returns('string')
  public async ListLoans(ctx: Context, party: string, pageSize: string, bookmark: string): Promise<string> {
    return listLoans(ctx, party, pageSize, bookmark);
  }

  /** @returns whether a bank has qualified a consumer, as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetQualification(ctx: Context, bank: string, consumer: string): Promise<string> {
    return getQualification(ctx, bank, consumer);
  }
}
