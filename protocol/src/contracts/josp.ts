/**
 * Joint operating-share plans, qualifications and points-collateral loans (docs/rules.md#josp, docs/josp.md).
 *
 * @packageDocumentation
 */
import { ACCOUNT_ROLES, defineProtocol, read, write } from '../transactions';

/** The `josp` contract's transactions, callable as `josp:<Name>`; routes are relative to `/v1/josp`. */
export const JOSP = defineProtocol('josp', '/v1/josp', {
  OpenPlan: write(
    ['merchant', 'bank'],
    [
      'requestId',
      'planId',
      'salesMerchant',
      'capPoints',
      'minRaisePoints',
      'minSubscription',
      'maxSubscription',
      'windowStart',
      'windowEnd',
      'maturity',
      'yieldScheduleJson',
    ],
    'Open a plan, escrowing its maximum yield (merchant, bank)',
    'POST /plans',
  ),
  CancelPlan: write(
    ['merchant', 'bank'],
    ['requestId', 'planId'],
    'Cancel a plan during its window (issuer)',
    'POST /plans/{planId}/cancel',
  ),
  Subscribe: write(['consumer'], ['requestId', 'planId', 'points'], 'Subscribe points (consumer)', 'POST /plans/{planId}/subscriptions'),
  RefundPlan: write(
    ACCOUNT_ROLES,
    ['requestId', 'planId', 'pageSize'],
    'Refund the next page of investors (anyone)',
    'POST /plans/{planId}/refunds',
  ),
  SettlePlan: write(
    ACCOUNT_ROLES,
    ['requestId', 'planId', 'pageSize'],
    'Settle the next page of investors (anyone)',
    'POST /plans/{planId}/settlements',
  ),
  QualifyInvestor: write(['bank'], ['requestId', 'consumer'], 'Mark a consumer qualified (bank)', 'POST /qualifications'),
  OfferLoan: write(
    ['bank'],
    ['requestId', 'loanId', 'merchantId', 'principalFen', 'rateBps', 'dueDate', 'collateralPoints'],
    'Offer a points-collateral loan (bank)',
    'POST /loans',
  ),
  AcceptLoan: write(
    ['merchant'],
    ['requestId', 'loanId'],
    "Accept an offer, locking the collateral (the loan's merchant)",
    'POST /loans/{loanId}/accept',
  ),
  RecordDisbursement: write(
    ['bank'],
    ['requestId', 'loanId'],
    "Record the fiat disbursement (the loan's bank)",
    'POST /loans/{loanId}/disbursement',
  ),
  RecordRepayment: write(
    ['bank'],
    ['requestId', 'loanId'],
    "Record the repayment; the collateral returns to the merchant (the loan's bank)",
    'POST /loans/{loanId}/repayment',
  ),
  DeclareDefault: write(
    ['bank'],
    ['requestId', 'loanId'],
    "After the due date, move the collateral to the bank (the loan's bank)",
    'POST /loans/{loanId}/default',
  ),
  GetPlan: read(['planId'], 'A plan with its totals', 'GET /plans/{planId}'),
  ListPlans: read(['issuer', 'pageSize', 'bookmark'], "An issuer's plans, one page", 'GET /issuers/{issuer}/plans'),
  ListPositions: read(['investor', 'pageSize', 'bookmark'], "An investor's positions, one page", 'GET /investors/{investor}/positions'),
  GetLoan: read(['loanId'], 'A loan (its parties, admin, auditor)', 'GET /loans/{loanId}'),
  ListLoans: read(['party', 'pageSize', 'bookmark'], "A bank's or merchant's loans, one page", 'GET /parties/{party}/loans'),
  GetQualification: read(['bank', 'consumer'], 'Whether a bank qualified a consumer', 'GET /banks/{bank}/qualifications/{consumer}'),
});
