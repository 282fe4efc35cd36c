import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/dto-rules';
import type { OpenApiObject } from '../http/openapi-parts';
import { READMODEL_BASE_PATH } from './routes';

const LIMIT = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } };

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly parameters?: readonly OpenApiObject[];
  readonly schema: string;
}

const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/status', summary: 'Last indexed block and number of indexed transactions', schema: 'ReadModelStatus' },
  {
    method: 'get',
    path: '/accounts/{account}/movements',
    summary: "An account's statement lines in time order (from inclusive, to exclusive), keyset-paginated",
    parameters: [
      { name: 'account', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
      { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
      LIMIT,
      { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `cursor` of the previous page' },
    ],
    schema: 'MovementPage',
  },
  {
    method: 'get',
    path: '/merchants/top',
    summary: 'Merchants by sales (fen) in a month',
    parameters: [{ name: 'month', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{6}$' } }, LIMIT],
    schema: 'TopMerchants',
  },
  {
    method: 'get',
    path: '/plans',
    summary: 'JOSP plans, latest version, optionally by status',
    parameters: [
      { name: 'status', in: 'query', schema: { type: 'string', example: 'OPEN' } },
      LIMIT,
      { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
    ],
    schema: 'PlanList',
  },
  {
    method: 'get',
    path: '/totals',
    summary: 'Counts and sums to compare with the chain (Σ deltas per account = balance)',
    parameters: [{ name: 'accounts', in: 'query', schema: { type: 'string' }, description: 'Comma-separated, at most 50' }],
    schema: 'ReadModelTotals',
  },
  {
    method: 'get',
    path: '/throughput',
    summary: 'Committed transactions per minute (and per second) over the last minutes',
    parameters: [{ name: 'minutes', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1440, default: 10 } }],
    schema: 'Throughput',
  },
  { method: 'post', path: '/rebuild', summary: 'Empties the read model and replays the chain from block 0 (answers 202)', schema: 'Rebuild' },
];

/** The `paths` of the read model API and of the explorer page, keyed by full path. */
export function readModelOpenApiPaths(): Record<string, Record<string, OpenApiObject>> {
  const paths: Record<string, Record<string, OpenApiObject>> = {
    '/explorer': {
      get: {
        summary: 'The explorer web page (asks for an auditor API key)',
        tags: ['explorer'],
        responses: { '200': { description: 'HTML' } },
      },
    },
  };
  for (const op of OPERATIONS) {
    paths[`${READMODEL_BASE_PATH}${op.path}`] = {
      [op.method]: {
        operationId: `readModel${op.path.split(/[/{}]/).filter((p) => p !== '').map((p) => p[0]?.toUpperCase() + p.slice(1)).join('')}`,
        summary: op.summary,
        description: 'Off-chain read model (docs/readmodel.md); auditors and admins only (403 otherwise).',
        tags: ['readmodel'],
        security: [{ apiKey: [] }],
        parameters: [...(op.parameters ?? [])],
        responses: {
          [op.method === 'post' ? '202' : '200']: {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.schema}` } } },
          },
          default: { $ref: '#/components/responses/Error' },
        },
      },
    };
  }
  return paths;
}

const INT = { type: 'integer' };
const STR = { type: 'string' };
const NULLABLE_STR = { type: 'string', nullable: true };

/** Schemas referenced by {@link readModelOpenApiPaths}. */
export const READMODEL_SCHEMAS: Record<string, OpenApiObject> = {
  ReadModelStatus: {
    type: 'object',
    properties: { block: NULLABLE_STR, txCount: INT, latestBlockSeen: NULLABLE_STR },
  },
  Movement: {
    type: 'object',
    properties: { account: STR, txId: STR, seq: INT, time: STR, delta: INT, kind: STR, counterparty: NULLABLE_STR, reference: NULLABLE_STR },
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
