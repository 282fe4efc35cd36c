import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/dto-rules';
import type { OpenApiObject } from '../http/openapi-parts';
import { DEFAULT_BLOCK_PAGE, ENTITY_TYPES, MAX_BLOCK_PAGE, MAX_HISTORY_BOOKMARK_LENGTH } from './dtos';
import { AUDIT_BASE_PATH } from './routes';

const NUMBER = { type: 'string', pattern: '^\\d+$', description: 'decimal block number or height' };
const HEX = { type: 'string', pattern: '^[0-9a-f]*$' };
const NULLABLE_TEXT = { type: 'string', nullable: true };

function shape(properties: OpenApiObject): OpenApiObject {
  return { type: 'object', required: Object.keys(properties), properties };
}

const BLOCK_FIELDS = { number: NUMBER, dataHash: HEX, previousHash: HEX, headerHash: HEX, txCount: { type: 'integer' }, time: { ...NULLABLE_TEXT, format: 'date-time' } };

/** Response schemas of the audit API (docs/audit.md). */
export const AUDIT_SCHEMAS: OpenApiObject = {
  AuditHistory: shape({
    entityType: { type: 'string', enum: [...ENTITY_TYPES] },
    entityId: { type: 'string' },
    items: {
      type: 'array',
      items: shape({
        txId: { type: 'string' },
        time: { type: 'string', format: 'date-time' },
        isDelete: { type: 'boolean' },
        value: { nullable: true, description: 'the record of this version; for an account `{account, balance, lanes}`' },
        blockNumber: NUMBER,
        creatorMsp: NULLABLE_TEXT,
        creatorRole: NULLABLE_TEXT,
      }),
    },
    bookmark: { type: 'string', description: 'opaque bookmark of the next page; empty after the last page' },
  }),
  AuditTransaction: shape({
    txId: { type: 'string' },
    blockNumber: NUMBER,
    validationCode: { type: 'string', example: 'VALID' },
    creatorMsp: { type: 'string' },
    creatorRole: NULLABLE_TEXT,
    timestamp: { ...NULLABLE_TEXT, format: 'date-time' },
    contract: { type: 'string' },
    transaction: { type: 'string' },
    args: { type: 'array', items: { type: 'string', maxLength: 201 } },
    events: { type: 'array', items: shape({ name: { type: 'string' }, payload: { description: 'parsed JSON, or text' } }) },
  }),
  AuditBlock: shape(BLOCK_FIELDS),
  AuditBlockDetail: shape({ ...BLOCK_FIELDS, txIds: { type: 'array', items: { type: 'string' } } }),
  AuditBlockList: shape({ height: NUMBER, items: { type: 'array', items: { $ref: '#/components/schemas/AuditBlock' } } }),
  AuditVerify: shape({
    height: NUMBER,
    verified: { type: 'boolean' },
    firstBreak: { ...shape({ number: NUMBER, expectedPreviousHash: HEX, actualPreviousHash: HEX }), nullable: true },
    verifiedFrom: { ...NUMBER, description: 'first block this call read and checked: the block after the stored verified prefix, 0 when it starts over, the height when nothing was new' },
    verifiedNow: { type: 'integer', minimum: 0, description: 'blocks this call read and checked beyond the stored verified prefix' },
  }),
  AuditInvariants: shape({
    points: { type: 'object', description: 'points:CheckInvariant' },
    coupons: { type: 'array', items: { type: 'object', description: 'coupons:CheckCouponSupply of each class' } },
    holds: { type: 'boolean' },
  }),
  AuditChain: shape({
    height: NUMBER,
    currentBlockHash: HEX,
    previousBlockHash: HEX,
    peers: { type: 'array', items: shape({ mspId: { type: 'string' }, height: { ...NUMBER, nullable: true } }) },
  }),
};

interface Operation {
  readonly path: string;
  readonly id: string;
  readonly summary: string;
  readonly schema: string;
  readonly parameters?: readonly OpenApiObject[];
}

const PATH_SCHEMAS: Readonly<Record<string, OpenApiObject>> = {
  entityType: { type: 'string', enum: [...ENTITY_TYPES] },
  entityId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$', description: '`<shelfId>:<YYYY-MM-DD>` for a statement' },
  txId: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  number: { type: 'string', pattern: '^\\d+$' },
};

const OPERATIONS: readonly Operation[] = [
  {
    path: '/history/{entityType}/{entityId}',
    id: 'AuditHistory',
    summary: 'Versions of an entity in chain order, from the read model (auditor, admin; others their own account)',
    schema: 'AuditHistory',
    parameters: [
      { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
      {
        name: 'bookmark',
        in: 'query',
        schema: { type: 'string', pattern: `^[A-Za-z0-9_-]{0,${MAX_HISTORY_BOOKMARK_LENGTH}}$` },
        description: 'the `bookmark` of the previous page; empty or absent for the first page',
      },
    ],
  },
  { path: '/transactions/{txId}', id: 'AuditTransaction', summary: 'A transaction as its block records it (auditor, admin)', schema: 'AuditTransaction' },
  {
    path: '/blocks',
    id: 'AuditBlocks',
    summary: 'Blocks, newest first (auditor, admin)',
    schema: 'AuditBlockList',
    parameters: [
      { name: 'from', in: 'query', schema: { type: 'string', pattern: '^\\d+$' }, description: 'highest block to list; default the tip' },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_BLOCK_PAGE, default: DEFAULT_BLOCK_PAGE } },
    ],
  },
  { path: '/blocks/{number}', id: 'AuditBlock', summary: 'One block (auditor, admin)', schema: 'AuditBlockDetail' },
  {
    path: '/verify',
    id: 'AuditVerify',
    summary: 'Status of the hash chain from block 0 to the tip; reads only the blocks after the stored verified prefix (auditor, admin)',
    schema: 'AuditVerify',
  },
  { path: '/invariants', id: 'AuditInvariants', summary: 'Points and coupon supply invariants (auditor, admin)', schema: 'AuditInvariants' },
  { path: '/chain', id: 'AuditChain', summary: 'Height and tip hashes, and each organisation peer height (auditor, admin)', schema: 'AuditChain' },
];

/** The `paths` of the audit API, keyed by full path. */
export function auditOpenApiPaths(): Record<string, Record<string, OpenApiObject>> {
  return Object.fromEntries(
    OPERATIONS.map((operation) => {
      const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
        name,
        in: 'path',
        required: true,
        schema: PATH_SCHEMAS[name] ?? { type: 'string' },
      }));
      return [
        `${AUDIT_BASE_PATH}${operation.path}`,
        {
          get: {
            operationId: operation.id,
            summary: operation.summary,
            tags: ['audit'],
            security: [{ apiKey: [] }],
            parameters: [...pathParameters, ...(operation.parameters ?? [])],
            responses: {
              '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.schema}` } } } },
              default: { $ref: '#/components/responses/Error' },
            },
          },
        },
      ];
    }),
  );
}
