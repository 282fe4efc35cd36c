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
  /** A ledger role, or `org-admin` for the retail and bank organisation admins (members/roles.ts). */
  readonly role: string;
  /** The ledger account the member acts for; null for auditors and the retail and bank org admins. */
  readonly account: string | null;
  /** True for the organisation admins provisioned from configuration, who may register members. */
  readonly isOrgAdmin: boolean;
  /** Id of the API key this request came with. */
  readonly keyId: string;
  readonly identity: Identity;
  readonly signer: Signer;
}

/** A refused authentication: the error to answer and the `WWW-Authenticate` challenge to send with it. */
export interface AuthFailure {
  readonly error: UnauthenticatedError;
  readonly challenge: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's documented way to type res.locals
  namespace Express {
    interface Locals {
      /** Set by the authentication middleware on every authenticated route. */
      member?: AuthenticatedMember;
      /** Why `identify` could not set `member`; `requireMember` answers with it. */
      authFailure?: AuthFailure;
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
