import { MAX_AMOUNT } from '../http/dto-rules';
import type { OpenApiObject } from '../http/openapi-parts';
import { bodySchema as body, ID_SCHEMA as ID, IDEMPOTENCY_PARAMETER, PAGE_PARAMETERS } from '../http/openapi-parts';
import { MAX_COUPONS } from './dtos';
import { COUPONS_BASE_PATH } from './routes';

const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', example: '2025-01-31' };
const AMOUNT = { type: 'integer', minimum: 1, maximum: MAX_AMOUNT };
const COUPONS = { type: 'integer', minimum: 1, maximum: MAX_COUPONS };
const TIME = { type: 'string', format: 'date-time' };

/** Request body schemas, mirroring the DTOs of ./dtos.ts. */
export const COUPON_SCHEMAS: OpenApiObject = {
  CreateCouponClass: body(
    {
      classId: ID,
      name: { type: 'string', minLength: 1, maxLength: 128 },
      faceValueFen: AMOUNT,
      quantity: COUPONS,
      validFrom: TIME,
      validUntil: TIME,
      minSpendFen: { type: 'integer', minimum: 0, maximum: MAX_AMOUNT, default: 0 },
      acceptance: {
        type: 'object',
        description: '`{"kind":"issuer"}` (default), `{"kind":"merchants","merchants":[…]}` or `{"kind":"alliance","allianceId":"…"}`',
      },
      rebateBps: { type: 'integer', minimum: 0, maximum: 10_000, default: 5_000 },
      transferable: { type: 'boolean', default: true },
      resellable: { type: 'boolean', default: true },
    },
    ['classId', 'name', 'faceValueFen', 'quantity', 'validFrom', 'validUntil'],
  ),
  CouponQuantity: body({ quantity: COUPONS }),
  CouponSend: body({ to: ID, quantity: COUPONS }),
  OpenClaim: body({ claimId: ID, classId: ID, perPerson: COUPONS, total: COUPONS }),
  PresentCoupon: body({ classId: ID, merchantId: ID, orderId: ID }),
  RedeemCoupon: body({ orderId: ID, classId: ID }),
  CreateAlliance: body({ allianceId: ID, name: { type: 'string', minLength: 1, maxLength: 128 } }),
  InviteMerchant: body({ merchantId: ID }),
  ClearDay: body({ day: DAY, merchantA: ID, merchantB: ID }),
  ListCoupons: body({ listingId: ID, classId: ID, quantity: COUPONS, pricePoints: AMOUNT }),
  PlaceOrder: body({ orderId: ID, giveClassId: ID, giveQuantity: COUPONS, wantClassId: ID, wantQuantity: COUPONS }),
  CreateProgram: body({ programId: ID, name: { type: 'string', minLength: 1, maxLength: 128 }, allianceId: ID, pointValueFen: AMOUNT }, ['programId', 'name', 'pointValueFen']),
  ProgramPoints: body({ to: ID, points: AMOUNT }),
  ExecuteMatch: body({ orderIds: { type: 'array', minItems: 2, maxItems: 4, items: ID } }),
};

type Method = 'get' | 'post';
/** [method, path, transaction (or `matcher`), summary, body schema, paged]. */
type Operation = readonly [Method, string, string, string, string?, boolean?];

const OPERATIONS: readonly Operation[] = [
  ['post', '/classes', 'CreateClass', 'Create a coupon class (merchant)', 'CreateCouponClass'],
  ['get', '/classes/{classId}', 'GetClass', 'A coupon class'],
  ['post', '/classes/{classId}/issue', 'IssueMore', 'Raise the supply (issuer)', 'CouponQuantity'],
  ['post', '/classes/{classId}/revoke', 'RevokeUnissued', 'Revoke unissued coupons (issuer)', 'CouponQuantity'],
  ['post', '/classes/{classId}/sends', 'SendCoupons', 'Send coupons to a holder (issuer)', 'CouponSend'],
  ['post', '/classes/{classId}/transfers', 'TransferCoupons', "Give the caller's coupons to another account", 'CouponSend'],
  ['get', '/classes/{classId}/holders/{holder}', 'GetCouponBalance', "A holder's coupons of the class"],
  ['get', '/classes/{classId}/supply', 'CheckCouponSupply', 'Supply check of the class'],
  ['post', '/claims', 'OpenClaim', 'Open a claim (issuer)', 'OpenClaim'],
  ['get', '/claims/{claimId}', 'GetClaim', 'A claim'],
  ['post', '/claims/{claimId}/takes', 'ClaimCoupons', 'Claim coupons', 'CouponQuantity'],
  ['post', '/claims/{claimId}/close', 'CloseClaim', 'Close a claim (issuer)'],
  ['post', '/presentations', 'PresentCoupon', "Authorise a coupon for a merchant's order (holder)", 'PresentCoupon'],
  ['post', '/redemptions', 'RedeemCoupon', 'Redeem the coupon presented for an order (merchant)', 'RedeemCoupon'],
  ['get', '/merchants/{merchantId}/orders/{orderId}/presentation', 'GetPresentation', 'The coupon presented for an order'],
  ['post', '/merchants/{merchantId}/orders/{orderId}/withdraw', 'WithdrawPresentation', 'Take back a presented coupon (holder)'],
  ['get', '/merchants/{merchantId}/orders/{orderId}/redemption', 'GetCouponRedemption', 'The coupon redemption of an order'],
  ['post', '/alliances', 'CreateAlliance', 'Found an alliance (merchant)', 'CreateAlliance'],
  ['get', '/alliances/{allianceId}', 'GetAlliance', 'An alliance'],
  ['post', '/alliances/{allianceId}/invitations', 'InviteMerchant', 'Invite a merchant (member)', 'InviteMerchant'],
  ['post', '/alliances/{allianceId}/join', 'JoinAlliance', 'Join (invited merchant)'],
  ['post', '/clearings', 'ClearDay', "Net a merchant pair's payables of a past day", 'ClearDay'],
  ['get', '/clearings/{day}/{merchantA}/{merchantB}', 'GetClearing', "A pair's payables of a day and its statement"],
  ['post', '/listings', 'ListCoupons', 'List coupons for sale at a price in points', 'ListCoupons'],
  ['get', '/listings/{listingId}', 'GetListing', 'A listing'],
  ['post', '/listings/{listingId}/purchases', 'BuyListing', 'Buy coupons of a listing with points', 'CouponQuantity'],
  ['post', '/listings/{listingId}/cancel', 'CancelListing', 'Cancel a listing (seller)'],
  ['post', '/orders', 'PlaceOrder', 'Post an exchange order', 'PlaceOrder'],
  ['get', '/orders', 'ListOpenOrders', 'Open exchange orders, one page', undefined, true],
  ['get', '/orders/{orderId}', 'GetOrder', 'An exchange order'],
  ['post', '/orders/{orderId}/cancel', 'CancelOrder', 'Cancel an exchange order (owner)'],
  ['post', '/programs', 'CreateProgram', 'Register a point program of the caller or its alliance (merchant)', 'CreateProgram'],
  ['get', '/programs/{programId}', 'GetProgram', 'A point program'],
  ['post', '/programs/{programId}/issues', 'IssueProgramPoints', 'Issue program points (owner or alliance member)', 'ProgramPoints'],
  ['post', '/programs/{programId}/transfers', 'TransferProgramPoints', "Give the caller's program points to another account", 'ProgramPoints'],
  ['get', '/programs/{programId}/accounts/{account}', 'GetProgramBalance', "An account's points of the program"],
  ['get', '/programs/{programId}/supply', 'CheckProgramSupply', 'Supply check of the program'],
  ['post', '/matches', 'ExecuteMatch', 'Execute a given ring of orders atomically', 'ExecuteMatch'],
  ['post', '/match', 'matcher', 'Run the matcher now: read the book, execute the best disjoint rings'],
];

const PATH_PARAMETER_SCHEMAS: Readonly<Record<string, OpenApiObject>> = { day: DAY };

/** The `paths` of the coupons API, keyed by full path. */
export function couponsOpenApiPaths(): Record<string, Record<string, OpenApiObject>> {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const [method, path, transaction, summary, schema, paged] of OPERATIONS) {
    const full = `${COUPONS_BASE_PATH}${path}`;
    const write = method === 'post' && transaction !== 'matcher';
    const parameters = [
      ...[...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({ name, in: 'path', required: true, schema: PATH_PARAMETER_SCHEMAS[name] ?? ID })),
      ...(paged === true ? PAGE_PARAMETERS : []),
      ...(write ? [IDEMPOTENCY_PARAMETER] : []),
    ];
    paths[full] = {
      ...paths[full],
      [method]: {
        operationId: `coupons_${transaction}`,
        summary,
        description: transaction === 'matcher' ? 'Reads `coupons:ListOpenOrders` and submits `coupons:ExecuteMatch` per ring.' : `Chaincode transaction \`coupons:${transaction}\`.`,
        tags: ['coupons'],
        security: [{ apiKey: [] }],
        parameters,
        ...(schema === undefined
          ? {}
          : { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } }),
        responses: {
          '200': write
            ? { description: 'Committed', content: { 'application/json': { schema: { $ref: '#/components/schemas/WriteResult' } } } }
            : { description: 'The result', content: { 'application/json': { schema: { type: 'object' } } } },
          default: { $ref: '#/components/responses/Error' },
        },
      },
    };
  }
  return paths;
}
