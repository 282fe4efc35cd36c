import { type Arguments, JOSP } from '@loulan/protocol';
import type { Router } from 'express';

import type { ContractClient } from '../contract/client';
import { type LedgerDeps, ledgerRows } from '../http/ledger-rows';
import { type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY, pageArgs } from '../http/paging';
import { DEFAULT_PAYOUT_PAGE_SIZE, OfferLoanDto, OpenPlanDto, PayoutPageDto, QualifyInvestorDto, SubscribeDto } from './dtos';
import { JOSP_SCHEMAS } from './openapi';
import * as r from './results';

/** Where the JOSP router is mounted. */
export const JOSP_BASE_PATH = JOSP.basePath;

/** What the JOSP handlers call: the `josp` contract. */
type JospDeps = LedgerDeps<typeof JOSP>;

const op = ledgerRows<typeof JOSP, JospDeps>(JOSP);

/**
 * The arguments of `OpenPlan` after its request id. Absent options are sent as `""` (the issuer's own
 * sales, the default schedule of docs/rules.md#josp-yield), so a retry repeats the same arguments;
 * tiers are rebuilt field by field so the JSON text, part of the request's fingerprint, is stable.
 */
function openPlanArgs(terms: OpenPlanDto): Omit<Arguments<typeof JOSP, 'OpenPlan'>, 'requestId'> {
  const yieldScheduleJson =
    terms.yieldSchedule === undefined
      ? ''
      : JSON.stringify(terms.yieldSchedule.map(({ minSalesFen, rateBps }) => ({ minSalesFen, rateBps })));
  return {
    planId: terms.planId,
    salesMerchant: terms.salesMerchant ?? '',
    capPoints: String(terms.capPoints),
    minRaisePoints: String(terms.minRaisePoints),
    minSubscription: String(terms.minSubscription),
    maxSubscription: String(terms.maxSubscription),
    windowStart: terms.windowStart,
    windowEnd: terms.windowEnd,
    maturity: terms.maturity,
    yieldScheduleJson,
  };
}

/** The loan steps after the offer, each on `POST /loans/{loanId}/<step>`, taken by the party its summary names. */
const LOAN_STEPS = ['AcceptLoan', 'RecordDisbursement', 'RecordRepayment', 'DeclareDefault'] as const;

/** The payouts of a plan, a page of investors at a time: refunds after a failed raise, settlements at maturity. */
const PAYOUTS = ['RefundPlan', 'SettlePlan'] as const;
const PAYOUT_PAGE = { dto: PayoutPageDto, schema: 'JospPayoutPage', required: false };

/** The JOSP REST API of docs/josp.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const JOSP_OPERATIONS: OperationTable<Operation<JospDeps>> = {
  module: 'josp',
  basePath: JOSP_BASE_PATH,
  contract: JOSP.contract,
  schemas: JOSP_SCHEMAS,
  operations: [
    op.submit('OpenPlan', {
      body: { dto: OpenPlanDto, schema: 'JospOpenPlan' },
      args: ({ body }) => openPlanArgs(body),
      result: r.planResult,
    }),
    op.evaluate('GetPlan', { args: ({ params }) => params, result: r.planResult }),
    op.submit('CancelPlan', { args: ({ params }) => params, result: r.planResult }),
    op.submit('Subscribe', {
      body: { dto: SubscribeDto, schema: 'JospSubscribe' },
      args: ({ params, body }) => ({ planId: params.planId, points: String(body.points) }),
      result: r.subscriptionResult,
    }),
    ...PAYOUTS.map((payout) =>
      op.submit(payout, {
        body: PAYOUT_PAGE,
        args: ({ params, body }) => ({ planId: params.planId, pageSize: String(body.pageSize ?? DEFAULT_PAYOUT_PAGE_SIZE) }),
        result: r.payoutPageResult,
      }),
    ),
    op.evaluate('ListPlans', {
      query: PAGE_QUERY,
      args: ({ params, query }) => ({ issuer: params.issuer, ...pageArgs(query) }),
      result: r.planPageResult,
    }),
    op.evaluate('ListPositions', {
      query: PAGE_QUERY,
      args: ({ params, query }) => ({ investor: params.investor, ...pageArgs(query) }),
      result: r.positionPageResult,
    }),
    op.submit('QualifyInvestor', {
      body: { dto: QualifyInvestorDto, schema: 'JospQualifyInvestor' },
      args: ({ body }) => ({ consumer: body.consumer }),
      result: r.qualificationResult,
    }),
    op.evaluate('GetQualification', { args: ({ params }) => params, result: r.qualificationStatusResult }),
    op.submit('OfferLoan', {
      body: { dto: OfferLoanDto, schema: 'JospOfferLoan' },
      args: ({ body: b }) => ({
        loanId: b.loanId,
        merchantId: b.merchantId,
        principalFen: String(b.principalFen),
        rateBps: String(b.rateBps),
        dueDate: b.dueDate,
        collateralPoints: String(b.collateralPoints),
      }),
      result: r.loanResult,
    }),
    op.evaluate('GetLoan', { args: ({ params }) => params, result: r.loanResult }),
    ...LOAN_STEPS.map((step) => op.submit(step, { args: ({ params }) => ({ loanId: params.loanId }), result: r.loanResult })),
    op.evaluate('ListLoans', {
      query: PAGE_QUERY,
      args: ({ params, query }) => ({ party: params.party, ...pageArgs(query) }),
      result: r.loanPageResult,
    }),
  ],
};

/**
 * The router of {@link JOSP_OPERATIONS}, relative to {@link JOSP_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function jospRoutes(contract: ContractClient<typeof JOSP>): Router {
  return operationRouter(JOSP_OPERATIONS, { contract });
}
