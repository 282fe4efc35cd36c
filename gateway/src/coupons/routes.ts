import { type Arguments, COUPONS } from '@loulan/protocol';
import type { Request, Response, Router } from 'express';

import type { AuthenticatedMember } from '../auth/authenticated-member';
import { ForbiddenError } from '../errors';
import { nextPageQuery, sendListing } from '../http/csv';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { ledgerRows } from '../http/ledger-rows';
import { jsonContent } from '../http/openapi-parts';
import { type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY } from '../http/paging';
import { assertPartyReader } from '../http/party-reads';
import type { RedemptionRow } from '../readmodel/rows';
import type { Page, ReadModelStore, RedemptionQuery } from '../readmodel/store';
import type { CouponsContract } from './contract';
import { REDEMPTION_CSV_COLUMNS } from './csv';
import * as d from './dtos';
import { COUPON_SCHEMAS, DAY_SCHEMA, ISSUER_REDEMPTION_QUERY, REDEMPTION_QUERY, REDEMPTION_SCHEMAS, REDEMPTIONS_ANSWER } from './openapi';
import * as r from './results';
import type { CouponMatcher } from './service';

/** Where the coupons router is mounted. */
export const COUPONS_BASE_PATH = COUPONS.basePath;

/** The read model's listing of redemptions, which no chaincode read answers (docs/coupons.md "Redemption listings"). */
export type RedemptionIndex = Pick<ReadModelStore, 'redemptions'>;

/** What the coupons handlers call. */
interface CouponsDeps {
  readonly contract: CouponsContract;
  readonly matcher: CouponMatcher;
  readonly index: RedemptionIndex;
}

/** Defaults of a class when the body leaves them out (docs/coupons.md). */
const CLASS_DEFAULTS = { minSpendFen: 0, acceptance: { kind: 'issuer' }, rebateBps: 5_000, transferable: true, resellable: true };

/** The arguments of `CreateClass`: every default filled in, so a retry sends the same arguments. */
function classArgs(b: d.CreateClassDto): Omit<Arguments<typeof COUPONS, 'CreateClass'>, 'requestId'> {
  return {
    classId: b.classId,
    name: b.name,
    faceValueFen: String(b.faceValueFen),
    quantity: String(b.quantity),
    validFrom: b.validFrom,
    validUntil: b.validUntil,
    minSpendFen: String(b.minSpendFen ?? CLASS_DEFAULTS.minSpendFen),
    acceptance: JSON.stringify(b.acceptance ?? CLASS_DEFAULTS.acceptance),
    rebateBps: String(b.rebateBps ?? CLASS_DEFAULTS.rebateBps),
    transferable: String(b.transferable ?? CLASS_DEFAULTS.transferable),
    resellable: String(b.resellable ?? CLASS_DEFAULTS.resellable),
  };
}

/** The issuer's changes of a class's supply: more coupons, or unissued ones revoked. */
const SUPPLY_CHANGES = ['IssueMore', 'RevokeUnissued'] as const;

/** Program points moved to an account: issued by the program, or given by their holder. */
const PROGRAM_MOVES = ['IssueProgramPoints', 'TransferProgramPoints'] as const;

const op = ledgerRows<typeof COUPONS, CouponsDeps>(COUPONS);
const QUANTITY = { dto: d.CouponQuantityDto, schema: 'CouponQuantity' };
const SEND = { dto: d.SendDto, schema: 'CouponSend' };

/** One page of a party's redemptions, with the query it ran (for the next page's link). */
interface RedemptionListing {
  readonly by: RedemptionQuery['by'];
  readonly party: string;
  readonly query: d.RedemptionQueryDto & { readonly classId?: string };
  readonly page: Page<RedemptionRow>;
}

/** What the redemption listings' descriptions add: where they are served from. */
const READ_MODEL_NOTE = 'Served from the read model (docs/readmodel.md), which follows the chain within moments of each block.';

/**
 * One page of a party's redemptions from the read model, in the redeeming transactions' time order,
 * for the party itself, the platform admin and auditors.
 *
 * @throws ForbiddenError (403) for any other caller
 */
async function listRedemptions(
  index: RedemptionIndex,
  caller: AuthenticatedMember,
  by: RedemptionQuery['by'],
  party: string,
  query: RedemptionListing['query'],
): Promise<RedemptionListing> {
  assertPartyReader(caller, party, by === 'merchant' ? `the redemptions at ${party}` : `the redemptions of the classes of ${party}`);
  const { classId, from, to, pageSize = DEFAULT_PAGE_SIZE, bookmark } = query;
  const page = await index.redemptions({ by, party, classId, from, to, limit: pageSize, cursor: bookmark });
  return { by, party, query, page };
}

/** A page of redemptions as its query asks: JSON `{merchantId|issuer, items, bookmark}`, or CSV (docs/coupons.md). */
function sendRedemptions(res: Response, { by, party, query, page }: RedemptionListing, { req }: { readonly req: Request }): void {
  const { classId, from, to, format, pageSize = DEFAULT_PAGE_SIZE } = query;
  const json = { [by === 'merchant' ? 'merchantId' : 'issuer']: party, items: page.items, bookmark: page.cursor ?? '' };
  sendListing(res, req, format, json, () => ({
    filename: `coupon-redemptions-${by}-${party}.csv`,
    columns: REDEMPTION_CSV_COLUMNS,
    records: page.items,
    next: nextPageQuery({ classId, from, to, format, pageSize }, page.cursor),
  }));
}

/** The coupons REST API of docs/coupons.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const COUPON_OPERATIONS: OperationTable<Operation<CouponsDeps>> = {
  module: 'coupons',
  basePath: COUPONS_BASE_PATH,
  contract: COUPONS.contract,
  pathParameters: { day: { schema: DAY_SCHEMA, rules: [d.IsDay()] } },
  schemas: { ...COUPON_SCHEMAS, ...REDEMPTION_SCHEMAS },
  operations: [
    op.submit('CreateClass', {
      body: { dto: d.CreateClassDto, schema: 'CreateCouponClass' },
      args: ({ body }) => classArgs(body),
      result: r.couponClassResult,
    }),
    op.evaluate('GetClass', { args: ({ params }) => params, result: r.couponClassResult }),
    ...SUPPLY_CHANGES.map((change) =>
      op.submit(change, {
        body: QUANTITY,
        args: ({ params, body }) => ({ classId: params.classId, quantity: String(body.quantity) }),
        result: r.couponClassResult,
      }),
    ),
    op.submit('SendCoupons', {
      body: SEND,
      args: ({ params, body }) => ({ classId: params.classId, toAccount: body.to, quantity: String(body.quantity) }),
      result: r.sendResult,
    }),
    op.submit('TransferCoupons', {
      body: SEND,
      args: ({ params, body }) => ({ classId: params.classId, toAccount: body.to, quantity: String(body.quantity) }),
      result: r.couponMoveResult,
    }),
    op.evaluate('GetCouponBalance', { args: ({ params }) => params, result: r.couponBalanceResult }),
    op.json({
      ...op.route('CheckCouponSupply'),
      run: ({ contract }, { caller, params }) => contract.checkSupply(caller, params.classId),
    }),
    op.submit('OpenClaim', {
      body: { dto: d.OpenClaimDto, schema: 'OpenClaim' },
      args: ({ body }) => ({
        claimId: body.claimId,
        classId: body.classId,
        perPerson: String(body.perPerson),
        total: String(body.total),
      }),
      result: r.claimResult,
    }),
    op.evaluate('GetClaim', { args: ({ params }) => params, result: r.claimResult }),
    op.submit('ClaimCoupons', {
      body: QUANTITY,
      args: ({ params, body }) => ({ claimId: params.claimId, quantity: String(body.quantity) }),
      result: r.claimTakenResult,
    }),
    op.submit('CloseClaim', { args: ({ params }) => params, result: r.claimResult }),
    op.submit('PresentCoupon', {
      body: { dto: d.PresentCouponDto, schema: 'PresentCoupon' },
      args: ({ body }) => ({ classId: body.classId, merchantId: body.merchantId, orderId: body.orderId }),
      result: r.presentationResult,
    }),
    op.submit('RedeemCoupon', {
      body: { dto: d.RedeemCouponDto, schema: 'RedeemCoupon' },
      args: ({ body }) => ({ orderId: body.orderId, classId: body.classId }),
      result: r.couponRedemptionResult,
    }),
    op.evaluate('GetPresentation', { args: ({ params }) => params, result: r.presentationResult }),
    op.submit('WithdrawPresentation', { args: ({ params }) => params, result: r.presentationResult }),
    op.evaluate('GetCouponRedemption', { args: ({ params }) => params, result: r.couponRedemptionResult }),
    op.json({
      method: 'get',
      path: '/merchants/{merchantId}/redemptions',
      name: 'ListMerchantRedemptions',
      summary: "Redemptions at a merchant's tills, one page, JSON or CSV",
      description: READ_MODEL_NOTE,
      query: REDEMPTION_QUERY,
      answer: REDEMPTIONS_ANSWER,
      run: ({ index }, { caller, params, query }) => listRedemptions(index, caller, 'merchant', params.merchantId, query),
      send: sendRedemptions,
    }),
    op.json({
      method: 'get',
      path: '/issuers/{issuer}/redemptions',
      name: 'ListIssuerRedemptions',
      summary: "Redemptions of an issuer's coupon classes, wherever redeemed, one page, JSON or CSV",
      description: READ_MODEL_NOTE,
      query: ISSUER_REDEMPTION_QUERY,
      answer: REDEMPTIONS_ANSWER,
      run: ({ index }, { caller, params, query }) => listRedemptions(index, caller, 'issuer', params.issuer, query),
      send: sendRedemptions,
    }),
    op.submit('CreateAlliance', {
      body: { dto: d.CreateAllianceDto, schema: 'CreateAlliance' },
      args: ({ body }) => ({ allianceId: body.allianceId, name: body.name }),
      result: r.allianceResult,
    }),
    op.evaluate('GetAlliance', { args: ({ params }) => params, result: r.allianceResult }),
    op.submit('InviteMerchant', {
      body: { dto: d.InviteDto, schema: 'InviteMerchant' },
      args: ({ params, body }) => ({ allianceId: params.allianceId, merchantId: body.merchantId }),
      result: r.allianceResult,
    }),
    op.submit('JoinAlliance', { args: ({ params }) => params, result: r.allianceResult }),
    op.submit('ClearDay', {
      body: { dto: d.ClearDayDto, schema: 'ClearDay' },
      args: ({ body }) => ({ day: body.day, merchantA: body.merchantA, merchantB: body.merchantB }),
      result: r.clearingResult,
    }),
    op.evaluate('GetClearing', { args: ({ params }) => params, result: r.clearingViewResult }),
    op.submit('ListCoupons', {
      body: { dto: d.ListCouponsDto, schema: 'ListCoupons' },
      args: ({ body }) => ({
        listingId: body.listingId,
        classId: body.classId,
        quantity: String(body.quantity),
        pricePoints: String(body.pricePoints),
      }),
      result: r.listingResult,
    }),
    op.evaluate('GetListing', { args: ({ params }) => params, result: r.listingResult }),
    op.submit('BuyListing', {
      body: QUANTITY,
      args: ({ params, body }) => ({ listingId: params.listingId, quantity: String(body.quantity) }),
      result: r.listingPurchaseResult,
    }),
    op.submit('CancelListing', { args: ({ params }) => params, result: r.listingResult }),
    op.submit('PlaceOrder', {
      body: { dto: d.PlaceOrderDto, schema: 'PlaceOrder' },
      args: ({ body: o }) => ({
        orderId: o.orderId,
        giveClassId: o.giveClassId,
        giveQuantity: String(o.giveQuantity),
        wantClassId: o.wantClassId,
        wantQuantity: String(o.wantQuantity),
      }),
      result: r.exchangeOrderResult,
    }),
    op.json({
      ...op.route('ListOpenOrders'),
      query: PAGE_QUERY,
      run: ({ contract }, { caller, query }) => contract.listOpenOrders(caller, query.pageSize ?? DEFAULT_PAGE_SIZE, query.bookmark ?? ''),
    }),
    op.evaluate('GetOrder', { args: ({ params }) => params, result: r.exchangeOrderResult }),
    op.submit('CancelOrder', { args: ({ params }) => params, result: r.exchangeOrderResult }),
    op.submit('CreateProgram', {
      body: { dto: d.CreateProgramDto, schema: 'CreateProgram' },
      // Without an alliance the program is the caller's alone: `""`.
      args: ({ body }) => ({
        programId: body.programId,
        name: body.name,
        allianceId: body.allianceId ?? '',
        pointValueFen: String(body.pointValueFen),
      }),
      result: r.programResult,
    }),
    op.evaluate('GetProgram', { args: ({ params }) => params, result: r.programResult }),
    ...PROGRAM_MOVES.map((move) =>
      op.submit(move, {
        body: { dto: d.ProgramPointsDto, schema: 'ProgramPoints' },
        args: ({ params, body }) => ({ programId: params.programId, toAccount: body.to, points: String(body.points) }),
        result: r.programMoveResult,
      }),
    ),
    op.evaluate('GetProgramBalance', { args: ({ params }) => params, result: r.programBalanceResult }),
    op.evaluate('CheckProgramSupply', { args: ({ params }) => params, result: r.programSupplyResult }),
    op.write({
      ...op.route('ExecuteMatch'),
      body: { dto: d.ExecuteMatchDto, schema: 'ExecuteMatch' },
      run: ({ contract }, { caller, key, body }) => contract.executeMatch(caller, key, body.orderIds),
    }),
    // Not one transaction but the gateway's own operation, so it gives its own method, path, name and summary.
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
export function couponsRoutes(contract: CouponsContract, matcher: CouponMatcher, index: RedemptionIndex): Router {
  return operationRouter(COUPON_OPERATIONS, { contract, matcher, index });
}
