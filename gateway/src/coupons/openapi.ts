import { CSV_PAGE_QUERY, listingAnswer } from '../http/csv';
import { MAX_AMOUNT } from '../http/dto-rules';
import { bodySchema as body, ID_SCHEMA as ID, type OpenApiObject, schemaRef } from '../http/openapi-parts';
import type { QueryShape } from '../http/operations';
import { DAY_PATTERN, IssuerRedemptionQueryDto, MAX_COUPONS, RedemptionQueryDto } from './dtos';

/** Schema of a calendar day `yyyy-mm-dd`. */
export const DAY_SCHEMA: OpenApiObject = { type: 'string', pattern: DAY_PATTERN.source, example: '2025-01-31' };
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
  ClearDay: body({ day: DAY_SCHEMA, merchantA: ID, merchantB: ID }),
  ListCoupons: body({ listingId: ID, classId: ID, quantity: COUPONS, pricePoints: AMOUNT }),
  PlaceOrder: body({ orderId: ID, giveClassId: ID, giveQuantity: COUPONS, wantClassId: ID, wantQuantity: COUPONS }),
  CreateProgram: body({ programId: ID, name: { type: 'string', minLength: 1, maxLength: 128 }, allianceId: ID, pointValueFen: AMOUNT }, [
    'programId',
    'name',
    'pointValueFen',
  ]),
  ProgramPoints: body({ to: ID, points: AMOUNT }),
  ExecuteMatch: body({ orderIds: { type: 'array', minItems: 2, maxItems: 4, items: ID } }),
};

const PERIOD_PARAMETERS: readonly OpenApiObject[] = [
  { name: 'from', in: 'query', schema: TIME, description: "first instant of the redeeming transactions' time (inclusive)" },
  { name: 'to', in: 'query', schema: TIME, description: 'end of the period (exclusive)' },
];

/** `?from&to&format&pageSize&bookmark` of a merchant's redemptions. */
export const REDEMPTION_QUERY: QueryShape<RedemptionQueryDto> = {
  dto: RedemptionQueryDto,
  parameters: [...PERIOD_PARAMETERS, ...CSV_PAGE_QUERY.parameters],
};

/** `?classId&from&to&format&pageSize&bookmark` of an issuer's redemptions. */
export const ISSUER_REDEMPTION_QUERY: QueryShape<IssuerRedemptionQueryDto> = {
  dto: IssuerRedemptionQueryDto,
  parameters: [{ name: 'classId', in: 'query', schema: ID, description: 'only this class of the issuer' }, ...REDEMPTION_QUERY.parameters],
};

const FEN = { type: 'integer', minimum: 0 };
const TEXT = { type: 'string' };

/** A redemption as the read model lists it: the ledger's `CouponRedemption`. */
const REDEMPTION_ITEM: OpenApiObject = {
  type: 'object',
  properties: {
    merchantId: ID,
    orderId: ID,
    classId: ID,
    issuer: ID,
    holder: ID,
    amountFen: FEN,
    faceValueFen: FEN,
    payFen: FEN,
    rebateFen: FEN,
    occurredAt: TIME,
    payableDay: { ...DAY_SCHEMA, nullable: true },
    requestId: TEXT,
    txId: TEXT,
    time: TIME,
  },
};

/** One page of redemptions, answered by both listings (`merchantId` or `issuer` names the party). */
export const REDEMPTIONS_ANSWER: OpenApiObject = listingAnswer('One page of redemptions, oldest first', schemaRef('CouponRedemptionPage'));

/** The component schemas of the listings' answers. */
export const REDEMPTION_SCHEMAS: OpenApiObject = {
  CouponRedemptionPage: {
    type: 'object',
    properties: {
      merchantId: ID,
      issuer: ID,
      items: { type: 'array', items: REDEMPTION_ITEM },
      bookmark: { ...TEXT, description: 'the next page\'s `bookmark`; `""` on the last page' },
    },
    required: ['items', 'bookmark'],
  },
};
