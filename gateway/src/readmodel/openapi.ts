import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/dto-rules';
import type { OpenApiObject } from '../http/openapi-parts';
import type { QueryShape } from '../http/operations';
import { MovementsQueryDto, PlansQueryDto, ThroughputQueryDto, TopMerchantsQueryDto, TotalsQueryDto } from './dtos';

const LIMIT = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } };

/** Query of the movements listing. */
export const MOVEMENTS_QUERY: QueryShape<MovementsQueryDto> = {
  dto: MovementsQueryDto,
  parameters: [
    { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
    { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
    LIMIT,
    { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `cursor` of the previous page' },
  ],
};

/** Query of the top merchants. */
export const TOP_MERCHANTS_QUERY: QueryShape<TopMerchantsQueryDto> = {
  dto: TopMerchantsQueryDto,
  parameters: [{ name: 'month', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{6}$' } }, LIMIT],
};

/** Query of the plan listing. */
export const PLANS_QUERY: QueryShape<PlansQueryDto> = {
  dto: PlansQueryDto,
  parameters: [
    { name: 'status', in: 'query', schema: { type: 'string', example: 'OPEN' } },
    LIMIT,
    { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
  ],
};

/** Query of the totals. */
export const TOTALS_QUERY: QueryShape<TotalsQueryDto> = {
  dto: TotalsQueryDto,
  parameters: [{ name: 'accounts', in: 'query', schema: { type: 'string' }, description: 'Comma-separated, at most 50' }],
};

/** Query of the throughput chart. */
export const THROUGHPUT_QUERY: QueryShape<ThroughputQueryDto> = {
  dto: ThroughputQueryDto,
  parameters: [{ name: 'minutes', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1440, default: 10 } }],
};

const INT = { type: 'integer' };
const STR = { type: 'string' };
const NULLABLE_STR = { type: 'string', nullable: true };

/** Response schemas of the read model API. */
export const READMODEL_SCHEMAS: Record<string, OpenApiObject> = {
  ReadModelStatus: {
    type: 'object',
    properties: { block: NULLABLE_STR, txCount: INT, latestBlockSeen: NULLABLE_STR },
  },
  Movement: {
    type: 'object',
    properties: {
      account: STR,
      txId: STR,
      seq: INT,
      time: STR,
      delta: INT,
      kind: STR,
      counterparty: NULLABLE_STR,
      reference: NULLABLE_STR,
    },
  },
  MovementPage: {
    type: 'object',
    properties: { account: STR, items: { type: 'array', items: { $ref: '#/components/schemas/Movement' } }, cursor: NULLABLE_STR },
  },
  TopMerchants: {
    type: 'object',
    properties: {
      month: STR,
      items: { type: 'array', items: { type: 'object', properties: { merchant: STR, salesFen: INT, purchases: INT } } },
    },
  },
  PlanList: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: { planId: STR, status: STR, issuer: STR, kind: STR, capPoints: INT, raised: INT, updatedAt: STR, block: STR },
        },
      },
    },
  },
  ReadModelTotals: {
    type: 'object',
    properties: {
      transactions: INT,
      events: INT,
      movements: INT,
      balanceSum: INT,
      accounts: { type: 'object', additionalProperties: INT },
      movementCounts: { type: 'object', additionalProperties: INT },
    },
  },
  Throughput: {
    type: 'object',
    properties: {
      minutes: INT,
      since: STR,
      items: { type: 'array', items: { type: 'object', properties: { minute: STR, transactions: INT, perSecond: { type: 'number' } } } },
    },
  },
  Rebuild: { type: 'object', properties: { rebuilding: { type: 'boolean' } } },
};
