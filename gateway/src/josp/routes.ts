import type { Router } from 'express';

import type { ContractClient } from '../contract/client';
import { type LedgerDeps, ledgerRows, type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY, pageArgs } from '../http/paging';
import { DEFAULT_PAYOUT_PAGE_SIZE, OfferLoanDto, OpenPlanDto, PayoutPageDto, QualifyInvestorDto, SubscribeDto } from './dtos';
import { JOSP_SCHEMAS } from './openapi';
import * as r from './results';

/** Where the JOSP router is mounted. */
export const JOSP_BASE_PATH = '/v1/josp';

/** Chaincode contract name of the JOSP module. */
export const JOSP_CONTRACT = 'josp';

const op = ledgerRows<LedgerDeps>();

/**
 * The arguments of `OpenPlan`. Absent options are sent as `""` (the issuer's own sales, the default
 * schedule of docs/rules.md#josp-yield), so a retry repeats the same arguments; tiers are rebuilt field
 * by field so the JSON text, part of the request's fingerprint, is stable.
 */
function openPlanArgs(terms: OpenPlanDto): string[] {
  const schedule =
    terms.yieldSchedule === undefined
      ? ''
      : JSON.stringify(terms.yieldSchedule.map(({ minSalesFen, rateBps }) => ({ minSalesFen, rateBps })));
  const amounts = [terms.capPoints, terms.minRaisePoints, terms.minSubscription, terms.maxSubscription].map(String);
  return [terms.planId, terms.salesMerchant ?? '', ...amounts, terms.windowStart, terms.windowEnd, terms.maturity, schedule];
}

/** The loan steps after the offer: the last segment of their path, the transaction, who takes it. */
const LOAN_STEPS = [
  ['accept', 'AcceptLoan', "Accept an offer, locking the collateral (the loan's merchant)"],
  ['disbursement', 'RecordDisbursement', "Record the fiat disbursement (the loan's bank)"],
  ['repayment', 'RecordRepayment', "Record the repayment; the collateral returns to the merchant (the loan's bank)"],
  ['default', 'DeclareDefault', "After the due date, move the collateral to the bank (the loan's bank)"],
] as const;

/** The payouts of a plan, a page of investors at a time: refunds after a failed raise, settlements at maturity. */
const PAYOUTS = [
  ['refunds', 'RefundPlan', 'Refund the next page of investors (anyone)'],
  ['settlements', 'SettlePlan', 'Settle the next page of investors (anyone)'],
] as const;
const PAYOUT_PAGE = { dto: PayoutPageDto, schema: 'JospPayoutPage', required: false };

/** The JOSP REST API of docs/josp.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const JOSP_OPERATIONS: OperationTable<Operation<LedgerDeps>> = {
  module: 'josp',
  basePath: JOSP_BASE_PATH,
  contract: JOSP_CONTRACT,
  schemas: JOSP_SCHEMAS,
  operations: [
    op.submit({
      method: 'post',
      path: '/plans',
      name: 'OpenPlan',
      summary: 'Open a plan, escrowing its maximum yield (merchant, bank)',
      body: { dto: OpenPlanDto, schema: 'JospOpenPlan' },
      args: ({ body }) => openPlanArgs(body),
      result: r.planResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/plans/{planId}',
      name: 'GetPlan',
      summary: 'A plan with its totals',
      args: ({ params }) => [params.planId],
      result: r.planResult,
    }),
    op.submit({
      method: 'post',
      path: '/plans/{planId}/cancel',
      name: 'CancelPlan',
      summary: 'Cancel a plan during its window (issuer)',
      args: ({ params }) => [params.planId],
      result: r.planResult,
    }),
    op.submit({
      method: 'post',
      path: '/plans/{planId}/subscriptions',
      name: 'Subscribe',
      summary: 'Subscribe points (consumer)',
      body: { dto: SubscribeDto, schema: 'JospSubscribe' },
      args: ({ params, body }) => [params.planId, String(body.points)],
      result: r.subscriptionResult,
    }),
    ...PAYOUTS.map(([segment, transaction, summary]) =>
      op.submit({
        method: 'post',
        path: `/plans/{planId}/${segment}`,
        name: transaction,
        summary,
        body: PAYOUT_PAGE,
        args: ({ params, body }) => [params.planId, String(body.pageSize ?? DEFAULT_PAYOUT_PAGE_SIZE)],
        result: r.payoutPageResult,
      }),
    ),
    op.evaluate({
      method: 'get',
      path: '/issuers/{issuer}/plans',
      name: 'ListPlans',
      summary: "An issuer's plans, one page",
      query: PAGE_QUERY,
      args: ({ params, query }) => [params.issuer, ...pageArgs(query)],
      result: r.planPageResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/investors/{investor}/positions',
      name: 'ListPositions',
      summary: "An investor's positions, one page",
      query: PAGE_QUERY,
      args: ({ params, query }) => [params.investor, ...pageArgs(query)],
      result: r.positionPageResult,
    }),
    op.submit({
      method: 'post',
      path: '/qualifications',
      name: 'QualifyInvestor',
      summary: 'Mark a consumer qualified (bank)',
      body: { dto: QualifyInvestorDto, schema: 'JospQualifyInvestor' },
      args: ({ body }) => [body.consumer],
      result: r.qualificationResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/banks/{bank}/qualifications/{consumer}',
      name: 'GetQualification',
      summary: 'Whether a bank qualified a consumer',
      args: ({ params }) => [params.bank, params.consumer],
      result: r.qualificationStatusResult,
    }),
    op.submit({
      method: 'post',
      path: '/loans',
      name: 'OfferLoan',
      summary: 'Offer a points-collateral loan (bank)',
      body: { dto: OfferLoanDto, schema: 'JospOfferLoan' },
      args: ({ body: b }) => [b.loanId, b.merchantId, String(b.principalFen), String(b.rateBps), b.dueDate, String(b.collateralPoints)],
      result: r.loanResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/loans/{loanId}',
      name: 'GetLoan',
      summary: 'A loan (its parties, admin, auditor)',
      args: ({ params }) => [params.loanId],
      result: r.loanResult,
    }),
    ...LOAN_STEPS.map(([segment, step, summary]) =>
      op.submit({
        method: 'post',
        path: `/loans/{loanId}/${segment}`,
        name: step,
        summary,
        args: ({ params }) => [params.loanId],
        result: r.loanResult,
      }),
    ),
    op.evaluate({
      method: 'get',
      path: '/parties/{party}/loans',
      name: 'ListLoans',
      summary: "A bank's or merchant's loans, one page",
      query: PAGE_QUERY,
      args: ({ params, query }) => [params.party, ...pageArgs(query)],
      result: r.loanPageResult,
    }),
  ],
};

/**
 * The router of {@link JOSP_OPERATIONS}, relative to {@link JOSP_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function jospRoutes(contract: ContractClient): Router {
  return operationRouter(JOSP_OPERATIONS, { contract });
}
