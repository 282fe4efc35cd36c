import type { AuthenticatedMember } from '../auth/authenticated-member';
import { ForbiddenError } from '../errors';
import { OVERSEER_ROLES } from '../members/roles';

/**
 * The rule of a party's own listings that the gateway serves itself (from the read model), as the
 * chaincode applies it to its reads: the party, the platform admin and auditors.
 *
 * @param caller - the member asking
 * @param party - the account whose records are listed
 * @param what - what is listed, for the refusal's message
 * @throws ForbiddenError (403 `FORBIDDEN`) for any other member
 */
export function assertPartyReader(caller: AuthenticatedMember, party: string, what: string): void {
  if (caller.account !== party && !OVERSEER_ROLES.includes(caller.role)) {
    throw new ForbiddenError(`only ${party}, the platform admin and auditors may read ${what}`);
  }
}
