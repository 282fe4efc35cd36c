import { MEMBER_ID_PATTERN, ROLES } from '@loulan/protocol';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

import { KEY_ID_PATTERN } from '../auth/api-keys';

/** Upper bound of `graceSeconds` in a request; the gateway's configured grace period may be lower. */
export const MAX_REQUEST_GRACE_SECONDS = 30 * 86_400;

/** Body of `POST /v1/members`. Organisation rules (which roles, default account) are the service's. */
export class RegisterMemberDto {
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId!: string;

  @IsString()
  @IsIn(ROLES)
  role!: string;

  @IsOptional()
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  account?: string;
}

/** The rules of the `{memberId}` of a path. */
export const MEMBER_ID_RULES: readonly PropertyDecorator[] = [IsString(), Matches(MEMBER_ID_PATTERN)];

/** The rules of the `{keyId}` of a path. */
export const KEY_ID_RULES: readonly PropertyDecorator[] = [IsString(), Matches(KEY_ID_PATTERN)];

/** Body of `POST /v1/members/:memberId/keys`, optional. */
export class IssueKeyDto {
  /** How long the member's other keys keep working; the configured grace period when absent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REQUEST_GRACE_SECONDS)
  graceSeconds?: number;
}
