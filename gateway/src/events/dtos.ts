import { IsOptional, IsString, Matches } from 'class-validator';

import { IsId } from '../http/dto-rules';

/** An event's id on the stream: `<block>-<transaction index>` (one chaincode event a transaction). */
export const EVENT_ID_PATTERN = /^(0|[1-9]\d{0,18})-(0|[1-9]\d{0,5})$/;

/** Query of `GET /v1/events` (docs/events.md). */
export class EventsQueryDto {
  /** Event names, comma separated. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{1,64}(,[A-Za-z]{1,64}){0,63}$/, { message: 'types must be event names, comma separated' })
  types?: string;
  @IsOptional() @IsString() @Matches(/^[a-z]{1,32}$/, { message: 'module must be a module name' }) module?: string;
  @IsOptional() @IsId() account?: string;
  /** An event id, or `latest` for the read model's newest block. */
  @IsOptional()
  @IsString()
  @Matches(/^(latest|(0|[1-9]\d{0,18})-(0|[1-9]\d{0,5}))$/, { message: 'after must be an event id <block>-<index> or latest' })
  after?: string;
}
