// class-transformer's @Type reads decorator metadata through the Reflect API this package provides.
import 'reflect-metadata';

import { MAX_SHELF_BATCH_LINES } from '@loulan/protocol';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

import { ANSWER_FORMATS, type AnswerFormat } from '../http/csv';
import { IsId, IsIntIn, MAX_AMOUNT } from '../http/dto-rules';
import { PageQueryDto } from '../http/paging';

/*
 * Request shapes of the shelf REST API (docs/shelf.md, "REST API"). The chaincode validates again and decides
 * every business rule; these checks only refuse what can never be right, early and field by field.
 */

/** A day in Asia/Shanghai, `yyyy-mm-dd`. */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Largest quantity of one sales line. */
export const MAX_LINE_QTY = 1_000_000;
/** A day as `yyyy-mm-dd` ({@link DAY_PATTERN}): in a query, and the `{day}` of a path. */
export function IsDay(): PropertyDecorator {
  return Matches(DAY_PATTERN, { message: '$property must be a day as yyyy-mm-dd' });
}

/** The rules of the `{version}` of an agreement path: a whole number from 1. */
export const AGREEMENT_VERSION_RULES: readonly PropertyDecorator[] = [Type(() => Number), IsIntIn(1, 999_999)];

/** `POST /sites`. */
export class PostSiteDto {
  @IsId() siteId!: string;
  @IsId() city!: string;
  @IsString() @Length(1, 256) location!: string;
  @IsIntIn(0, 10_000_000) footfall!: number;
  @IsIntIn(0, 10_000) desiredShareBps!: number;
}

/** One SKU of a supply offer. */
export class OfferSkuDto {
  @IsId() sku!: string;
  @IsIntIn(0, MAX_AMOUNT) costFen!: number;
}

/** `POST /offers`. */
export class PostOfferDto {
  @IsId() offerId!: string;
  @IsId() city!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => OfferSkuDto) skus!: OfferSkuDto[];
}

/** `POST /requests`. */
export class PostRequestDto {
  @IsId() postingId!: string;
  @IsId() city!: string;
  @IsString() @Length(1, 1024) description!: string;
}

/** `?city&pageSize&bookmark` of the board listings. */
export class BoardQueryDto extends PageQueryDto {
  @IsOptional() @IsId() city?: string;
}

/** `POST /shelves/:shelfId/agreements`. */
export class ProposeAgreementDto {
  @IsId() siteId!: string;
  @IsId() supplier!: string;
  @IsIntIn(0, 10_000) supplierBps!: number;
  @IsIntIn(0, 10_000) operatorBps!: number;
  @IsIntIn(0, 10_000) siteBps!: number;
  @IsIntIn(0, 10_000) feeBps!: number;
}

/** `POST /shelves/:shelfId/devices`. */
export class RegisterDeviceDto {
  @IsId() deviceId!: string;
}

/** `POST /device-claims`: the calling device names its operator. */
export class ClaimDeviceDto {
  @IsId() operator!: string;
}

/** One sales line; refunds have negative qty, amount and cost and name `refundOf`. */
export class SaleLineDto {
  @IsId() saleId!: string;
  @IsId() sku!: string;
  @IsIntIn(-MAX_LINE_QTY, MAX_LINE_QTY) qty!: number;
  @IsIntIn(-MAX_AMOUNT, MAX_AMOUNT) amountFen!: number;
  @IsIntIn(-MAX_AMOUNT, MAX_AMOUNT) costFen!: number;
  @IsISO8601({ strict: true, strictSeparator: true }) occurredAt!: string;
  @IsOptional() @IsId() refundOf?: string;
}

/** `POST /sales`: the Idempotency-Key is the batch id. */
export class RecordSalesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SHELF_BATCH_LINES)
  @ValidateNested({ each: true })
  @Type(() => SaleLineDto)
  lines!: SaleLineDto[];
}

/** `POST .../payment`. */
export class RecordPaymentDto {
  @IsString() @Length(1, 128) transferRef!: string;
}

/** `POST .../dispute`. */
export class DisputeDto {
  @IsString() @Length(1, 1024) reason!: string;
}

/** `POST .../resolution`. */
export class ResolveDisputeDto {
  @IsIn(['accept', 'resettle']) resolution!: 'accept' | 'resettle';
  @IsOptional() @IsIntIn(0, MAX_AMOUNT) revenueFen?: number;
  @IsOptional() @IsIntIn(0, MAX_AMOUNT) costFen?: number;
  @IsString() @Length(1, 1024) note!: string;
}

/** Most rows of one report page (a sales line, or a statement without lines), as the chaincode's `MAX_REPORT_PAGE_ROWS`. */
export const MAX_REPORT_PAGE_SIZE = 500;
/** Report rows per page when the query names no page size. */
export const DEFAULT_REPORT_PAGE_SIZE = 100;
/** Longest report bookmark: base64url of `[day, shelfId, line]`. */
export const MAX_REPORT_BOOKMARK_LENGTH = 512;

/** `?from&to&format&pageSize&bookmark` of a report. */
export class ReportQueryDto {
  @IsDay() from!: string;
  @IsDay() to!: string;
  @IsOptional() @IsIn(ANSWER_FORMATS) format?: AnswerFormat;
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_REPORT_PAGE_SIZE) pageSize?: number;
  @IsOptional()
  @Matches(new RegExp(`^[A-Za-z0-9_-]{0,${MAX_REPORT_BOOKMARK_LENGTH}}$`), {
    message: '$property must be a bookmark returned by this report',
  })
  bookmark?: string;
}
