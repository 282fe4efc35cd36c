import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import type { WriteResult } from '../points/contract';
import { decodeResult, type Decoder } from '../points/decode';
import {
  loanPageResult,
  loanResult,
  payoutPageResult,
  planPageResult,
  planResult,
  positionPageResult,
  qualificationResult,
  qualificationStatusResult,
  subscriptionResult,
  type Loan,
  type LoanPage,
  type PayoutPage,
  type Plan,
  type PlanPage,
  type PositionPage,
  type Qualification,
  type QualificationStatus,
  type Subscription,
} from './results';

/** Chaincode contract name of the JOSP module. */
export const JOSP_CONTRACT = 'josp';

/** One tier of a plan's yield schedule. */
export interface YieldTier {
  readonly minSalesFen: number;
  readonly rateBps: number;
}

/** The terms of a plan; `salesMerchant` and `yieldSchedule` may be left out (the issuer's own sales, SPEC defaults). */
export interface PlanTerms {
  readonly planId: string;
  readonly salesMerchant?: string;
  readonly capPoints: number;
  readonly minRaisePoints: number;
  readonly minSubscription: number;
  readonly maxSubscription: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly maturity: string;
  readonly yieldSchedule?: readonly YieldTier[];
}

/** The terms of a loan offer. */
export interface LoanTerms {
  readonly loanId: string;
  readonly merchantId: string;
  readonly principalFen: number;
  readonly rateBps: number;
  readonly dueDate: string;
  readonly collateralPoints: number;
}

/** The loan steps after the offer, by transaction name. */
export type LoanStep = 'AcceptLoan' | 'RecordDisbursement' | 'RecordRepayment' | 'DeclareDefault';

/**
 * Typed wrapper of the chaincode contract `josp`: one method per transaction of docs/josp.md, passing
 * arguments as the strings the chaincode parses and decoding its JSON result. Every call runs under
 * `caller`'s own Fabric identity; roles are checked by the chaincode.
 */
export class JospContract {
  constructor(private readonly fabric: FabricGateway) {}

  /** `OpenPlan` (merchant, bank). Absent options are sent as `""`, so a retry repeats the same arguments. */
  openPlan(caller: CallerIdentity, requestId: string, terms: PlanTerms): Promise<WriteResult<Plan>> {
    // Tiers are rebuilt field by field so the JSON text, part of the request's fingerprint, is stable.
    const schedule = terms.yieldSchedule === undefined
      ? ''
      : JSON.stringify(terms.yieldSchedule.map(({ minSalesFen, rateBps }) => ({ minSalesFen, rateBps })));
    const args = [
      requestId,
      terms.planId,
      terms.salesMerchant ?? '',
      String(terms.capPoints),
      String(terms.minRaisePoints),
      String(terms.minSubscription),
      String(terms.maxSubscription),
      terms.windowStart,
      terms.windowEnd,
      terms.maturity,
      schedule,
    ];
    return this.write(caller, 'OpenPlan', args, planResult);
  }

  /** `CancelPlan` (the issuer). */
  cancelPlan(caller: CallerIdentity, requestId: string, planId: string): Promise<WriteResult<Plan>> {
    return this.write(caller, 'CancelPlan', [requestId, planId], planResult);
  }

  /** `Subscribe` (consumer). */
  subscribe(caller: CallerIdentity, requestId: string, planId: string, points: number): Promise<WriteResult<Subscription>> {
    return this.write(caller, 'Subscribe', [requestId, planId, String(points)], subscriptionResult);
  }

  /** `RefundPlan` or `SettlePlan` (any account): one page of payouts. */
  payOut(
    caller: CallerIdentity,
    transaction: 'RefundPlan' | 'SettlePlan',
    requestId: string,
    planId: string,
    pageSize: number,
  ): Promise<WriteResult<PayoutPage>> {
    return this.write(caller, transaction, [requestId, planId, String(pageSize)], payoutPageResult);
  }

  /** `QualifyInvestor` (bank). */
  qualifyInvestor(caller: CallerIdentity, requestId: string, consumer: string): Promise<WriteResult<Qualification>> {
    return this.write(caller, 'QualifyInvestor', [requestId, consumer], qualificationResult);
  }

  /** `OfferLoan` (bank). */
  offerLoan(caller: CallerIdentity, requestId: string, terms: LoanTerms): Promise<WriteResult<Loan>> {
    const args = [
      requestId,
      terms.loanId,
      terms.merchantId,
      String(terms.principalFen),
      String(terms.rateBps),
      terms.dueDate,
      String(terms.collateralPoints),
    ];
    return this.write(caller, 'OfferLoan', args, loanResult);
  }

  /** A later loan step, each by its own party. */
  loanStep(caller: CallerIdentity, step: LoanStep, requestId: string, loanId: string): Promise<WriteResult<Loan>> {
    return this.write(caller, step, [requestId, loanId], loanResult);
  }

  /** `GetPlan`. */
  getPlan(caller: CallerIdentity, planId: string): Promise<Plan> {
    return this.read(caller, 'GetPlan', [planId], planResult);
  }

  /** `ListPlans`: an issuer's plans. */
  listPlans(caller: CallerIdentity, issuer: string, pageSize: number, bookmark: string): Promise<PlanPage> {
    return this.read(caller, 'ListPlans', [issuer, String(pageSize), bookmark], planPageResult);
  }

  /** `ListPositions` (the investor, admin, auditor). */
  listPositions(caller: CallerIdentity, investor: string, pageSize: number, bookmark: string): Promise<PositionPage> {
    return this.read(caller, 'ListPositions', [investor, String(pageSize), bookmark], positionPageResult);
  }

  /** `GetLoan` (its parties, admin, auditor). */
  getLoan(caller: CallerIdentity, loanId: string): Promise<Loan> {
    return this.read(caller, 'GetLoan', [loanId], loanResult);
  }

  /** `ListLoans` (the party, admin, auditor). */
  listLoans(caller: CallerIdentity, party: string, pageSize: number, bookmark: string): Promise<LoanPage> {
    return this.read(caller, 'ListLoans', [party, String(pageSize), bookmark], loanPageResult);
  }

  /** `GetQualification`. */
  getQualification(caller: CallerIdentity, bank: string, consumer: string): Promise<QualificationStatus> {
    return this.read(caller, 'GetQualification', [bank, consumer], qualificationStatusResult);
  }

  private async read<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<T> {
    return decodeResult(await this.fabric.evaluate(JOSP_CONTRACT, transaction, args, { caller }), decoder);
  }

  private async write<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<WriteResult<T>> {
    const outcome = await this.fabric.submit(JOSP_CONTRACT, transaction, args, { caller });
    return {
      result: decodeResult(outcome.result, decoder),
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
    };
  }
}
