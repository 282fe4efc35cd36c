import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { MEMBER_ID_PATTERN, ROLES } from './roles';

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
