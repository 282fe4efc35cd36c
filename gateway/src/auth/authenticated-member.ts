import type { Identity, Signer } from '@hyperledger/fabric-gateway';
import type { Response } from 'express';
import { UnauthenticatedError } from '../errors';

/**
 * The member a request runs as, set by the authentication middleware.
 *
 * `identity` and `signer` are exactly what `@hyperledger/fabric-gateway`'s `connect({ identity, signer })`
 * takes, so the Fabric adapter can submit under the member's own certificate.
 */
export interface AuthenticatedMember {
  readonly memberId: string;
  /** Configured organisation name, e.g. `platform`. */
  readonly org: string;
  readonly mspId: string;
  readonly role: string;
  /** The ledger account the member acts for; null for auditors. */
  readonly account: string | null;
  /** True for the organisation admins provisioned from configuration, who may register members. */
  readonly isOrgAdmin: boolean;
  readonly identity: Identity;
  readonly signer: Signer;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's documented way to type res.locals
  namespace Express {
    interface Locals {
      /** Set by the authentication middleware on every authenticated route. */
      member?: AuthenticatedMember;
    }
  }
}

/**
 * The member the request was authenticated as.
 *
 * @throws {@link UnauthenticatedError} when the route is not behind the authentication middleware,
 *   so a mis-mounted route fails closed instead of running without a member
 */
export function currentMember(res: Response): AuthenticatedMember {
  const member = res.locals.member;
  if (member === undefined) {
    throw new UnauthenticatedError('authentication required');
  }
  return member;
}
