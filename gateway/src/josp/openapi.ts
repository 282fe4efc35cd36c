import { listingAnswer } from '../http/csv';
import { MAX_AMOUNT, MAX_PAGE_SIZE } from '../http/dto-rules';
import { bodySchema as body, ID_SCHEMA as ID, type OpenApiObject, schemaRef } from '../http/openapi-parts';
import { DEFAULT_PAYOUT_PAGE_SIZE } from './dtos';

const AMOUNT = { type: 'integer', minimum: 1, maximum: MAX_AMOUNT };
const COUNT = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT };
const BPS = { type: 'integer', minimum: 0, maximum: 10_000 };
const INSTANT = { type: 'string', format: 'date-time' };

/** Request body schemas, mirroring the DTOs of ./dtos.ts. */
export const JOSP_SCHEMAS: OpenApiObject = {
  JospOpenPlan: body(
    {
      planId: ID,
      salesMerchant: { ...ID, description: "whose sales set the rate: a bank names a merchant; a merchant's plan uses its own" },
      capPoints: AMOUNT,
      minRaisePoints: COUNT,
      minSubscription: AMOUNT,
      maxSubscription: AMOUNT,
      windowStart: INSTANT,
      windowEnd: { ...INSTANT, description: 'end of the subscription window and start of the term' },
      maturity: INSTANT,
      yieldSchedule: {
        type: 'array',
        minItems: 1,
        maxItems: 16,
        description: 'rate by term sales; default <50,000 yuan 100 bps, <200,000 yuan 300 bps, else 500 bps',
        items: body({ minSalesFen: COUNT, rateBps: BPS }),
      },
    },
    ['planId', 'capPoints', 'minRaisePoints', 'minSubscription', 'maxSubscription', 'windowStart', 'windowEnd', 'maturity'],
  ),
  JospSubscribe: body({ points: AMOUNT }),
  JospPayoutPage: body({ pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAYOUT_PAGE_SIZE } }, []),
  JospQualifyInvestor: body({ consumer: ID }),
  JospOfferLoan: body({ loanId: ID, merchantId: ID, principalFen: AMOUNT, rateBps: BPS, dueDate: INSTANT, collateralPoints: AMOUNT }),
  JospPayoutList: {
    type: 'object',
    properties: {
      planId: ID,
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            planId: ID,
            investor: ID,
            status: { type: 'string', enum: ['PAID', 'REFUNDED'] },
            tranche: COUNT,
            seq: COUNT,
            principal: COUNT,
            yieldPoints: COUNT,
            paidAt: INSTANT,
            txId: { type: 'string' },
          },
        },
      },
      bookmark: { type: 'string', description: 'the next page\'s `bookmark`; `""` on the last page' },
    },
    required: ['planId', 'items', 'bookmark'],
  },
};

/** The answer of `GET /plans/{planId}/payouts`: one page, JSON or CSV. */
export const PAYOUTS_ANSWER: OpenApiObject = listingAnswer(
  "One page of the plan's payouts, in the order it paid them",
  schemaRef('JospPayoutList'),
);
