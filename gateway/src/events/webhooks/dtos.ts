// class-transformer's @Type reads decorator metadata through the Reflect API this package provides.
import 'reflect-metadata';

import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';

import { IsId, IsIntIn, MAX_PAGE_SIZE } from '../../http/dto-rules';
import { EVENT_ID_PATTERN } from '../dtos';
import { MAX_ATTEMPTS_LIMIT } from './config';

/** A subscriber's own secret: long enough to resist guessing, printable so it survives any config file. */
export const SECRET_PATTERN = /^[\x21-\x7e]{32,128}$/;

/** Body of `POST /v1/subscriptions` (docs/events.md, "Webhooks"). */
export class CreateSubscriptionDto {
  @IsString() @Length(1, 2048) url!: string;
  /** Event names; every name when absent. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @Matches(/^[A-Za-z]{1,64}$/, { each: true, message: 'types must be event names' })
  types?: string[];
  @IsOptional() @IsString() @Matches(/^[a-z]{1,32}$/, { message: 'module must be a module name' }) module?: string;
  @IsOptional() @IsId() account?: string;
  /** The HMAC key; the gateway makes one (answered once) when absent. */
  @IsOptional() @IsString() @Matches(SECRET_PATTERN, { message: 'secret must be 32-128 printable ASCII characters' }) secret?: string;
  @IsOptional() @IsIntIn(1, MAX_ATTEMPTS_LIMIT) maxAttempts?: number;
  /** Deliver from this block on (a replay of the past); from the next new block when absent. */
  @IsOptional() @IsString() @Matches(/^(0|[1-9]\d{0,18})$/, { message: 'fromBlock must be a block number' }) fromBlock?: string;
}

/** Body of `POST /v1/subscriptions/{subscriptionId}/replay`. */
export class ReplayDto {
  @IsString() @Matches(/^(0|[1-9]\d{0,18})$/, { message: 'fromBlock must be a block number' }) fromBlock!: string;
}

/** Body of `POST /v1/subscriptions/{subscriptionId}/redeliveries`. */
export class RedeliverDto {
  @IsString() @Matches(EVENT_ID_PATTERN, { message: 'eventId must be an event id <block>-<index>' }) eventId!: string;
}

/** Query of the delivery log. */
export class DeliveriesQueryDto {
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_PAGE_SIZE) pageSize?: number;
  /** The `next` of the previous page. */
  @IsOptional() @IsString() @Matches(/^[1-9]\d{0,15}$/, { message: 'before must be an attempt id' }) before?: string;
}
