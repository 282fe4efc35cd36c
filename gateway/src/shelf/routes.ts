import type { Response, Router } from 'express';

import type { ContractClient } from '../contract/client';
import { type LedgerDeps, ledgerRows, type Operation, type OperationInput, operationRouter, type OperationTable } from '../http/operations';
import { pageArgs } from '../http/paging';
import { reportCsv } from './csv';
import * as d from './dtos';
import { BOARD_QUERY, DAY_SCHEMA, REPORT_ANSWER, REPORT_QUERY, SHELF_SCHEMAS, VERSION_SCHEMA } from './openapi';
import * as r from './results';

/** Where the shelf router is mounted. */
export const SHELF_BASE_PATH = '/v1/shelf';

/** Chaincode contract name of the shelf module. */
export const SHELF_CONTRACT = 'shelf';

/** Body limit of `POST /sales`: 500 lines, as the chaincode's batch document limit (256 KiB). */
export const SHELF_SALES_BODY_LIMIT = '256kb';

const op = ledgerRows<LedgerDeps>();
const DAY_PATH = '/shelves/{shelfId}/days/{day}';

/** The board listings of `ListBoard`: the path, the chaincode's kind, the operation and its summary. */
const BOARDS = [
  ['sites', 'site', 'ListSites', 'Sites on the board, one page'],
  ['offers', 'offer', 'ListOffers', 'Supply offers on the board, one page'],
  ['requests', 'request', 'ListRequests', "Operators' requests on the board, one page"],
] as const;

/** The answers to a proposed agreement version, each by a party in its own role. */
const AGREEMENT_ANSWERS = [
  ['sign', 'SignAgreement', 'Sign a proposed version (a party, in its own role)'],
  ['decline', 'DeclineAgreement', 'Decline a proposed version (a party)'],
] as const;

/** The arguments of `RecordSales`: each line rebuilt field by field, so only documented fields reach the ledger, in a fixed order. */
function salesArgs(lines: readonly d.SaleLineDto[]): string[] {
  const canonical = lines.map((l) => ({
    saleId: l.saleId,
    sku: l.sku,
    qty: l.qty,
    amountFen: l.amountFen,
    costFen: l.costFen,
    occurredAt: l.occurredAt,
    ...(l.refundOf === undefined ? {} : { refundOf: l.refundOf }),
  }));
  return [JSON.stringify(canonical)];
}

/** The arguments of `ResolveDispute` after the shelf-day: the new totals only for `resettle`. */
function resolutionArgs(answer: d.ResolveDisputeDto): string[] {
  const totals = answer.resolution === 'resettle' ? [String(answer.revenueFen ?? ''), String(answer.costFen ?? '')] : ['', ''];
  return [answer.resolution, ...totals, answer.note];
}

/**
 * One page of a report, JSON or CSV alike (docs/shelf.md "Reconciliation report"): a CSV page is a whole
 * CSV file, header row included, and names the next page in a `Link: <…>; rel="next"` header.
 */
function sendReport(
  res: Response,
  report: r.Report,
  { params, query, req }: OperationInput<'/reports/{party}', d.ReportQueryDto, never>,
): void {
  const { from, to, format, pageSize = d.DEFAULT_REPORT_PAGE_SIZE } = query;
  if (format !== 'csv') {
    res.json(report);
    return;
  }
  if (report.bookmark !== '') {
    const next = new URLSearchParams({ from, to, format, pageSize: String(pageSize), bookmark: report.bookmark });
    res.links({ next: `${req.baseUrl}/reports/${encodeURIComponent(params.party)}?${next.toString()}` });
  }
  res.attachment(`shelf-report-${params.party}-${from}-${to}.csv`).type('text/csv; charset=utf-8').send(reportCsv(report));
}

/** The shelf REST API of docs/shelf.md, one row per operation (README "Operation tables"); roles and parties are the chaincode's. */
export const SHELF_OPERATIONS: OperationTable<Operation<LedgerDeps>> = {
  module: 'shelf',
  basePath: SHELF_BASE_PATH,
  contract: SHELF_CONTRACT,
  pathParameters: {
    day: { schema: DAY_SCHEMA, rules: [d.IsDay()] },
    version: { schema: VERSION_SCHEMA, rules: d.AGREEMENT_VERSION_RULES },
  },
  schemas: SHELF_SCHEMAS,
  operations: [
    op.submit({
      method: 'post',
      path: '/sites',
      name: 'PostSite',
      summary: 'Post a site (site-provider)',
      body: { dto: d.PostSiteDto, schema: 'ShelfPostSite' },
      args: ({ body: s }) => [s.siteId, s.city, s.location, String(s.footfall), String(s.desiredShareBps)],
      result: r.postResult,
    }),
    op.submit({
      method: 'post',
      path: '/offers',
      name: 'PostOffer',
      summary: 'Post a supply offer (supplier)',
      body: { dto: d.PostOfferDto, schema: 'ShelfPostOffer' },
      args: ({ body }) => [body.offerId, body.city, JSON.stringify(body.skus.map(({ sku, costFen }) => ({ sku, costFen })))],
      result: r.postResult,
    }),
    op.submit({
      method: 'post',
      path: '/requests',
      name: 'PostRequest',
      summary: "Post an operator's request (shelf-operator)",
      body: { dto: d.PostRequestDto, schema: 'ShelfPostRequest' },
      args: ({ body }) => [body.postingId, body.city, body.description],
      result: r.postResult,
    }),
    ...BOARDS.map(([path, kind, name, summary]) =>
      op.evaluate({
        method: 'get',
        path: `/${path}`,
        name,
        transaction: 'ListBoard',
        summary,
        query: BOARD_QUERY,
        args: ({ query }) => [kind, query.city ?? '', ...pageArgs(query)],
        result: r.postPageResult,
      }),
    ),
    op.evaluate({
      method: 'get',
      path: '/shelves/{shelfId}',
      name: 'GetShelf',
      summary: 'A shelf with every agreement version',
      args: ({ params }) => [params.shelfId],
      result: r.shelfResult,
    }),
    op.submit({
      method: 'post',
      path: '/shelves/{shelfId}/agreements',
      name: 'ProposeAgreement',
      summary: 'Propose a new agreement version (shelf-operator)',
      body: { dto: d.ProposeAgreementDto, schema: 'ShelfProposeAgreement' },
      args: ({ params, body: p }) => [
        params.shelfId,
        p.siteId,
        p.supplier,
        ...[p.supplierBps, p.operatorBps, p.siteBps, p.feeBps].map(String),
      ],
      result: r.agreementResult,
    }),
    ...AGREEMENT_ANSWERS.map(([action, name, summary]) =>
      op.submit({
        method: 'post',
        path: `/shelves/{shelfId}/agreements/{version}/${action}`,
        name,
        summary,
        // The version as a number: `007` and `7` are the same version, and the same request.
        args: ({ params }) => [params.shelfId, String(Number(params.version))],
        result: r.agreementResult,
      }),
    ),
    op.submit({
      method: 'post',
      path: '/device-claims',
      name: 'ClaimDevice',
      summary: 'Name the one operator that may bind the calling device (shelf-device, while unbound)',
      body: { dto: d.ClaimDeviceDto, schema: 'ShelfClaimDevice' },
      args: ({ body }) => [body.operator],
      result: r.deviceClaimResult,
    }),
    op.submit({
      method: 'post',
      path: '/shelves/{shelfId}/devices',
      name: 'RegisterDevice',
      summary: 'Bind a device that has claimed the caller to the shelf (its operator)',
      body: { dto: d.RegisterDeviceDto, schema: 'ShelfRegisterDevice' },
      args: ({ params, body }) => [params.shelfId, body.deviceId],
      result: r.deviceResult,
    }),
    op.submit({
      method: 'post',
      path: '/shelves/{shelfId}/devices/{deviceId}/unbind',
      name: 'UnbindDevice',
      summary: 'End a device binding; the device records no more sales (the shelf operator)',
      args: ({ params }) => [params.shelfId, params.deviceId],
      result: r.unboundDeviceResult,
    }),
    op.submit({
      method: 'post',
      path: '/sales',
      name: 'RecordSales',
      summary: "Record a batch of sales lines for the device's shelf (shelf-device); the Idempotency-Key is the batch id",
      body: { dto: d.RecordSalesDto, schema: 'ShelfRecordSales' },
      args: ({ body }) => salesArgs(body.lines),
      result: r.salesBatchResult,
    }),
    op.submit({
      method: 'post',
      path: `${DAY_PATH}/settle`,
      name: 'SettleDay',
      summary: 'Settle a shelf-day from the next day 00:00 UTC+8 (any account)',
      args: ({ params }) => [params.shelfId, params.day],
      result: r.statementResult,
    }),
    op.evaluate({
      method: 'get',
      path: `${DAY_PATH}/statement`,
      name: 'GetStatement',
      summary: 'A statement with the sales lines it covers (its parties, admin, auditor)',
      args: ({ params }) => [params.shelfId, params.day],
      result: r.statementDetailResult,
    }),
    op.submit({
      method: 'post',
      path: `${DAY_PATH}/payment`,
      name: 'RecordPayment',
      summary: 'Record the fiat transfer once the 3-day dispute window has closed; pending → paid (the operator)',
      body: { dto: d.RecordPaymentDto, schema: 'ShelfRecordPayment' },
      args: ({ params, body }) => [params.shelfId, params.day, body.transferRef],
      result: r.statementResult,
    }),
    op.submit({
      method: 'post',
      path: `${DAY_PATH}/dispute`,
      name: 'DisputeStatement',
      summary: 'Dispute a pending statement within 3 days (a party)',
      body: { dto: d.DisputeDto, schema: 'ShelfDispute' },
      args: ({ params, body }) => [params.shelfId, params.day, body.reason],
      result: r.statementResult,
    }),
    op.submit({
      method: 'post',
      path: `${DAY_PATH}/resolution`,
      name: 'ResolveDispute',
      summary: 'Resolve a dispute: accept or resettle (admin)',
      body: { dto: d.ResolveDisputeDto, schema: 'ShelfResolveDispute' },
      args: ({ params, body }) => [params.shelfId, params.day, ...resolutionArgs(body)],
      result: r.statementResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/reports/{party}',
      name: 'GetReport',
      summary: 'One page of the reconciliation report of a party, JSON or CSV (the party, admin, auditor)',
      query: REPORT_QUERY,
      answer: REPORT_ANSWER,
      args: ({ params, query: q }) => [params.party, q.from, q.to, String(q.pageSize ?? d.DEFAULT_REPORT_PAGE_SIZE), q.bookmark ?? ''],
      result: r.reportResult,
      send: sendReport,
    }),
  ],
};

/**
 * The router of {@link SHELF_OPERATIONS}, relative to {@link SHELF_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function shelfRoutes(contract: ContractClient): Router {
  return operationRouter(SHELF_OPERATIONS, { contract });
}
