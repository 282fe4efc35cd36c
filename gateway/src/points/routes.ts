import { POINTS } from '@loulan/protocol';
import type { Response, Router } from 'express';

import { CSV_PAGE_QUERY, type CsvPageQueryDto, nextPageQuery, sendListing } from '../http/csv';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { ledgerRows } from '../http/ledger-rows';
import { type Operation, type OperationInput, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY, pageArgs } from '../http/paging';
import type { PointsContract } from './contract';
import { STATEMENT_CSV_COLUMNS } from './csv';
import * as d from './dtos';
import { MONTH_SCHEMA, POINTS_SCHEMAS, STATEMENT_ANSWER } from './openapi';
import * as r from './results';
import type { PointsService } from './service';

/** Where the points router is mounted. */
export const POINTS_BASE_PATH = POINTS.basePath;

/** What the points handlers call. */
interface PointsDeps {
  readonly contract: PointsContract;
  readonly service: PointsService;
}

const op = ledgerRows<typeof POINTS, PointsDeps>(POINTS);
const AMOUNT = { dto: d.PointsAmountDto, schema: 'PointsAmount' };
const QUANTITY = { dto: d.QuantityDto, schema: 'Quantity' };

/**
 * One page of an account's statement, JSON or CSV alike (docs/points.md "Statement as CSV"): a CSV page
 * is a whole file, one row per movement, and names the next page in a `Link: <…>; rel="next"` header.
 */
function sendStatement(
  res: Response,
  statement: r.Statement,
  { params, query, req }: OperationInput<'/accounts/{account}/statement', CsvPageQueryDto, never>,
): void {
  const { format, pageSize = DEFAULT_PAGE_SIZE } = query;
  sendListing(res, req, format, statement, () => ({
    filename: `points-statement-${params.account}.csv`,
    columns: STATEMENT_CSV_COLUMNS,
    records: statement.items,
    next: nextPageQuery({ format, pageSize }, statement.bookmark),
  }));
}

/** The points REST API of docs/points.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const POINTS_OPERATIONS: OperationTable<Operation<PointsDeps>> = {
  module: 'points',
  basePath: POINTS_BASE_PATH,
  contract: POINTS.contract,
  pathParameters: { month: { schema: MONTH_SCHEMA, rules: [d.IsMonth()] } },
  schemas: POINTS_SCHEMAS,
  operations: [
    op.evaluate('GetParams', { args: () => ({}), result: r.paramsResult }),
    op.submit('UpdateParams', {
      body: { dto: d.UpdateParamsDto, schema: 'UpdateParams' },
      args: ({ body }) => ({ paramsJson: JSON.stringify(body) }),
      result: r.paramsResult,
    }),
    op.submit('Mint', { body: AMOUNT, args: ({ body }) => ({ points: String(body.points) }), result: r.supplyChangeResult }),
    op.submit('Burn', { body: AMOUNT, args: ({ body }) => ({ points: String(body.points) }), result: r.supplyChangeResult }),
    op.submit('RegisterMerchant', {
      body: { dto: d.RegisterMerchantDto, schema: 'RegisterMerchant' },
      args: ({ body }) => ({ merchantId: body.merchantId, name: body.name, region: body.region }),
      result: r.merchantResult,
    }),
    op.evaluate('GetMerchant', { args: ({ params }) => params, result: r.merchantResult }),
    op.evaluate('GetMonthlySales', { args: ({ params }) => params, result: r.monthlySalesResult }),
    // Lanes come from the pool (service.ts); the order id is the business id, so no Idempotency-Key.
    op.write({
      ...op.route('RecordPurchase'),
      body: { dto: d.RecordPurchaseDto, schema: 'RecordPurchase' },
      idempotencyKey: false,
      run: ({ service }, { caller, body }) => service.recordPurchase(caller, body),
    }),
    // One lane from the pool for the whole batch; the Idempotency-Key is the batch id, each line's order id its own.
    op.write({
      ...op.route('RecordPurchases'),
      description: 'Chaincode transaction `points:RecordPurchases`. Its `result` is a `PurchaseBatch`.',
      body: { dto: d.RecordPurchasesDto, schema: 'RecordPurchases' },
      run: ({ service }, { caller, key, body }) => service.recordPurchases(caller, key, body.lines),
    }),
    op.write({
      ...op.route('RedeemPoints'),
      body: { dto: d.RedeemPointsDto, schema: 'RedeemPoints' },
      run: ({ service }, { caller, key, body }) => service.redeemPoints(caller, key, body),
    }),
    op.submit('Transfer', {
      body: { dto: d.TransferDto, schema: 'Transfer' },
      args: ({ body }) => ({ toAccount: body.to, points: String(body.points) }),
      result: r.transferResult,
    }),
    op.submit('RebalanceLanes', { args: () => ({}), result: r.rebalanceResult }),
    op.submit('ListProduct', {
      body: { dto: d.ListProductDto, schema: 'ListProduct' },
      args: ({ body }) => ({
        productId: body.productId,
        name: body.name,
        pricePoints: String(body.pricePoints),
        stock: String(body.stock),
      }),
      result: r.productResult,
    }),
    op.evaluate('ListProducts', { query: PAGE_QUERY, args: ({ query }) => pageArgs(query), result: r.productPageResult }),
    op.evaluate('GetProduct', { args: ({ params }) => params, result: r.productResult }),
    op.submit('RestockProduct', {
      body: QUANTITY,
      args: ({ params, body }) => ({ productId: params.productId, quantity: String(body.quantity) }),
      result: r.productResult,
    }),
    op.submit('BuyProduct', {
      body: QUANTITY,
      args: ({ params, body }) => ({ productId: params.productId, quantity: String(body.quantity) }),
      result: r.productPurchaseResult,
    }),
    op.submit('PayMonthlyReward', {
      body: { dto: d.MonthlyRewardDto, schema: 'MonthlyReward' },
      args: ({ body }) => ({ merchantId: body.merchantId, month: body.month }),
      result: r.rewardResult,
    }),
    op.evaluate('GetBalance', { args: ({ params }) => params, result: r.balanceResult }),
    // Its own row: a CSV page documents its answer (STATEMENT_ANSWER), which an evaluating row does not take.
    op.json({
      ...op.route('GetStatement'),
      query: CSV_PAGE_QUERY,
      answer: STATEMENT_ANSWER,
      run: ({ contract }, { caller, params, query }) =>
        contract.read(caller, 'GetStatement', { account: params.account, ...pageArgs(query) }, r.statementResult),
      send: sendStatement,
    }),
    op.json({ ...op.route('CheckInvariant'), run: ({ contract }, { caller }) => contract.checkInvariant(caller) }),
  ],
};

/**
 * The router of {@link POINTS_OPERATIONS}, relative to {@link POINTS_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function pointsRoutes(contract: PointsContract, service: PointsService): Router {
  return operationRouter(POINTS_OPERATIONS, { contract, service });
}
