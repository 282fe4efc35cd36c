import type { Router } from 'express';

import { ledgerRows, type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY, pageArgs } from '../http/paging';
import { POINTS_CONTRACT, type PointsContract } from './contract';
import * as d from './dtos';
import { MONTH_SCHEMA, POINTS_SCHEMAS } from './openapi';
import * as r from './results';
import type { PointsService } from './service';

/** Where the points router is mounted. */
export const POINTS_BASE_PATH = '/v1/points';

/** What the points handlers call. */
interface PointsDeps {
  readonly contract: PointsContract;
  readonly service: PointsService;
}

const op = ledgerRows<PointsDeps>();
const AMOUNT = { dto: d.PointsAmountDto, schema: 'PointsAmount' };
const QUANTITY = { dto: d.QuantityDto, schema: 'Quantity' };

/** The points REST API of docs/points.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const POINTS_OPERATIONS: OperationTable<Operation<PointsDeps>> = {
  module: 'points',
  basePath: POINTS_BASE_PATH,
  contract: POINTS_CONTRACT,
  pathParameters: { month: { schema: MONTH_SCHEMA, rules: [d.IsMonth()] } },
  schemas: POINTS_SCHEMAS,
  operations: [
    op.evaluate({
      method: 'get',
      path: '/params',
      name: 'GetParams',
      summary: 'Current parameters',
      args: () => [],
      result: r.paramsResult,
    }),
    op.submit({
      method: 'put',
      path: '/params',
      name: 'UpdateParams',
      summary: 'Replace the parameters (admin)',
      body: { dto: d.UpdateParamsDto, schema: 'UpdateParams' },
      args: ({ body }) => [JSON.stringify(body)],
      result: r.paramsResult,
    }),
    op.submit({
      method: 'post',
      path: '/mint',
      name: 'Mint',
      summary: 'Mint points into the treasury (admin)',
      body: AMOUNT,
      args: ({ body }) => [String(body.points)],
      result: r.supplyChangeResult,
    }),
    op.submit({
      method: 'post',
      path: '/burn',
      name: 'Burn',
      summary: 'Burn treasury points (admin)',
      body: AMOUNT,
      args: ({ body }) => [String(body.points)],
      result: r.supplyChangeResult,
    }),
    op.submit({
      method: 'post',
      path: '/merchants',
      name: 'RegisterMerchant',
      summary: 'Register a merchant (admin)',
      body: { dto: d.RegisterMerchantDto, schema: 'RegisterMerchant' },
      args: ({ body }) => [body.merchantId, body.name, body.region],
      result: r.merchantResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/merchants/{merchantId}',
      name: 'GetMerchant',
      summary: 'A merchant',
      args: ({ params }) => [params.merchantId],
      result: r.merchantResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/merchants/{merchantId}/sales/{month}',
      name: 'GetMonthlySales',
      summary: "A merchant's sales of a month",
      args: ({ params }) => [params.merchantId, params.month],
      result: r.monthlySalesResult,
    }),
    // Lanes come from the pool (service.ts); the order id is the business id, so no Idempotency-Key.
    op.write({
      method: 'post',
      path: '/purchases',
      name: 'RecordPurchase',
      summary: 'Record a purchase (merchant); the order id is the business id',
      body: { dto: d.RecordPurchaseDto, schema: 'RecordPurchase' },
      idempotencyKey: false,
      run: ({ service }, { caller, body }) => service.recordPurchase(caller, body),
    }),
    op.write({
      method: 'post',
      path: '/redemptions',
      name: 'RedeemPoints',
      summary: 'Pay towards an order with points (consumer)',
      body: { dto: d.RedeemPointsDto, schema: 'RedeemPoints' },
      run: ({ service }, { caller, key, body }) => service.redeemPoints(caller, key, body),
    }),
    op.submit({
      method: 'post',
      path: '/transfers',
      name: 'Transfer',
      summary: 'Transfer points',
      body: { dto: d.TransferDto, schema: 'Transfer' },
      args: ({ body }) => [body.to, String(body.points)],
      result: r.transferResult,
    }),
    op.submit({
      method: 'post',
      path: '/rebalance',
      name: 'RebalanceLanes',
      summary: "Spread the caller's balance over its lanes",
      args: () => [],
      result: r.rebalanceResult,
    }),
    op.submit({
      method: 'post',
      path: '/products',
      name: 'ListProduct',
      summary: 'List a points-only product (admin)',
      body: { dto: d.ListProductDto, schema: 'ListProduct' },
      args: ({ body }) => [body.productId, body.name, String(body.pricePoints), String(body.stock)],
      result: r.productResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/products',
      name: 'ListProducts',
      summary: 'Products, one page',
      query: PAGE_QUERY,
      args: ({ query }) => pageArgs(query),
      result: r.productPageResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/products/{productId}',
      name: 'GetProduct',
      summary: 'A product',
      args: ({ params }) => [params.productId],
      result: r.productResult,
    }),
    op.submit({
      method: 'post',
      path: '/products/{productId}/restock',
      name: 'RestockProduct',
      summary: 'Restock a product (admin)',
      body: QUANTITY,
      args: ({ params, body }) => [params.productId, String(body.quantity)],
      result: r.productResult,
    }),
    op.submit({
      method: 'post',
      path: '/products/{productId}/purchases',
      name: 'BuyProduct',
      summary: 'Buy a product with points (consumer)',
      body: QUANTITY,
      args: ({ params, body }) => [params.productId, String(body.quantity)],
      result: r.productPurchaseResult,
    }),
    op.submit({
      method: 'post',
      path: '/monthly-rewards',
      name: 'PayMonthlyReward',
      summary: "Pay a merchant's monthly reward (admin)",
      body: { dto: d.MonthlyRewardDto, schema: 'MonthlyReward' },
      args: ({ body }) => [body.merchantId, body.month],
      result: r.rewardResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/accounts/{account}/balance',
      name: 'GetBalance',
      summary: 'Balance of an account',
      args: ({ params }) => [params.account],
      result: r.balanceResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/accounts/{account}/statement',
      name: 'GetStatement',
      summary: 'Movements of an account, one page',
      query: PAGE_QUERY,
      args: ({ params, query }) => [params.account, ...pageArgs(query)],
      result: r.statementResult,
    }),
    op.json({
      method: 'get',
      path: '/invariant',
      name: 'CheckInvariant',
      summary: 'Supply invariant',
      run: ({ contract }, { caller }) => contract.checkInvariant(caller),
    }),
  ],
};

/**
 * The router of {@link POINTS_OPERATIONS}, relative to {@link POINTS_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function pointsRoutes(contract: PointsContract, service: PointsService): Router {
  return operationRouter(POINTS_OPERATIONS, { contract, service });
}
