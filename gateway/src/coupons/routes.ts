import type { Router } from 'express';

import { ForbiddenError } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { jsonContent } from '../http/openapi-parts';
import { ledgerRows, type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY } from '../http/paging';
import { COUPONS_CONTRACT, type CouponsContract } from './contract';
import * as d from './dtos';
import { COUPON_SCHEMAS, DAY_SCHEMA } from './openapi';
import * as r from './results';
import type { CouponMatcher } from './service';

/** Where the coupons router is mounted. */
export const COUPONS_BASE_PATH = '/v1/coupons';

/** What the coupons handlers call. */
interface CouponsDeps {
  readonly contract: CouponsContract;
  readonly matcher: CouponMatcher;
}

/** Defaults of a class when the body leaves them out (docs/coupons.md). */
const CLASS_DEFAULTS = { minSpendFen: 0, acceptance: { kind: 'issuer' }, rebateBps: 5_000, transferable: true, resellable: true };

/** The arguments of `CreateClass`: every default filled in, so a retry sends the same arguments. */
function classArgs(b: d.CreateClassDto): string[] {
  const options = [
    String(b.minSpendFen ?? CLASS_DEFAULTS.minSpendFen),
    JSON.stringify(b.acceptance ?? CLASS_DEFAULTS.acceptance),
    String(b.rebateBps ?? CLASS_DEFAULTS.rebateBps),
    String(b.transferable ?? CLASS_DEFAULTS.transferable),
    String(b.resellable ?? CLASS_DEFAULTS.resellable),
  ];
  return [b.classId, b.name, String(b.faceValueFen), String(b.quantity), b.validFrom, b.validUntil, ...options];
}

const op = ledgerRows<CouponsDeps>();
const QUANTITY = { dto: d.CouponQuantityDto, schema: 'CouponQuantity' };
const SEND = { dto: d.SendDto, schema: 'CouponSend' };
const PROGRAM_POINTS = { dto: d.ProgramPointsDto, schema: 'ProgramPoints' };
const ORDER_PATH = '/merchants/{merchantId}/orders/{orderId}';

/** The coupons REST API of docs/coupons.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const COUPON_OPERATIONS: OperationTable<Operation<CouponsDeps>> = {
  module: 'coupons',
  basePath: COUPONS_BASE_PATH,
  contract: COUPONS_CONTRACT,
  pathParameters: { day: { schema: DAY_SCHEMA, rules: [d.IsDay()] } },
  schemas: COUPON_SCHEMAS,
  operations: [
    op.submit({
      method: 'post',
      path: '/classes',
      name: 'CreateClass',
      summary: 'Create a coupon class (merchant)',
      body: { dto: d.CreateClassDto, schema: 'CreateCouponClass' },
      args: ({ body }) => classArgs(body),
      result: r.couponClassResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/classes/{classId}',
      name: 'GetClass',
      summary: 'A coupon class',
      args: ({ params }) => [params.classId],
      result: r.couponClassResult,
    }),
    op.submit({
      method: 'post',
      path: '/classes/{classId}/issue',
      name: 'IssueMore',
      summary: 'Raise the supply (issuer)',
      body: QUANTITY,
      args: ({ params, body }) => [params.classId, String(body.quantity)],
      result: r.couponClassResult,
    }),
    op.submit({
      method: 'post',
      path: '/classes/{classId}/revoke',
      name: 'RevokeUnissued',
      summary: 'Revoke unissued coupons (issuer)',
      body: QUANTITY,
      args: ({ params, body }) => [params.classId, String(body.quantity)],
      result: r.couponClassResult,
    }),
    op.submit({
      method: 'post',
      path: '/classes/{classId}/sends',
      name: 'SendCoupons',
      summary: 'Send coupons to a holder (issuer)',
      body: SEND,
      args: ({ params, body }) => [params.classId, body.to, String(body.quantity)],
      result: r.sendResult,
    }),
    op.submit({
      method: 'post',
      path: '/classes/{classId}/transfers',
      name: 'TransferCoupons',
      summary: "Give the caller's coupons to another account",
      body: SEND,
      args: ({ params, body }) => [params.classId, body.to, String(body.quantity)],
      result: r.couponMoveResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/classes/{classId}/holders/{holder}',
      name: 'GetCouponBalance',
      summary: "A holder's coupons of the class",
      args: ({ params }) => [params.classId, params.holder],
      result: r.couponBalanceResult,
    }),
    op.json({
      method: 'get',
      path: '/classes/{classId}/supply',
      name: 'CheckCouponSupply',
      summary: 'Supply check of the class',
      run: ({ contract }, { caller, params }) => contract.checkSupply(caller, params.classId),
    }),
    op.submit({
      method: 'post',
      path: '/claims',
      name: 'OpenClaim',
      summary: 'Open a claim (issuer)',
      body: { dto: d.OpenClaimDto, schema: 'OpenClaim' },
      args: ({ body }) => [body.claimId, body.classId, String(body.perPerson), String(body.total)],
      result: r.claimResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/claims/{claimId}',
      name: 'GetClaim',
      summary: 'A claim',
      args: ({ params }) => [params.claimId],
      result: r.claimResult,
    }),
    op.submit({
      method: 'post',
      path: '/claims/{claimId}/takes',
      name: 'ClaimCoupons',
      summary: 'Claim coupons',
      body: QUANTITY,
      args: ({ params, body }) => [params.claimId, String(body.quantity)],
      result: r.claimTakenResult,
    }),
    op.submit({
      method: 'post',
      path: '/claims/{claimId}/close',
      name: 'CloseClaim',
      summary: 'Close a claim (issuer)',
      args: ({ params }) => [params.claimId],
      result: r.claimResult,
    }),
    op.submit({
      method: 'post',
      path: '/presentations',
      name: 'PresentCoupon',
      summary: "Authorise a coupon for a merchant's order (holder)",
      body: { dto: d.PresentCouponDto, schema: 'PresentCoupon' },
      args: ({ body }) => [body.classId, body.merchantId, body.orderId],
      result: r.presentationResult,
    }),
    op.submit({
      method: 'post',
      path: '/redemptions',
      name: 'RedeemCoupon',
      summary: 'Redeem the coupon presented for an order (merchant)',
      body: { dto: d.RedeemCouponDto, schema: 'RedeemCoupon' },
      args: ({ body }) => [body.orderId, body.classId],
      result: r.couponRedemptionResult,
    }),
    op.evaluate({
      method: 'get',
      path: `${ORDER_PATH}/presentation`,
      name: 'GetPresentation',
      summary: 'The coupon presented for an order',
      args: ({ params }) => [params.merchantId, params.orderId],
      result: r.presentationResult,
    }),
    op.submit({
      method: 'post',
      path: `${ORDER_PATH}/withdraw`,
      name: 'WithdrawPresentation',
      summary: 'Take back a presented coupon (holder)',
      args: ({ params }) => [params.merchantId, params.orderId],
      result: r.presentationResult,
    }),
    op.evaluate({
      method: 'get',
      path: `${ORDER_PATH}/redemption`,
      name: 'GetCouponRedemption',
      summary: 'The coupon redemption of an order',
      args: ({ params }) => [params.merchantId, params.orderId],
      result: r.couponRedemptionResult,
    }),
    op.submit({
      method: 'post',
      path: '/alliances',
      name: 'CreateAlliance',
      summary: 'Found an alliance (merchant)',
      body: { dto: d.CreateAllianceDto, schema: 'CreateAlliance' },
      args: ({ body }) => [body.allianceId, body.name],
      result: r.allianceResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/alliances/{allianceId}',
      name: 'GetAlliance',
      summary: 'An alliance',
      args: ({ params }) => [params.allianceId],
      result: r.allianceResult,
    }),
    op.submit({
      method: 'post',
      path: '/alliances/{allianceId}/invitations',
      name: 'InviteMerchant',
      summary: 'Invite a merchant (member)',
      body: { dto: d.InviteDto, schema: 'InviteMerchant' },
      args: ({ params, body }) => [params.allianceId, body.merchantId],
      result: r.allianceResult,
    }),
    op.submit({
      method: 'post',
      path: '/alliances/{allianceId}/join',
      name: 'JoinAlliance',
      summary: 'Join (invited merchant)',
      args: ({ params }) => [params.allianceId],
      result: r.allianceResult,
    }),
    op.submit({
      method: 'post',
      path: '/clearings',
      name: 'ClearDay',
      summary: "Net a merchant pair's payables of a past day",
      body: { dto: d.ClearDayDto, schema: 'ClearDay' },
      args: ({ body }) => [body.day, body.merchantA, body.merchantB],
      result: r.clearingResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/clearings/{day}/{merchantA}/{merchantB}',
      name: 'GetClearing',
      summary: "A pair's payables of a day and its statement",
      args: ({ params }) => [params.day, params.merchantA, params.merchantB],
      result: r.clearingViewResult,
    }),
    op.submit({
      method: 'post',
      path: '/listings',
      name: 'ListCoupons',
      summary: 'List coupons for sale at a price in points',
      body: { dto: d.ListCouponsDto, schema: 'ListCoupons' },
      args: ({ body }) => [body.listingId, body.classId, String(body.quantity), String(body.pricePoints)],
      result: r.listingResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/listings/{listingId}',
      name: 'GetListing',
      summary: 'A listing',
      args: ({ params }) => [params.listingId],
      result: r.listingResult,
    }),
    op.submit({
      method: 'post',
      path: '/listings/{listingId}/purchases',
      name: 'BuyListing',
      summary: 'Buy coupons of a listing with points',
      body: QUANTITY,
      args: ({ params, body }) => [params.listingId, String(body.quantity)],
      result: r.listingPurchaseResult,
    }),
    op.submit({
      method: 'post',
      path: '/listings/{listingId}/cancel',
      name: 'CancelListing',
      summary: 'Cancel a listing (seller)',
      args: ({ params }) => [params.listingId],
      result: r.listingResult,
    }),
    op.submit({
      method: 'post',
      path: '/orders',
      name: 'PlaceOrder',
      summary: 'Post an exchange order',
      body: { dto: d.PlaceOrderDto, schema: 'PlaceOrder' },
      args: ({ body: o }) => [o.orderId, o.giveClassId, String(o.giveQuantity), o.wantClassId, String(o.wantQuantity)],
      result: r.exchangeOrderResult,
    }),
    op.json({
      method: 'get',
      path: '/orders',
      name: 'ListOpenOrders',
      summary: 'Open exchange orders, one page',
      query: PAGE_QUERY,
      run: ({ contract }, { caller, query }) => contract.listOpenOrders(caller, query.pageSize ?? DEFAULT_PAGE_SIZE, query.bookmark ?? ''),
    }),
    op.evaluate({
      method: 'get',
      path: '/orders/{orderId}',
      name: 'GetOrder',
      summary: 'An exchange order',
      args: ({ params }) => [params.orderId],
      result: r.exchangeOrderResult,
    }),
    op.submit({
      method: 'post',
      path: '/orders/{orderId}/cancel',
      name: 'CancelOrder',
      summary: 'Cancel an exchange order (owner)',
      args: ({ params }) => [params.orderId],
      result: r.exchangeOrderResult,
    }),
    op.submit({
      method: 'post',
      path: '/programs',
      name: 'CreateProgram',
      summary: 'Register a point program of the caller or its alliance (merchant)',
      body: { dto: d.CreateProgramDto, schema: 'CreateProgram' },
      // Without an alliance the program is the caller's alone: `""`.
      args: ({ body }) => [body.programId, body.name, body.allianceId ?? '', String(body.pointValueFen)],
      result: r.programResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/programs/{programId}',
      name: 'GetProgram',
      summary: 'A point program',
      args: ({ params }) => [params.programId],
      result: r.programResult,
    }),
    op.submit({
      method: 'post',
      path: '/programs/{programId}/issues',
      name: 'IssueProgramPoints',
      summary: 'Issue program points (owner or alliance member)',
      body: PROGRAM_POINTS,
      args: ({ params, body }) => [params.programId, body.to, String(body.points)],
      result: r.programMoveResult,
    }),
    op.submit({
      method: 'post',
      path: '/programs/{programId}/transfers',
      name: 'TransferProgramPoints',
      summary: "Give the caller's program points to another account",
      body: PROGRAM_POINTS,
      args: ({ params, body }) => [params.programId, body.to, String(body.points)],
      result: r.programMoveResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/programs/{programId}/accounts/{account}',
      name: 'GetProgramBalance',
      summary: "An account's points of the program",
      args: ({ params }) => [params.programId, params.account],
      result: r.programBalanceResult,
    }),
    op.evaluate({
      method: 'get',
      path: '/programs/{programId}/supply',
      name: 'CheckProgramSupply',
      summary: 'Supply check of the program',
      args: ({ params }) => [params.programId],
      result: r.programSupplyResult,
    }),
    op.write({
      method: 'post',
      path: '/matches',
      name: 'ExecuteMatch',
      summary: 'Execute a given ring of orders atomically',
      body: { dto: d.ExecuteMatchDto, schema: 'ExecuteMatch' },
      run: ({ contract }, { caller, key, body }) => contract.executeMatch(caller, key, body.orderIds),
    }),
    op.json({
      method: 'post',
      path: '/match',
      name: 'RunMatcher',
      summary: 'Run the matcher now: read the book, execute the best disjoint rings',
      description: 'Reads `coupons:ListOpenOrders` and submits `coupons:ExecuteMatch` per ring.',
      answer: { description: 'The result', content: jsonContent({ type: 'object' }) },
      // Matching executes rings on the ledger: a write, so roles without an account (auditors) may not run it.
      authorize: (caller) => {
        if (caller.account === null) {
          throw new ForbiddenError('only members with an account may run the matcher');
        }
      },
      run: ({ matcher }, { caller }) => matcher.run(caller),
    }),
  ],
};

/**
 * The router of {@link COUPON_OPERATIONS}, relative to {@link COUPONS_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function couponsRoutes(contract: CouponsContract, matcher: CouponMatcher): Router {
  return operationRouter(COUPON_OPERATIONS, { contract, matcher });
}
