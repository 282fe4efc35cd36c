import { DEFAULT_PAGE_SIZE, MAX_AMOUNT, MAX_PAGE_SIZE } from '../http/dto-rules';
import type { OpenApiObject } from '../http/openapi-parts';
import { bodySchema as body, ID_SCHEMA as ID, IDEMPOTENCY_PARAMETER } from '../http/openapi-parts';
import { DEFAULT_REPORT_PAGE_SIZE, MAX_BATCH_LINES, MAX_LINE_QTY, MAX_REPORT_BOOKMARK_LENGTH, MAX_REPORT_PAGE_SIZE } from './dtos';
import { SHELF_BASE_PATH } from './routes';

const DAY = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', example: '2025-03-10' };
const BPS = { type: 'integer', minimum: 0, maximum: 10_000 };
const FEN = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT };
const SIGNED_FEN = { type: 'integer', minimum: -MAX_AMOUNT, maximum: MAX_AMOUNT };
const TEXT = (max: number): OpenApiObject => ({ type: 'string', minLength: 1, maxLength: max });

/** Request body schemas, mirroring the DTOs of ./dtos.ts. */
export const SHELF_SCHEMAS: OpenApiObject = {
  ShelfPostSite: body({ siteId: ID, city: ID, location: TEXT(256), footfall: { type: 'integer', minimum: 0, maximum: 10_000_000 }, desiredShareBps: BPS }),
  ShelfPostOffer: body({ offerId: ID, city: ID, skus: { type: 'array', minItems: 1, maxItems: 100, items: body({ sku: ID, costFen: FEN }) } }),
  ShelfPostRequest: body({ postingId: ID, city: ID, description: TEXT(1024) }),
  ShelfProposeAgreement: body({
    siteId: ID,
    supplier: ID,
    supplierBps: BPS,
    operatorBps: BPS,
    siteBps: { ...BPS, description: 'supplierBps + operatorBps + siteBps must be exactly 10000' },
    feeBps: BPS,
  }),
  ShelfRegisterDevice: body({ deviceId: { ...ID, description: 'account of a member enrolled with role shelf-device that has claimed the caller' } }),
  ShelfClaimDevice: body({ operator: { ...ID, description: 'account of the shelf operator that may bind the calling device' } }),
  ShelfRecordSales: body({
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BATCH_LINES,
      items: body(
        {
          saleId: ID,
          sku: ID,
          qty: { type: 'integer', minimum: -MAX_LINE_QTY, maximum: MAX_LINE_QTY, description: 'negative on a refund' },
          amountFen: SIGNED_FEN,
          costFen: SIGNED_FEN,
          occurredAt: { type: 'string', format: 'date-time' },
          refundOf: { ...ID, description: 'the refunded sale; only on refunds' },
        },
        ['saleId', 'sku', 'qty', 'amountFen', 'costFen', 'occurredAt'],
      ),
    },
  }),
  ShelfRecordPayment: body({ transferRef: TEXT(128) }),
  ShelfDispute: body({ reason: TEXT(1024) }),
  ShelfResolveDispute: body(
    { resolution: { type: 'string', enum: ['accept', 'resettle'] }, revenueFen: FEN, costFen: FEN, note: TEXT(1024) },
    ['resolution', 'note'],
  ),
};

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly transaction: string;
  readonly summary: string;
  readonly body?: string;
  readonly query?: OpenApiObject[];
}

const BOARD_QUERY = [
  { name: 'city', in: 'query', schema: ID },
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
  { name: 'bookmark', in: 'query', schema: { type: 'string', maxLength: 1024 } },
];
const REPORT_QUERY = [
  { name: 'from', in: 'query', required: true, schema: DAY },
  { name: 'to', in: 'query', required: true, schema: DAY },
  { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
  {
    name: 'pageSize',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: MAX_REPORT_PAGE_SIZE, default: DEFAULT_REPORT_PAGE_SIZE },
    description: 'rows per page: a sales line, or a statement without lines',
  },
  {
    name: 'bookmark',
    in: 'query',
    schema: { type: 'string', pattern: `^[A-Za-z0-9_-]{0,${MAX_REPORT_BOOKMARK_LENGTH}}$` },
    description: 'the `bookmark` of the previous page (JSON), or of the `Link: rel="next"` header (CSV); empty for the first page',
  },
];
const DAY_PATH = '/shelves/{shelfId}/days/{day}';

const OPERATIONS: readonly Operation[] = [
  { method: 'post', path: '/sites', transaction: 'PostSite', summary: 'Post a site (site-provider)', body: 'ShelfPostSite' },
  { method: 'post', path: '/offers', transaction: 'PostOffer', summary: 'Post a supply offer (supplier)', body: 'ShelfPostOffer' },
  { method: 'post', path: '/requests', transaction: 'PostRequest', summary: "Post an operator's request (shelf-operator)", body: 'ShelfPostRequest' },
  { method: 'get', path: '/sites', transaction: 'ListBoard', summary: 'Sites on the board, one page', query: BOARD_QUERY },
  { method: 'get', path: '/offers', transaction: 'ListBoard', summary: 'Supply offers on the board, one page', query: BOARD_QUERY },
  { method: 'get', path: '/requests', transaction: 'ListBoard', summary: "Operators' requests on the board, one page", query: BOARD_QUERY },
  { method: 'get', path: '/shelves/{shelfId}', transaction: 'GetShelf', summary: 'A shelf with every agreement version' },
  { method: 'post', path: '/shelves/{shelfId}/agreements', transaction: 'ProposeAgreement', summary: 'Propose a new agreement version (shelf-operator)', body: 'ShelfProposeAgreement' },
  { method: 'post', path: '/shelves/{shelfId}/agreements/{version}/sign', transaction: 'SignAgreement', summary: 'Sign a proposed version (a party, in its own role)' },
  { method: 'post', path: '/shelves/{shelfId}/agreements/{version}/decline', transaction: 'DeclineAgreement', summary: 'Decline a proposed version (a party)' },
  { method: 'post', path: '/device-claims', transaction: 'ClaimDevice', summary: 'Name the one operator that may bind the calling device (shelf-device, while unbound)', body: 'ShelfClaimDevice' },
  { method: 'post', path: '/shelves/{shelfId}/devices', transaction: 'RegisterDevice', summary: 'Bind a device that has claimed the caller to the shelf (its operator)', body: 'ShelfRegisterDevice' },
  { method: 'post', path: '/shelves/{shelfId}/devices/{deviceId}/unbind', transaction: 'UnbindDevice', summary: 'End a device binding; the device records no more sales (the shelf operator)' },
  { method: 'post', path: '/sales', transaction: 'RecordSales', summary: "Record a batch of sales lines for the device's shelf (shelf-device); the Idempotency-Key is the batch id", body: 'ShelfRecordSales' },
  { method: 'post', path: `${DAY_PATH}/settle`, transaction: 'SettleDay', summary: 'Settle a shelf-day from the next day 00:00 UTC+8 (any account)' },
  { method: 'get', path: `${DAY_PATH}/statement`, transaction: 'GetStatement', summary: 'A statement with the sales lines it covers (its parties, admin, auditor)' },
  { method: 'post', path: `${DAY_PATH}/payment`, transaction: 'RecordPayment', summary: 'Record the fiat transfer once the 3-day dispute window has closed; pending → paid (the operator)', body: 'ShelfRecordPayment' },
  { method: 'post', path: `${DAY_PATH}/dispute`, transaction: 'DisputeStatement', summary: 'Dispute a pending statement within 3 days (a party)', body: 'ShelfDispute' },
  { method: 'post', path: `${DAY_PATH}/resolution`, transaction: 'ResolveDispute', summary: 'Resolve a dispute: accept or resettle (admin)', body: 'ShelfResolveDispute' },
  { method: 'get', path: '/reports/{party}', transaction: 'GetReport', summary: 'One page of the reconciliation report of a party, JSON or CSV (the party, admin, auditor)', query: REPORT_QUERY },
];

const PATH_SCHEMAS: Readonly<Record<string, OpenApiObject>> = { day: DAY, version: { type: 'integer', minimum: 1 } };

function responses(operation: Operation): OpenApiObject {
  if (operation.method === 'post') {
    return { description: 'Committed', content: { 'application/json': { schema: { $ref: '#/components/schemas/WriteResult' } } } };
  }
  const json = { 'application/json': { schema: { type: 'object' } } };
  return operation.transaction === 'GetReport'
    ? {
        description: 'One page of the report; as CSV, a `Link` header with `rel="next"` names the next page unless this is the last',
        headers: { Link: { schema: { type: 'string' }, description: '`<url>; rel="next"` (CSV only)' } },
        content: { ...json, 'text/csv': { schema: { type: 'string' } } },
      }
    : { description: 'The chaincode result', content: json };
}

/** The `paths` of the shelf API, keyed by full path. */
export function shelfOpenApiPaths(): Record<string, Record<string, OpenApiObject>> {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const operation of OPERATIONS) {
    const path = `${SHELF_BASE_PATH}${operation.path}`;
    const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({ name, in: 'path', required: true, schema: PATH_SCHEMAS[name] ?? ID }));
    paths[path] = {
      ...paths[path],
      [operation.method]: {
        operationId: `shelf:${operation.transaction}:${operation.method}:${operation.path}`,
        summary: operation.summary,
        description: `Chaincode transaction \`shelf:${operation.transaction}\`.`,
        tags: ['shelf'],
        security: [{ apiKey: [] }],
        parameters: [...pathParameters, ...(operation.query ?? []), ...(operation.method === 'post' ? [IDEMPOTENCY_PARAMETER] : [])],
        ...(operation.body === undefined
          ? {}
          : { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } } } } }),
        responses: { '200': responses(operation), default: { $ref: '#/components/responses/Error' } },
      },
    };
  }
  return paths;
}
