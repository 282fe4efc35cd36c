import { MAX_AMOUNT } from '../http/dto-rules';
import { bodySchema as body, ID_SCHEMA as ID, type OpenApiObject } from '../http/openapi-parts';
import { DAY_PATTERN, MAX_COUPONS } from './dtos';

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
