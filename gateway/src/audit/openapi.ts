import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/dto-rules';
import { ID_SCHEMA, type OpenApiObject } from '../http/openapi-parts';
import type { QueryShape } from '../http/operations';
import {
  BlockListQueryDto,
  DEFAULT_BLOCK_PAGE,
  ENTITY_TYPES,
  HistoryQueryDto,
  MAX_BLOCK_PAGE,
  MAX_HISTORY_BOOKMARK_LENGTH,
  TX_ID_PATTERN,
} from './dtos';

const NUMBER = { type: 'string', pattern: '^\\d+$', description: 'decimal block number or height' };
const HEX = { type: 'string', pattern: '^[0-9a-f]*$' };
const NULLABLE_TEXT = { type: 'string', nullable: true };

function shape(properties: OpenApiObject): OpenApiObject {
  return { type: 'object', required: Object.keys(properties), properties };
}

const BLOCK_FIELDS = {
  number: NUMBER,
  dataHash: HEX,
  previousHash: HEX,
  headerHash: HEX,
  txCount: { type: 'integer' },
  time: { ...NULLABLE_TEXT, format: 'date-time' },
};

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
    verifiedFrom: {
      ...NUMBER,
      description:
        'first block this call read and checked: the block after the stored verified prefix, 0 when it starts over, the height when nothing was new',
    },
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

/** Schemas of the audit path parameters. */
export const AUDIT_PATH_SCHEMAS = {
  entityType: { type: 'string', enum: [...ENTITY_TYPES] },
  entityId: { ...ID_SCHEMA, description: '`<shelfId>:<YYYY-MM-DD>` for a statement' },
  txId: { type: 'string', pattern: TX_ID_PATTERN.source },
  number: { type: 'string', pattern: '^\\d+$' },
} as const satisfies Record<string, OpenApiObject>;

/** `?pageSize&bookmark` of a history. */
export const HISTORY_QUERY: QueryShape<HistoryQueryDto> = {
  dto: HistoryQueryDto,
  parameters: [
    { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
    {
      name: 'bookmark',
      in: 'query',
      schema: { type: 'string', pattern: `^[A-Za-z0-9_-]{0,${MAX_HISTORY_BOOKMARK_LENGTH}}$` },
      description: 'the `bookmark` of the previous page; empty or absent for the first page',
    },
  ],
};

/** `?from&limit` of the block listing. */
export const BLOCK_LIST_QUERY: QueryShape<BlockListQueryDto> = {
  dto: BlockListQueryDto,
  parameters: [
    { name: 'from', in: 'query', schema: { type: 'string', pattern: '^\\d+$' }, description: 'highest block to list; default the tip' },
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_BLOCK_PAGE, default: DEFAULT_BLOCK_PAGE } },
  ],
};
