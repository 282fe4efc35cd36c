import { ADMITTED_ORG_ROLES, MSP_ID_PATTERN } from '@loulan/protocol';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, Matches } from 'class-validator';

/*
 * Request shapes of the organisation routes of the `system` contract (docs/rules.md#organisations). The
 * chaincode validates again and decides every rule (a built-in MSP, roles admitted before); these only
 * refuse what can never be right.
 */

/** Validation message of an MSP id that fails {@link MSP_ID_PATTERN}. */
export const MSP_ID_MESSAGE = { message: '$property must be a letter, then up to 62 letters, digits, dots and hyphens' };

/** `POST /v1/system/organisations`. */
export class AdmitOrganisationDto {
  @Matches(MSP_ID_PATTERN, MSP_ID_MESSAGE) mspId!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ADMITTED_ORG_ROLES.length)
  @ArrayUnique()
  @IsIn(ADMITTED_ORG_ROLES, { each: true })
  roles!: string[];
}
