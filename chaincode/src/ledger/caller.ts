/**
 * Who is calling: organisation, role and account, read from the submitting identity's
 * certificate.
 *
 * Each organisation's Fabric CA writes the role and account into the enrolment certificate
 * as the attributes `loulan.role` and `loulan.account`. The chaincode trusts an attribute only
 * as far as its issuer may issue it: a role outside the issuing MSP's list is refused, so a
 * retail CA cannot mint platform administrators (docs/rules.md#organisations). The list is the
 * fixed one of a built-in organisation, or the one an admitted organisation's record holds
 * (./organisations.ts); {@link callerOf} reads it, {@link resolveCaller} applies it.
 *
 * @packageDocumentation
 */
import { ACCOUNT_ATTRIBUTE, type AccountRole, isRole, type Role, ROLE_ATTRIBUTE, TREASURY_ACCOUNT } from '@loulan/protocol';

import { ForbiddenError } from './errors';
import { isValidKeyPart } from './keys';
import { type OrganisationStub, rolesOfMsp } from './organisations';

/** The calling identity as the ledger sees it. */
export interface Caller {
  readonly msp: string;
  readonly role: Role;
  /** The caller's own account; null for auditors, who own none. */
  readonly account: string | null;
}

/** A caller allowed to change state: never an auditor, always with an account. */
export interface AccountCaller extends Caller {
  readonly role: AccountRole;
  readonly account: string;
}

/** The part of fabric-shim's ClientIdentity this module needs, so test fakes fit too. */
export interface IdentityLike {
  getMSPID(): string;
  getAttributeValue(name: string): string | null;
}

/** The parts of a transaction context the caller is read from. */
export interface CallerContext {
  readonly clientIdentity: IdentityLike;
  readonly stub: OrganisationStub;
}

/**
 * The caller of the running transaction: the roles its MSP issues (no read for a built-in
 * organisation, one read of an admitted organisation's record), then {@link resolveCaller}.
 *
 * @param ctx - transaction context
 * @returns the caller
 * @throws ForbiddenError when the role or account is missing or not allowed, or the MSP issues no
 *   roles (neither built in nor admitted)
 */
export async function callerOf(ctx: CallerContext): Promise<Caller> {
  const msp = ctx.clientIdentity.getMSPID();
  return resolveCaller(ctx.clientIdentity, await rolesOfMsp(ctx.stub, msp));
}

/**
 * Checks the caller's MSP, role and account against the roles its MSP issues.
 *
 * - The role must be one of `issued`.
 * - `admin` always acts for {@link TREASURY_ACCOUNT}; an admin certificate naming any other
 *   account is refused, and one naming none is fine (the network's bootstrap admins carry
 *   no account).
 * - `auditor` has no account; an account attribute on an auditor certificate is ignored.
 * - Every other role needs an account that is a valid key part and is not the treasury.
 *
 * @param identity - normally `ctx.clientIdentity`
 * @param issued - the roles the identity's MSP issues, as {@link callerOf} reads them
 * @returns the caller
 * @throws ForbiddenError when the role or account is missing or not allowed
 */
export function resolveCaller(identity: IdentityLike, issued: readonly Role[]): Caller {
  const msp = identity.getMSPID();
  const role = requireIssuedRole(msp, identity.getAttributeValue(ROLE_ATTRIBUTE), issued);
  const account = identity.getAttributeValue(ACCOUNT_ATTRIBUTE);
  if (role === 'auditor') {
    return { msp, role, account: null };
  }
  if (role === 'admin') {
    return adminCaller(msp, account);
  }
  return accountHolderCaller(msp, role, account);
}

/** The certificate's role, when the caller's MSP issues it. */
function requireIssuedRole(msp: string, role: string | null, issued: readonly Role[]): Role {
  if (role === null || role === '') {
    throw new ForbiddenError('the certificate carries no loulan.role attribute', { msp });
  }
  if (!(issued as readonly string[]).includes(role)) {
    // The role is echoed only when it is a known one: it comes from a certificate, not the
    // request, but an unknown value may still be arbitrary text.
    throw new ForbiddenError('this organisation does not issue that role', {
      msp,
      role: isRole(role) ? role : null,
    });
  }
  return role as Role;
}

/** An admin acts for the treasury; a certificate naming another account is refused. */
function adminCaller(msp: string, account: string | null): Caller {
  if (account !== null && account !== '' && account !== TREASURY_ACCOUNT) {
    throw new ForbiddenError('a platform admin acts for the treasury account only', { msp, role: 'admin' });
  }
  return { msp, role: 'admin', account: TREASURY_ACCOUNT };
}

/** Every role but admin and auditor needs its own valid account, never the treasury. */
function accountHolderCaller(msp: string, role: Role, account: string | null): Caller {
  if (account === null || !isValidKeyPart(account)) {
    throw new ForbiddenError('the certificate carries no valid loulan.account attribute', { msp, role });
  }
  if (account === TREASURY_ACCOUNT) {
    throw new ForbiddenError('only a platform admin acts for the treasury account', { msp, role });
  }
  return { msp, role, account };
}

/**
 * Requires one of the given roles. Auditors can never pass, because `roles` cannot name
 * them: that is how "auditor is read-only everywhere" is enforced by the types.
 *
 * @param caller - from {@link callerOf}
 * @param roles - roles allowed to run the operation
 * @returns the caller, narrowed to one that owns an account
 * @throws ForbiddenError for any other role
 */
export function requireRole(caller: Caller, ...roles: AccountRole[]): AccountCaller {
  if (caller.account === null || !(roles as readonly string[]).includes(caller.role)) {
    throw new ForbiddenError(`this operation needs the role ${roles.join(' or ')}`, {
      role: caller.role,
      msp: caller.msp,
    });
  }
  return caller as AccountCaller;
}

/**
 * Tells whether the caller may read an account's balance and statement: its owner, a
 * platform admin (who runs the platform) and auditors (who read everything).
 *
 * @param caller - from {@link callerOf}
 * @param account - the account to read
 * @returns true when the read is allowed
 */
export function canReadAccount(caller: Caller, account: string): boolean {
  return caller.role === 'auditor' || caller.role === 'admin' || caller.account === account;
}

/**
 * Requires read access to an account, see {@link canReadAccount}.
 *
 * @param caller - from {@link callerOf}
 * @param account - the account to read
 * @throws ForbiddenError when the caller may not read it
 */
export function requireReadAccess(caller: Caller, account: string): void {
  if (!canReadAccount(caller, account)) {
    throw new ForbiddenError('only the account owner, a platform admin or an auditor may read this account', {
      role: caller.role,
      account,
    });
  }
}
