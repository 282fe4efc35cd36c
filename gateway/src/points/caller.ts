import type { CallerIdentity } from '../fabric/gateway';

/**
 * The member a points request runs for: the part of the auth module's `AuthenticatedMember` this module
 * needs (that type satisfies this interface structurally), so services do not depend on Express or auth.
 */
export interface PointsCaller extends CallerIdentity {
  readonly memberId: string;
  /** The member's ledger account (`loulan.account`); null for roles without one (auditors). */
  readonly account: string | null;
}
