import { MAX_PURCHASE_BATCH_LINES } from '@loulan/protocol';

import { listingAnswer } from '../http/csv';
import { MAX_AMOUNT } from '../http/dto-rules';
import { bodySchema as body, ID_SCHEMA as ID, type OpenApiObject, schemaRef } from '../http/openapi-parts';
import { MONTH_PATTERN } from './dtos';

/** Schema of a calendar month `yyyymm`. */
export const MONTH_SCHEMA: OpenApiObject = { type: 'string', pattern: MONTH_PATTERN.source, example: '202501' };
const AMOUNT = { type: 'integer', minimum: 1, maximum: MAX_AMOUNT };
const COUNT = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT };
const TEXT = { type: 'string' };
const INTEGER = { type: 'integer' };
// Parameters added after the first release: optional, with a default, so older documents stay valid.
const OPTIONAL_PARAMS = ['maxClockSkewSeconds', 'disputeWindowSeconds'];

/** The Purchase a recorded purchase answers (docs/points.md, "Transactions"). */
const PURCHASE_RESULT = {
  type: 'object',
  properties: {
    orderId: TEXT,
    merchantId: TEXT,
    consumer: TEXT,
    amountFen: INTEGER,
    occurredAt: { type: 'string', format: 'date-time' },
    salesMonth: TEXT,
    activityCount: INTEGER,
    activityAmountFen: INTEGER,
    multiplierBps: INTEGER,
    pointsEarned: INTEGER,
    txId: TEXT,
    time: TEXT,
  },
};

/** One line of a purchase batch's result: its fields besides `index` and `orderId`, by `status`. */
function batchLine(status: string, fields: OpenApiObject): OpenApiObject {
  const properties = { index: INTEGER, orderId: TEXT, status: { type: 'string', enum: [status] }, ...fields };
  return { type: 'object', required: Object.keys(properties), properties };
}

/** Request body schemas, mirroring the DTOs of ./dtos.ts, and the result of a purchase batch. */
export const POINTS_SCHEMAS: OpenApiObject = {
  PointsAmount: body({ points: AMOUNT }),
  RegisterMerchant: body({
    merchantId: ID,
    name: { type: 'string', minLength: 1, maxLength: 128 },
    region: { type: 'string', minLength: 1, maxLength: 64 },
  }),
  RecordPurchase: body({ orderId: ID, consumer: ID, amountFen: AMOUNT, occurredAt: { type: 'string', format: 'date-time' } }, [
    'orderId',
    'consumer',
    'amountFen',
  ]),
  RecordPurchases: body({
    lines: { type: 'array', minItems: 1, maxItems: MAX_PURCHASE_BATCH_LINES, items: schemaRef('RecordPurchase') },
  }),
  PurchaseBatch: {
    type: 'object',
    description: 'The `result` of `POST /purchase-batches`: one line per request line, in its order',
    required: ['batchId', 'merchantId', 'txId', 'time', 'recorded', 'duplicates', 'rejected', 'lines'],
    properties: {
      batchId: TEXT,
      merchantId: TEXT,
      txId: TEXT,
      time: TEXT,
      recorded: INTEGER,
      duplicates: INTEGER,
      rejected: INTEGER,
      lines: {
        type: 'array',
        items: {
          oneOf: [
            batchLine('RECORDED', { purchase: PURCHASE_RESULT }),
            batchLine('DUPLICATE', { txId: { ...TEXT, description: 'the transaction that recorded the order' } }),
            batchLine('REJECTED', { code: { ...TEXT, description: 'the ledger error code' }, message: TEXT }),
          ],
        },
      },
    },
  },
  RedeemPoints: body({ merchantId: ID, orderId: ID, points: AMOUNT }),
  Transfer: body({ to: ID, points: AMOUNT }),
  ListProduct: body({
    productId: ID,
    name: { type: 'string', minLength: 1, maxLength: 128 },
    pricePoints: AMOUNT,
    stock: COUNT,
  }),
  Quantity: body({ quantity: AMOUNT }),
  MonthlyReward: body({ merchantId: ID, month: MONTH_SCHEMA }),
  UpdateParams: updateParamsSchema({
    pointValueFen: AMOUNT,
    basePointsPerYuan: AMOUNT,
    joinBonus: { type: 'object', additionalProperties: COUNT },
    regionTiers: { type: 'object' },
    activityWindowDays: { type: 'integer', minimum: 1, maximum: 366 },
    activityTiers: {
      type: 'array',
      maxItems: 16,
      items: body({
        minCount: COUNT,
        minAmountFen: COUNT,
        multiplierBps: { type: 'integer', minimum: 10_000, maximum: 1_000_000 },
      }),
    },
    redemptionCapBps: { type: 'integer', minimum: 0, maximum: 10_000 },
    monthlyRewardBrackets: {
      type: 'array',
      minItems: 1,
      maxItems: 16,
      items: body({
        upToFen: { ...AMOUNT, nullable: true },
        rateBps: { type: 'integer', minimum: 0, maximum: 10_000 },
      }),
    },
    maxBackdateDays: { type: 'integer', minimum: 0, maximum: 90 },
    maxClockSkewSeconds: { type: 'integer', minimum: 1, maximum: 3_600, description: '300 when absent' },
    disputeWindowSeconds: {
      type: 'integer',
      minimum: 60,
      maximum: 2_592_000,
      description:
        'seconds after settlement during which a shelf statement may be disputed and cannot be paid; 259200 (3 days) when absent; fixed per statement at settlement',
    },
  }),
};

/** The parameter document's body: every field required but {@link OPTIONAL_PARAMS}, which have defaults. */
function updateParamsSchema(properties: OpenApiObject): OpenApiObject {
  return body(
    properties,
    Object.keys(properties).filter((name) => !OPTIONAL_PARAMS.includes(name)),
  );
}

/** The answer of `GET /accounts/{account}/statement`: one page, JSON or CSV. */
export const STATEMENT_ANSWER: OpenApiObject = listingAnswer("One page of the account's statement");
