import 'reflect-metadata';

import { Type } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';

import { IsIntIn, MAX_PAGE_SIZE } from '../http/dto-rules';

/** Entity types with a history (docs/audit.md). */
export const ENTITY_TYPES = ['account', 'couponClass', 'plan', 'loan', 'shelf', 'statement'] as const;

/** Largest page of the block listing. */
export const MAX_BLOCK_PAGE = 50;
/** Blocks listed when the query names no limit. */
export const DEFAULT_BLOCK_PAGE = 10;

/** Fabric transaction ids: hex SHA-256. */
export const TX_ID_PATTERN = /^[0-9a-f]{64}$/;
const BLOCK_NUMBER_PATTERN = /^(0|[1-9][0-9]{0,15})$/;

/** A transaction id ({@link TX_ID_PATTERN}). */
export function IsTxId(): PropertyDecorator {
  return Matches(TX_ID_PATTERN, { message: '$property must be a transaction id (64 lowercase hex digits)' });
}

/** A block number or height: decimal, no leading zero. */
export function IsBlockNumber(): PropertyDecorator {
  return Matches(BLOCK_NUMBER_PATTERN, { message: '$property must be a block number' });
}

/** Longest history bookmark: base64url of `["<block>", txIndex]` is far shorter. */
export const MAX_HISTORY_BOOKMARK_LENGTH = 128;

/** `?pageSize&bookmark` of a history: the bookmark is opaque (where the last page ended). */
export class HistoryQueryDto {
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_PAGE_SIZE) pageSize?: number;
  @IsOptional()
  @Matches(new RegExp(`^[A-Za-z0-9_-]{0,${MAX_HISTORY_BOOKMARK_LENGTH}}$`), {
    message: '$property must be a bookmark returned by this list',
  })
  bookmark?: string;
}

/** `?from&limit` of the block listing. */
export class BlockListQueryDto {
  @IsOptional() @IsBlockNumber() from?: string;
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_BLOCK_PAGE) limit?: number;
}
