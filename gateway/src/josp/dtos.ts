// class-transformer's @Type reads decorator metadata through the Reflect API this package provides.
import 'reflect-metadata';

import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, ValidateNested } from 'class-validator';

import { IsId, IsIntIn, MAX_AMOUNT, MAX_PAGE_SIZE } from '../http/dto-rules';

/*
 * Request shapes of the JOSP REST API (docs/josp.md, "REST API"). The chaincode validates again and decides
 * every business rule; these checks only refuse what can never be right, early and field by field.
 */

/** Page size of a refund or settlement page when the body names none. */
export const DEFAULT_PAYOUT_PAGE_SIZE = 50;

const INSTANT = { strict: true, strictSeparator: true };

/** One tier of a yield schedule. */
export class YieldTierDto {
  @IsIntIn(0, MAX_AMOUNT) minSalesFen!: number;
  @IsIntIn(0, 10_000) rateBps!: number;
}

/** `POST /plans`. */
export class OpenPlanDto {
  @IsId() planId!: string;
  @IsOptional() @IsId() salesMerchant?: string;
  @IsIntIn(1, MAX_AMOUNT) capPoints!: number;
  @IsIntIn(0, MAX_AMOUNT) minRaisePoints!: number;
  @IsIntIn(1, MAX_AMOUNT) minSubscription!: number;
  @IsIntIn(1, MAX_AMOUNT) maxSubscription!: number;
  @IsISO8601(INSTANT) windowStart!: string;
  @IsISO8601(INSTANT) windowEnd!: string;
  @IsISO8601(INSTANT) maturity!: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => YieldTierDto)
  yieldSchedule?: YieldTierDto[];
}

/** `POST /plans/:planId/subscriptions`. */
export class SubscribeDto {
  @IsIntIn(1, MAX_AMOUNT) points!: number;
}

/** `POST /plans/:planId/refunds`, `POST /plans/:planId/settlements`. */
export class PayoutPageDto {
  @IsOptional() @IsIntIn(1, MAX_PAGE_SIZE) pageSize?: number;
}

/** `POST /qualifications`. */
export class QualifyInvestorDto {
  @IsId() consumer!: string;
}

/** `POST /loans`. */
export class OfferLoanDto {
  @IsId() loanId!: string;
  @IsId() merchantId!: string;
  @IsIntIn(1, MAX_AMOUNT) principalFen!: number;
  @IsIntIn(0, 10_000) rateBps!: number;
  @IsISO8601(INSTANT) dueDate!: string;
  @IsIntIn(1, MAX_AMOUNT) collateralPoints!: number;
}
