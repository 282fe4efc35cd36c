import { type Arguments, SHELF } from '@loulan/protocol';
import type { Response, Router } from 'express';

import type { ContractClient } from '../contract/client';
import { nextPageQuery, sendListing } from '../http/csv';
import { type LedgerDeps, ledgerRows } from '../http/ledger-rows';
import { type Operation, type OperationInput, operationRouter, type OperationTable } from '../http/operations';
import { pageArgs } from '../http/paging';
import { REPORT_CSV_COLUMNS, reportRows } from './csv';
import * as d from './dtos';
import { BOARD_QUERY, DAY_SCHEMA, REPORT_ANSWER, REPORT_QUERY, SHELF_SCHEMAS, VERSION_SCHEMA } from './openapi';
import * as r from './results';

/** Where the shelf router is mounted. */
export const SHELF_BASE_PATH = SHELF.basePath;

/** Body limit of `POST /sales`: the chaincode's batch document limit (256 KiB), above what 180 lines of the longest ids take. */
export const SHELF_SALES_BODY_LIMIT = '256kb';

/** What the shelf handlers call. */
type ShelfDeps = LedgerDeps<typeof SHELF>;

const op = ledgerRows<typeof SHELF, ShelfDeps>(SHELF);

/** The board listings of `ListBoard`, which has no route of its own: the path, the chaincode's kind, the operation and its summary. */
const BOARDS = [
  ['sites', 'site', 'ListSites', 'Sites on the board, one page'],
  ['offers', 'offer', 'ListOffers', 'Supply offers on the board, one page'],
  ['requests', 'request', 'ListRequests', "Operators' requests on the board, one page"],
] as const;

/** The answers to a proposed agreement version, each by a party in its own role. */
const AGREEMENT_ANSWERS = ['SignAgreement', 'DeclineAgreement'] as const;

/** The arguments of `RecordSales`: each line rebuilt field by field, so only documented fields reach the ledger, in a fixed order. */
function salesArgs(lines: readonly d.SaleLineDto[]): Omit<Arguments<typeof SHELF, 'RecordSales'>, 'batchId'> {
  const canonical = lines.map((l) => ({
    saleId: l.saleId,
    sku: l.sku,
    qty: l.qty,
    amountFen: l.amountFen,
    costFen: l.costFen,
    occurredAt: l.occurredAt,
    ...(l.refundOf === undefined ? {} : { refundOf: l.refundOf }),
  }));
  return { linesJson: JSON.stringify(canonical) };
}

/** The arguments of `ResolveDispute` after the shelf-day: the new totals only for `resettle`. */
function resolutionArgs(answer: d.ResolveDisputeDto): Omit<Arguments<typeof SHELF, 'ResolveDispute'>, 'requestId' | 'shelfId' | 'day'> {
  const resettle = answer.resolution === 'resettle';
  const revenueFen = resettle ? String(answer.revenueFen ?? '') : '';
  const costFen = resettle ? String(answer.costFen ?? '') : '';
  return { resolution: answer.resolution, revenueFen, costFen, note: answer.note };
}

/** The arguments of `GetReport`: one page of `party`'s report, of the default size unless the query names one. */
function reportArgs(party: string, q: d.ReportQueryDto): Arguments<typeof SHELF, 'GetReport'> {
  return { party, from: q.from, to: q.to, pageSize: String(q.pageSize ?? d.DEFAULT_REPORT_PAGE_SIZE), bookmark: q.bookmark ?? '' };
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
  sendListing(res, req, format, report, () => ({
    filename: `shelf-report-${params.party}-${from}-${to}.csv`,
    columns: REPORT_CSV_COLUMNS,
    records: reportRows(report),
    next: nextPageQuery({ from, to, format, pageSize }, report.bookmark),
  }));
}

/** The shelf REST API of docs/shelf.md, one row per operation (README "Operation tables"); roles and parties are the chaincode's. */
export const SHELF_OPERATIONS: OperationTable<Operation<ShelfDeps>> = {
  module: 'shelf',
  basePath: SHELF_BASE_PATH,
  contract: SHELF.contract,
  pathParameters: {
    day: { schema: DAY_SCHEMA, rules: [d.IsDay()] },
    version: { schema: VERSION_SCHEMA, rules: d.AGREEMENT_VERSION_RULES },
  },
  schemas: SHELF_SCHEMAS,
  operations: [
    op.submit('PostSite', {
      body: { dto: d.PostSiteDto, schema: 'ShelfPostSite' },
      args: ({ body: s }) => ({
        siteId: s.siteId,
        city: s.city,
        location: s.location,
        footfall: String(s.footfall),
        desiredShareBps: String(s.desiredShareBps),
      }),
      result: r.postResult,
    }),
    op.submit('PostOffer', {
      body: { dto: d.PostOfferDto, schema: 'ShelfPostOffer' },
      args: ({ body }) => ({
        offerId: body.offerId,
        city: body.city,
        skusJson: JSON.stringify(body.skus.map(({ sku, costFen }) => ({ sku, costFen }))),
      }),
      result: r.postResult,
    }),
    op.submit('PostRequest', {
      body: { dto: d.PostRequestDto, schema: 'ShelfPostRequest' },
      args: ({ body }) => ({ postingId: body.postingId, city: body.city, description: body.description }),
      result: r.postResult,
    }),
    ...BOARDS.map(([path, kind, name, summary]) =>
      op.evaluate('ListBoard', {
        method: 'get',
        path: `/${path}`,
        name,
        summary,
        query: BOARD_QUERY,
        args: ({ query }) => ({ kind, city: query.city ?? '', ...pageArgs(query) }),
        result: r.postPageResult,
      }),
    ),
    op.evaluate('GetShelf', { args: ({ params }) => params, result: r.shelfResult }),
    op.submit('ProposeAgreement', {
      body: { dto: d.ProposeAgreementDto, schema: 'ShelfProposeAgreement' },
      args: ({ params, body: p }) => ({
        shelfId: params.shelfId,
        siteId: p.siteId,
        supplier: p.supplier,
        supplierBps: String(p.supplierBps),
        operatorBps: String(p.operatorBps),
        siteBps: String(p.siteBps),
        feeBps: String(p.feeBps),
      }),
      result: r.agreementResult,
    }),
    ...AGREEMENT_ANSWERS.map((name) =>
      op.submit(name, {
        // The version as a number: `007` and `7` are the same version, and the same request.
        args: ({ params }) => ({ shelfId: params.shelfId, version: String(Number(params.version)) }),
        result: r.agreementResult,
      }),
    ),
    op.submit('ClaimDevice', {
      body: { dto: d.ClaimDeviceDto, schema: 'ShelfClaimDevice' },
      args: ({ body }) => ({ operator: body.operator }),
      result: r.deviceClaimResult,
    }),
    op.submit('RegisterDevice', {
      body: { dto: d.RegisterDeviceDto, schema: 'ShelfRegisterDevice' },
      args: ({ params, body }) => ({ shelfId: params.shelfId, deviceId: body.deviceId }),
      result: r.deviceResult,
    }),
    op.submit('UnbindDevice', { args: ({ params }) => params, result: r.unboundDeviceResult }),
    op.submit('RecordSales', {
      body: { dto: d.RecordSalesDto, schema: 'ShelfRecordSales' },
      args: ({ body }) => salesArgs(body.lines),
      result: r.salesBatchResult,
    }),
    op.submit('SettleDay', { args: ({ params }) => params, result: r.statementResult }),
    op.evaluate('GetStatement', { args: ({ params }) => params, result: r.statementDetailResult }),
    op.submit('RecordPayment', {
      body: { dto: d.RecordPaymentDto, schema: 'ShelfRecordPayment' },
      args: ({ params, body }) => ({ ...params, transferRef: body.transferRef }),
      result: r.statementResult,
    }),
    op.submit('DisputeStatement', {
      body: { dto: d.DisputeDto, schema: 'ShelfDispute' },
      args: ({ params, body }) => ({ ...params, reason: body.reason }),
      result: r.statementResult,
    }),
    op.submit('ResolveDispute', {
      body: { dto: d.ResolveDisputeDto, schema: 'ShelfResolveDispute' },
      args: ({ params, body }) => ({ ...params, ...resolutionArgs(body) }),
      result: r.statementResult,
    }),
    // Its own row: a CSV page documents its answer (REPORT_ANSWER), which an evaluating row does not take.
    op.json({
      ...op.route('GetReport'),
      query: REPORT_QUERY,
      answer: REPORT_ANSWER,
      run: ({ contract }, { caller, params, query }) => contract.read(caller, 'GetReport', reportArgs(params.party, query), r.reportResult),
      send: sendReport,
    }),
  ],
};

/**
 * The router of {@link SHELF_OPERATIONS}, relative to {@link SHELF_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function shelfRoutes(contract: ContractClient<typeof SHELF>): Router {
  return operationRouter(SHELF_OPERATIONS, { contract });
}
