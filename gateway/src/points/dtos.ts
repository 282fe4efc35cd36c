// class-transformer's @Type reads decorator metadata through the Reflect API this package provides.
import 'reflect-metadata';

import { MAX_PURCHASE_BATCH_LINES } from '@loulan/protocol';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

import { IsId, IsIntIn, MAX_AMOUNT } from '../http/dto-rules';

/*
 * Request shapes of the points REST API (docs/points.md, "REST API"); shared field rules are in
 * ../http/dto-rules.ts.
 */

/** A calendar month as `yyyymm`. */
export const MONTH_PATTERN = /^\d{4}(0[1-9]|1[0-2])$/;

/** A calendar month as `yyyymm` ({@link MONTH_PATTERN}): in a body, and the `{month}` of a path. */
export function IsMonth(): PropertyDecorator {
  return Matches(MONTH_PATTERN, { message: '$property must be a month as yyyymm' });
}

/** A whole number from `min` to 10^12: points, fen, quantities. */
function IsAmount(min = 1): PropertyDecorator {
  return IsIntIn(min, MAX_AMOUNT);
}

/** A plain object whose values are all whole numbers from 0 to 10^12 (e.g. join bonus by tier). */
function IsIntegerRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerRecord',
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => Number.isSafeInteger(v) && Number(v) >= 0 && Number(v) <= MAX_AMOUNT),
        defaultMessage: () => '$property must be an object of whole numbers from 0 to 10^12',
      },
    },
    options,
  );
}

/** `POST /mint`, `POST /burn`. */
export class PointsAmountDto {
  @IsAmount() points!: number;
}

/** `POST /merchants`. */
export class RegisterMerchantDto {
  @IsId() merchantId!: string;
  @IsString() @Length(1, 128) name!: string;
  @IsString() @Length(1, 64) region!: string;
}

/** `POST /purchases`: the order id is the business id. */
export class RecordPurchaseDto {
  @IsId() orderId!: string;
  @IsId() consumer!: string;
  @IsAmount() amountFen!: number;
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }) occurredAt?: string;
}

/** `POST /purchase-batches`: each line is a purchase as `POST /purchases` takes it; the Idempotency-Key is the batch id. */
export class RecordPurchasesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PURCHASE_BATCH_LINES)
  @ValidateNested({ each: true })
  @Type(() => RecordPurchaseDto)
  lines!: RecordPurchaseDto[];
}

/** `POST /redemptions`. */
export class RedeemPointsDto {
  @IsId() merchantId!: string;
  @IsId() orderId!: string;
  @IsAmount() points!: number;
}

/** `POST /transfers`. */
export class TransferDto {
  @IsId() to!: string;
  @IsAmount() points!: number;
}

/** `POST /products`. */
export class ListProductDto {
  @IsId() productId!: string;
  @IsString() @Length(1, 128) name!: string;
  @IsAmount() pricePoints!: number;
  @IsAmount(0) stock!: number;
}

/** `POST /products/:productId/restock`, `POST /products/:productId/purchases`. */
export class QuantityDto {
  @IsAmount() quantity!: number;
}

/** `POST /monthly-rewards`. */
export class MonthlyRewardDto {
  @IsId() merchantId!: string;
  @IsMonth() month!: string;
}

/** One tier of the activity multiplier. */
export class ActivityTierDto {
  @IsAmount(0) minCount!: number;
  @IsAmount(0) minAmountFen!: number;
  @IsIntIn(10_000, 1_000_000) multiplierBps!: number;
}

/** One marginal bracket of the monthly reward; `upToFen: null` is the open top bracket. */
export class RewardBracketDto {
  @ValidateIf((bracket: RewardBracketDto) => bracket.upToFen !== null) @IsAmount() upToFen!: number | null;
  @IsIntIn(0, 10_000) rateBps!: number;
}

/** `PUT /params`: the whole parameter document (version and bookkeeping are the chaincode's). */
export class UpdateParamsDto {
  @IsAmount() pointValueFen!: number;
  @IsAmount() basePointsPerYuan!: number;
  @IsIntegerRecord() joinBonus!: Record<string, number>;
  @IsObject() regionTiers!: Record<string, unknown>;
  @IsIntIn(1, 366) activityWindowDays!: number;
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => ActivityTierDto)
  activityTiers!: ActivityTierDto[];
  @IsIntIn(0, 10_000) redemptionCapBps!: number;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => RewardBracketDto)
  monthlyRewardBrackets!: RewardBracketDto[];
  @IsIntIn(0, 90) maxBackdateDays!: number;
  /** How far a proposal's timestamp may be from the endorser's clock; 300 s when absent (docs/rules.md). */
  @IsOptional() @IsIntIn(1, 3_600) maxClockSkewSeconds?: number;
  /** How long a settled shelf statement may be disputed and stays unpayable; 259,200 s (3 days) when absent (docs/rules.md). */
  @IsOptional() @IsIntIn(60, 2_592_000) disputeWindowSeconds?: number;
}
