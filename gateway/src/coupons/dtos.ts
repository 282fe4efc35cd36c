import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';

import { CsvPageQueryDto } from '../http/csv';
import { IsId, IsIntIn, MAX_AMOUNT } from '../http/dto-rules';

/*
 * Request shapes of the coupons REST API (docs/coupons.md, "REST API"). The chaincode validates again and
 * decides every business rule; these checks only refuse what can never be right, early and field by field.
 */

/** A calendar day in Asia/Shanghai as `yyyy-mm-dd`. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar day as `yyyy-mm-dd` ({@link DAY_PATTERN}): in a body, and the `{day}` of a path. */
export function IsDay(): PropertyDecorator {
  return Matches(DAY_PATTERN, { message: '$property must be a day as yyyy-mm-dd' });
}

/** Most coupons in one request, as the chaincode allows. */
export const MAX_COUPONS = 100_000_000;

const ISO = { strict: true, strictSeparator: true };

/** `POST /classes`; `acceptance` defaults to issuer only, `rebateBps` to 5000, the flags to true. */
export class CreateClassDto {
  @IsId() classId!: string;
  @IsString() @Length(1, 128) name!: string;
  @IsIntIn(1, MAX_AMOUNT) faceValueFen!: number;
  @IsIntIn(1, MAX_COUPONS) quantity!: number;
  @IsISO8601(ISO) validFrom!: string;
  @IsISO8601(ISO) validUntil!: string;
  @IsOptional() @IsIntIn(0, MAX_AMOUNT) minSpendFen?: number;
  @IsOptional() @IsObject() acceptance?: Record<string, unknown>;
  @IsOptional() @IsIntIn(0, 10_000) rebateBps?: number;
  @IsOptional() @IsBoolean() transferable?: boolean;
  @IsOptional() @IsBoolean() resellable?: boolean;
}

/** Bodies that only carry a coupon count. */
export class CouponQuantityDto {
  @IsIntIn(1, MAX_COUPONS) quantity!: number;
}

/** `POST /classes/:classId/sends`, `POST /classes/:classId/transfers`. */
export class SendDto {
  @IsId() to!: string;
  @IsIntIn(1, MAX_COUPONS) quantity!: number;
}

/** `POST /claims`. */
export class OpenClaimDto {
  @IsId() claimId!: string;
  @IsId() classId!: string;
  @IsIntIn(1, MAX_COUPONS) perPerson!: number;
  @IsIntIn(1, MAX_COUPONS) total!: number;
}

/** `POST /presentations`. */
export class PresentCouponDto {
  @IsId() classId!: string;
  @IsId() merchantId!: string;
  @IsId() orderId!: string;
}

/**
 * `POST /redemptions`: the merchant confirms the class of the coupon presented for its order; amount and
 * time come from the order it recorded with `POST /v1/points/purchases`.
 */
export class RedeemCouponDto {
  @IsId() orderId!: string;
  @IsId() classId!: string;
}

/**
 * `?from&to&format&pageSize&bookmark` of a merchant's redemptions (read model): the redeeming
 * transactions' time from `from` (inclusive) to `to` (exclusive).
 */
export class RedemptionQueryDto extends CsvPageQueryDto {
  @IsOptional() @IsISO8601(ISO) from?: string;
  @IsOptional() @IsISO8601(ISO) to?: string;
}

/** `?classId&from&to&format&pageSize&bookmark` of an issuer's redemptions: of one of its classes with `classId`. */
export class IssuerRedemptionQueryDto extends RedemptionQueryDto {
  @IsOptional() @IsId() classId?: string;
}

/** `POST /alliances`. */
export class CreateAllianceDto {
  @IsId() allianceId!: string;
  @IsString() @Length(1, 128) name!: string;
}

/** `POST /alliances/:allianceId/invitations`. */
export class InviteDto {
  @IsId() merchantId!: string;
}

/** `POST /clearings`. */
export class ClearDayDto {
  @IsDay() day!: string;
  @IsId() merchantA!: string;
  @IsId() merchantB!: string;
}

/** `POST /listings`. */
export class ListCouponsDto {
  @IsId() listingId!: string;
  @IsId() classId!: string;
  @IsIntIn(1, MAX_COUPONS) quantity!: number;
  @IsIntIn(1, MAX_AMOUNT) pricePoints!: number;
}

/** `POST /orders`. */
export class PlaceOrderDto {
  @IsId() orderId!: string;
  @IsId() giveClassId!: string;
  @IsIntIn(1, MAX_COUPONS) giveQuantity!: number;
  @IsId() wantClassId!: string;
  @IsIntIn(1, MAX_COUPONS) wantQuantity!: number;
}

/** `POST /matches`: an explicit ring, order i giving to order i+1. */
export class ExecuteMatchDto {
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(4) @IsId({ each: true }) orderIds!: string[];
}

/** `POST /programs`; without `allianceId` the program is the caller's alone. */
export class CreateProgramDto {
  @IsId() programId!: string;
  @IsString() @Length(1, 128) name!: string;
  @IsOptional() @IsId() allianceId?: string;
  @IsIntIn(1, MAX_AMOUNT) pointValueFen!: number;
}

/** `POST /programs/:programId/issues`, `POST /programs/:programId/transfers`. */
export class ProgramPointsDto {
  @IsId() to!: string;
  @IsIntIn(1, MAX_AMOUNT) points!: number;
}
