import { EVIDENCE_KINDS, MAX_EVIDENCE_PARTIES, MAX_EVIDENCE_TITLE, SHA256_PATTERN } from '@loulan/protocol';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

import { IsId } from '../http/dto-rules';
import { PageQueryDto } from '../http/paging';

/*
 * Request shapes of the evidence REST API (docs/evidence.md, "REST API"). The chaincode validates again and
 * decides every rule (open parties, the occurred-at window); these only refuse what can never be right.
 */

/** Validation message of a hash that fails {@link SHA256_PATTERN}. */
export const SHA256_MESSAGE = { message: '$property must be a SHA-256 as 64 lower-case hex digits' };

const INSTANT = { strict: true, strictSeparator: true };

/** `POST /v1/evidence`. */
export class NotariseDto {
  @Matches(SHA256_PATTERN, SHA256_MESSAGE) sha256!: string;
  @IsIn(EVIDENCE_KINDS) kind!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_EVIDENCE_PARTIES) @IsId({ each: true }) parties?: string[];
  @IsOptional() @IsISO8601(INSTANT) occurredAt?: string;
  @IsOptional() @IsString() @Length(1, MAX_EVIDENCE_TITLE) title?: string;
}

/** `?recorder&pageSize&bookmark` of `GET /v1/evidence`; the recorder defaults to the caller's own account. */
export class EvidenceListQueryDto extends PageQueryDto {
  @IsOptional() @IsId() recorder?: string;
}
