import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { KEY_ID_PATTERN } from '../auth/api-keys';
import { MEMBER_ID_PATTERN, ROLES } from './roles';

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

/** Path of `/v1/members/:memberId/...`. */
export class MemberPathDto {
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId!: string;
}

/** Path of `/v1/members/:memberId/keys/:keyId`. */
export class MemberKeyPathDto extends MemberPathDto {
  @IsString()
  @Matches(KEY_ID_PATTERN)
  keyId!: string;
}

/** Body of `POST /v1/members/:memberId/keys`, optional. */
export class IssueKeyDto {
  /** How long the member's other keys keep working; the configured grace period when absent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REQUEST_GRACE_SECONDS)
  graceSeconds?: number;
}
