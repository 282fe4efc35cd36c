import { MAX_SHELF_BATCH_LINES } from '@loulan/protocol';

import { FORMAT_PARAMETER, listingAnswer } from '../http/csv';
import { MAX_AMOUNT } from '../http/dto-rules';
import { bodySchema as body, ID_SCHEMA as ID, type OpenApiObject } from '../http/openapi-parts';
import type { QueryShape } from '../http/operations';
import { PAGE_PARAMETERS } from '../http/paging';
import {
  BoardQueryDto,
  DAY_PATTERN,
  DEFAULT_REPORT_PAGE_SIZE,
  MAX_LINE_QTY,
  MAX_REPORT_BOOKMARK_LENGTH,
  MAX_REPORT_PAGE_SIZE,
  ReportQueryDto,
} from './dtos';

/** Schema of a day in Asia/Shanghai, `yyyy-mm-dd`. */
export const DAY_SCHEMA: OpenApiObject = { type: 'string', pattern: DAY_PATTERN.source, example: '2025-03-10' };
/** Schema of an agreement version in a path. */
export const VERSION_SCHEMA: OpenApiObject = { type: 'integer', minimum: 1 };
const BPS = { type: 'integer', minimum: 0, maximum: 10_000 };
const FEN = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT };
const SIGNED_FEN = { type: 'integer', minimum: -MAX_AMOUNT, maximum: MAX_AMOUNT };
const TEXT = (max: number): OpenApiObject => ({ type: 'string', minLength: 1, maxLength: max });

/** Request body schemas, mirroring the DTOs of ./dtos.ts. */
export const SHELF_SCHEMAS: OpenApiObject = {
  ShelfPostSite: body({
    siteId: ID,
    city: ID,
    location: TEXT(256),
    footfall: { type: 'integer', minimum: 0, maximum: 10_000_000 },
    desiredShareBps: BPS,
  }),
  ShelfPostOffer: body({
    offerId: ID,
    city: ID,
    skus: { type: 'array', minItems: 1, maxItems: 100, items: body({ sku: ID, costFen: FEN }) },
  }),
  ShelfPostRequest: body({ postingId: ID, city: ID, description: TEXT(1024) }),
  ShelfProposeAgreement: body({
    siteId: ID,
    supplier: ID,
    supplierBps: BPS,
    operatorBps: BPS,
    siteBps: { ...BPS, description: 'supplierBps + operatorBps + siteBps must be exactly 10000' },
    feeBps: BPS,
  }),
  ShelfRegisterDevice: body({
    deviceId: { ...ID, description: 'account of a member enrolled with role shelf-device that has claimed the caller' },
  }),
  ShelfClaimDevice: body({ operator: { ...ID, description: 'account of the shelf operator that may bind the calling device' } }),
  ShelfRecordSales: body({
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_SHELF_BATCH_LINES,
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

/** `?city&pageSize&bookmark` of the board listings. */
export const BOARD_QUERY: QueryShape<BoardQueryDto> = {
  dto: BoardQueryDto,
  parameters: [{ name: 'city', in: 'query', schema: ID }, ...PAGE_PARAMETERS],
};

/** `?from&to&format&pageSize&bookmark` of a report. */
export const REPORT_QUERY: QueryShape<ReportQueryDto> = {
  dto: ReportQueryDto,
  parameters: [
    { name: 'from', in: 'query', required: true, schema: DAY_SCHEMA },
    { name: 'to', in: 'query', required: true, schema: DAY_SCHEMA },
    FORMAT_PARAMETER,
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
  ],
};

/** The answer of `GET /reports/{party}`: one page, JSON or CSV. */
export const REPORT_ANSWER: OpenApiObject = listingAnswer('One page of the report');
