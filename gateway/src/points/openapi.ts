import { MAX_AMOUNT } from '../http/dto-rules';
import { bodySchema as body, ID_SCHEMA as ID, IDEMPOTENCY_PARAMETER, PAGE_PARAMETERS, type OpenApiObject } from '../http/openapi-parts';
import { POINTS_BASE_PATH } from './routes';

const MONTH = { type: 'string', pattern: '^\\d{4}(0[1-9]|1[0-2])$', example: '202501' };
const AMOUNT = { type: 'integer', minimum: 1, maximum: MAX_AMOUNT };
const COUNT = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT };

/** Request body schemas, mirroring the DTOs of ./dtos.ts. */
export const POINTS_SCHEMAS: OpenApiObject = {
  PointsAmount: body({ points: AMOUNT }),
  RegisterMerchant: body({
    merchantId: ID,
    name: { type: 'string', minLength: 1, maxLength: 128 },
    region: { type: 'string', minLength: 1, maxLength: 64 },
  }),
  RecordPurchase: body(
    { orderId: ID, consumer: ID, amountFen: AMOUNT, occurredAt: { type: 'string', format: 'date-time' } },
    ['orderId', 'consumer', 'amountFen'],
  ),
  RedeemPoints: body({ merchantId: ID, orderId: ID, points: AMOUNT }),
  Transfer: body({ to: ID, points: AMOUNT }),
  ListProduct: body({
    productId: ID,
    name: { type: 'string', minLength: 1, maxLength: 128 },
    pricePoints: AMOUNT,
    stock: COUNT,
  }),
  Quantity: body({ quantity: AMOUNT }),
  MonthlyReward: body({ merchantId: ID, month: MONTH }),
  UpdateParams: body({
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
    maxBackdateDays: { type: 'integer', minimum: 0, maximum: 366 },
  }),
  WriteResult: {
    type: 'object',
    required: ['result', 'transactionId', 'blockNumber'],
    properties: {
      result: { type: 'object', description: 'the chaincode result (docs/points.md, "Transactions")' },
      transactionId: { type: 'string' },
      blockNumber: { type: 'string', pattern: '^\\d+$' },
    },
  },
};

interface Operation {
  readonly method: 'get' | 'post' | 'put';
  readonly path: string;
  readonly transaction: string;
  readonly summary: string;
  readonly body?: string;
  readonly query?: boolean;
  /** Writes need the Idempotency-Key header, except purchases (their order id is the business id). */
  readonly idempotent?: boolean;
}

const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/params', transaction: 'GetParams', summary: 'Current parameters' },
  { method: 'put', path: '/params', transaction: 'UpdateParams', summary: 'Replace the parameters (admin)', body: 'UpdateParams', idempotent: true },
  { method: 'post', path: '/mint', transaction: 'Mint', summary: 'Mint points into the treasury (admin)', body: 'PointsAmount', idempotent: true },
  { method: 'post', path: '/burn', transaction: 'Burn', summary: 'Burn treasury points (admin)', body: 'PointsAmount', idempotent: true },
  { method: 'post', path: '/merchants', transaction: 'RegisterMerchant', summary: 'Register a merchant (admin)', body: 'RegisterMerchant', idempotent: true },
  { method: 'get', path: '/merchants/{merchantId}', transaction: 'GetMerchant', summary: 'A merchant' },
  { method: 'get', path: '/merchants/{merchantId}/sales/{month}', transaction: 'GetMonthlySales', summary: "A merchant's sales of a month" },
  { method: 'post', path: '/purchases', transaction: 'RecordPurchase', summary: 'Record a purchase (merchant); the order id is the business id', body: 'RecordPurchase' },
  { method: 'post', path: '/redemptions', transaction: 'RedeemPoints', summary: 'Pay towards an order with points (consumer)', body: 'RedeemPoints', idempotent: true },
  { method: 'post', path: '/transfers', transaction: 'Transfer', summary: 'Transfer points', body: 'Transfer', idempotent: true },
  { method: 'post', path: '/rebalance', transaction: 'RebalanceLanes', summary: "Spread the caller's balance over its lanes", idempotent: true },
  { method: 'post', path: '/products', transaction: 'ListProduct', summary: 'List a points-only product (admin)', body: 'ListProduct', idempotent: true },
  { method: 'get', path: '/products', transaction: 'ListProducts', summary: 'Products, one page', query: true },
  { method: 'get', path: '/products/{productId}', transaction: 'GetProduct', summary: 'A product' },
  { method: 'post', path: '/products/{productId}/restock', transaction: 'RestockProduct', summary: 'Restock a product (admin)', body: 'Quantity', idempotent: true },
  { method: 'post', path: '/products/{productId}/purchases', transaction: 'BuyProduct', summary: 'Buy a product with points (consumer)', body: 'Quantity', idempotent: true },
  { method: 'post', path: '/monthly-rewards', transaction: 'PayMonthlyReward', summary: "Pay a merchant's monthly reward (admin)", body: 'MonthlyReward', idempotent: true },
  { method: 'get', path: '/accounts/{account}/balance', transaction: 'GetBalance', summary: 'Balance of an account' },
  { method: 'get', path: '/accounts/{account}/statement', transaction: 'GetStatement', summary: 'Movements of an account, one page', query: true },
  { method: 'get', path: '/invariant', transaction: 'CheckInvariant', summary: 'Supply invariant' },
];

const PATH_PARAMETER_SCHEMAS: Readonly<Record<string, OpenApiObject>> = {
  merchantId: ID,
  productId: ID,
  account: ID,
  month: MONTH,
};

/** The `paths` of the points API, keyed by full path. */
export function pointsOpenApiPaths(): Record<string, Record<string, OpenApiObject>> {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const operation of OPERATIONS) {
    const path = `${POINTS_BASE_PATH}${operation.path}`;
    const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
      name,
      in: 'path',
      required: true,
      schema: PATH_PARAMETER_SCHEMAS[name] ?? { type: 'string' },
    }));
    const write = operation.method !== 'get';
    paths[path] = {
      ...paths[path],
      [operation.method]: {
        operationId: operation.transaction,
        summary: operation.summary,
        description: `Chaincode transaction \`points:${operation.transaction}\`.`,
        tags: ['points'],
        security: [{ apiKey: [] }],
        parameters: [
          ...pathParameters,
          ...(operation.query === true ? PAGE_PARAMETERS : []),
          ...(operation.idempotent === true ? [IDEMPOTENCY_PARAMETER] : []),
        ],
        ...(operation.body === undefined
          ? {}
          : {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } } },
              },
            }),
        responses: {
          '200': write
            ? {
                description: 'Committed',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/WriteResult' } } },
              }
            : { description: 'The chaincode result', content: { 'application/json': { schema: { type: 'object' } } } },
          default: { $ref: '#/components/responses/Error' },
        },
      },
    };
  }
  return paths;
}
