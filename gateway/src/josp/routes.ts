import { type Arguments, JOSP } from '@loulan/protocol';
import type { Request, Response, Router } from 'express';

import type { AuthenticatedMember } from '../auth/authenticated-member';
import type { ContractClient } from '../contract/client';
import { NotFoundError } from '../errors';
import { CSV_PAGE_QUERY, type CsvPageQueryDto, nextPageQuery, sendListing } from '../http/csv';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { type LedgerDeps, ledgerRows } from '../http/ledger-rows';
import { type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY, pageArgs } from '../http/paging';
import { assertPartyReader } from '../http/party-reads';
import type { PayoutRow } from '../readmodel/rows';
import type { Page, ReadModelStore } from '../readmodel/store';
import { PAYOUT_CSV_COLUMNS } from './csv';
import { DEFAULT_PAYOUT_PAGE_SIZE, OfferLoanDto, OpenPlanDto, PayoutPageDto, QualifyInvestorDto, SubscribeDto } from './dtos';
import { JOSP_SCHEMAS, PAYOUTS_ANSWER } from './openapi';
import * as r from './results';

/** Where the JOSP router is mounted. */
export const JOSP_BASE_PATH = JOSP.basePath;

/** The read model's plans and payouts: a plan's payout lines, which no chaincode read lists (docs/josp.md "Payout listing"). */
export type PayoutIndex = Pick<ReadModelStore, 'plan' | 'payouts'>;

/** What the JOSP handlers call: the `josp` contract, and the read model for the payout listing. */
interface JospDeps extends LedgerDeps<typeof JOSP> {
  readonly index: PayoutIndex;
}

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

/** One page of a plan's payouts, with the query it ran (for the next page's link). */
interface PayoutListing {
  readonly planId: string;
  readonly query: CsvPageQueryDto;
  readonly page: Page<PayoutRow>;
}

/**
 * One page of a plan's payouts from the read model, in roster order, for the plan's issuer, the
 * platform admin and auditors (an investor reads its own line with `ListPositions`).
 *
 * @throws NotFoundError (404) while the read model holds no such plan; ForbiddenError (403) for any other caller
 */
async function listPayouts(
  index: PayoutIndex,
  caller: AuthenticatedMember,
  planId: string,
  query: CsvPageQueryDto,
): Promise<PayoutListing> {
  const plan = await index.plan(planId);
  if (plan === null) {
    throw new NotFoundError(`plan ${planId} is not in the read model`);
  }
  assertPartyReader(caller, plan.issuer, `the payouts of plan ${planId}`);
  const page = await index.payouts(planId, { limit: query.pageSize ?? DEFAULT_PAGE_SIZE, cursor: query.bookmark });
  return { planId, query, page };
}

/** A page of payouts as its query asks: JSON `{planId, items, bookmark}`, or CSV (docs/josp.md). */
function sendPayouts(res: Response, { planId, query, page }: PayoutListing, { req }: { readonly req: Request }): void {
  const { format, pageSize = DEFAULT_PAGE_SIZE } = query;
  sendListing(res, req, format, { planId, items: page.items, bookmark: page.cursor ?? '' }, () => ({
    filename: `josp-payouts-${planId}.csv`,
    columns: PAYOUT_CSV_COLUMNS,
    records: page.items,
    next: nextPageQuery({ format, pageSize }, page.cursor),
  }));
}

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
    op.json({
      method: 'get',
      path: '/plans/{planId}/payouts',
      name: 'ListPayouts',
      summary: "A plan's payouts (settlement or refund), one line per investor paid, one page, JSON or CSV",
      description: 'Served from the read model (docs/readmodel.md), which follows the chain within moments of each block.',
      query: CSV_PAGE_QUERY,
      answer: PAYOUTS_ANSWER,
      run: ({ index }, { caller, params, query }) => listPayouts(index, caller, params.planId, query),
      send: sendPayouts,
    }),
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
export function jospRoutes(contract: ContractClient<typeof JOSP>, index: PayoutIndex): Router {
  return operationRouter(JOSP_OPERATIONS, { contract, index });
}
