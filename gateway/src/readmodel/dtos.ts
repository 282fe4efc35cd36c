import { Type } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

import { IsIntIn, MAX_PAGE_SIZE } from '../http/dto-rules';

/** Query of the movements listing: `from` inclusive, `to` exclusive. */
export class MovementsQueryDto {
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @Length(1, 512) cursor?: string;
}

/** Query of the top merchants. */
export class TopMerchantsQueryDto {
  @Matches(/^\d{4}(0[1-9]|1[0-2])$/, { message: 'month must be yyyymm' }) month!: string;
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_PAGE_SIZE) limit?: number;
}

/** Query of the plan listing. */
export class PlansQueryDto {
  @IsOptional() @IsString() @Matches(/^[A-Z_]{1,32}$/) status?: string;
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @Type(() => Number) @IsIntIn(0, 1_000_000) offset?: number;
}

/** Query of the totals: accounts to sum, comma separated. */
export class TotalsQueryDto {
  @IsOptional() @IsString() @Length(1, 2_000) accounts?: string;
}

/** Query of the throughput chart. */
export class ThroughputQueryDto {
  @IsOptional() @Type(() => Number) @IsIntIn(1, 1_440) minutes?: number;
}
