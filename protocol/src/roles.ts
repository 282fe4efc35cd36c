/**
 * Roles, the organisations that issue them, and the certificate attributes that carry them.
 *
 * Each organisation's Fabric CA writes a member's role and account into its enrolment
 * certificate as {@link ROLE_ATTRIBUTE} and {@link ACCOUNT_ATTRIBUTE}. The chaincode trusts
 * a role only when the issuing MSP may issue it, so a retail CA cannot mint platform
 * administrators (docs/rules.md#organisations): the three built-in organisations issue the fixed
 * roles of {@link ROLES_BY_MSP}; an organisation that joined the channel later issues the roles the
 * platform admin admitted it with on the ledger (`system:AdmitOrganisation`), a choice among
 * {@link ADMITTED_ORG_ROLES}. The gateway checks the same roles (its configuration of each
 * organisation) before it registers an identity, so that a wrong request fails at once rather than
 * at its first transaction.
 *
 * @packageDocumentation
 */

/** Certificate attribute naming the member's role. */
export const ROLE_ATTRIBUTE = 'loulan.role';
/** Certificate attribute naming the member's ledger account. */
export const ACCOUNT_ATTRIBUTE = 'loulan.account';

/** MSP id of the platform organisation (platform admin, consumers). */
export const PLATFORM_MSP = 'PlatformMSP';
/** MSP id of the retail organisation (merchants, shelf partners). */
export const RETAIL_MSP = 'RetailMSP';
/** MSP id of the bank organisation. */
export const BANK_MSP = 'BankMSP';

/** Every role the ledger knows. */
export const ROLES = [
  'admin',
  'consumer',
  'auditor',
  'merchant',
  'shelf-operator',
  'site-provider',
  'supplier',
  'shelf-device',
  'bank',
] as const;

/** A role carried in {@link ROLE_ATTRIBUTE}. */
export type Role = (typeof ROLES)[number];

// A tuple, so that AccountRole is derived from the same list the gateway checks.
const ACCOUNTLESS = ['auditor'] as const satisfies readonly Role[];

/** Roles that own no ledger account: `auditor`, read-only everywhere. */
export const ACCOUNTLESS_ROLES: readonly Role[] = ACCOUNTLESS;

/** Roles that own an account and may change state. */
export type AccountRole = Exclude<Role, (typeof ACCOUNTLESS)[number]>;

/** Which roles each built-in organisation's CA may issue; fixed, never changed on the ledger. */
export const ROLES_BY_MSP: Readonly<Record<string, readonly Role[]>> = {
  [PLATFORM_MSP]: ['admin', 'consumer', 'auditor'],
  [RETAIL_MSP]: ['merchant', 'shelf-operator', 'site-provider', 'supplier', 'shelf-device', 'auditor'],
  [BANK_MSP]: ['bank', 'auditor'],
};

/** Account of the platform treasury: the one account a platform admin acts for, and no one else's. */
export const TREASURY_ACCOUNT = 'treasury';

/**
 * Member ids and accounts as the gateway accepts them: they become Fabric CA enrolment ids and
 * ledger key parts. At most 64 characters, within the chaincode's key-part rule (128), so that
 * every member id is also a valid key part.
 */
export const MEMBER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

/**
 * MSP ids of organisations the ledger admits: a letter, then up to 62 letters, digits, dots and
 * hyphens (`PartnerMSP`). Within the ledger's key-part rule, so that an MSP id is also a key part.
 */
export const MSP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9.-]{0,62}$/;

// A tuple, so that AdmittedRole is derived from the same list the ledger checks.
const PLATFORM_ONLY = ['admin', 'consumer'] as const satisfies readonly Role[];

/** A role an admitted organisation may issue. */
export type AdmittedRole = Exclude<Role, (typeof PLATFORM_ONLY)[number]>;

/**
 * The roles an admitted organisation's CA may be allowed to issue, in the order of {@link ROLES}: every
 * role but the platform's own, `admin` (the one treasury) and `consumer` (the platform signs consumers up).
 */
export const ADMITTED_ORG_ROLES: readonly AdmittedRole[] = ROLES.filter(
  (role): role is AdmittedRole => !(PLATFORM_ONLY as readonly Role[]).includes(role),
);

/**
 * Tells whether a string is one of {@link ROLES}.
 *
 * @param value - e.g. a request field or a certificate attribute
 * @returns true when `value` is a known role
 */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * The roles a built-in organisation's CA issues.
 *
 * @param mspId - the organisation's MSP id
 * @returns its roles from {@link ROLES_BY_MSP}; none for any other MSP (an admitted organisation's
 *   roles are on the ledger, see `system:GetOrganisation`)
 */
export function rolesIssuedBy(mspId: string): readonly Role[] {
  return isBuiltInMsp(mspId) ? (ROLES_BY_MSP[mspId] ?? []) : [];
}

/**
 * Tells whether an MSP id is one of the built-in organisations of {@link ROLES_BY_MSP}.
 *
 * @param mspId - any MSP id
 * @returns true for `PlatformMSP`, `RetailMSP` and `BankMSP`
 */
export function isBuiltInMsp(mspId: string): boolean {
  // hasOwn: an MSP id must never match an inherited property such as "constructor".
  return Object.hasOwn(ROLES_BY_MSP, mspId);
}

/**
 * Tells whether a string is one of {@link ADMITTED_ORG_ROLES}.
 *
 * @param value - e.g. a request field or a configured role
 * @returns true when an admitted organisation may issue the role
 */
export function isAdmittedRole(value: string): value is AdmittedRole {
  return (ADMITTED_ORG_ROLES as readonly string[]).includes(value);
}

/**
 * Roles in the order of {@link ROLES}, so that one set of roles has one spelling.
 *
 * @param roles - distinct roles in any order
 * @returns a sorted copy
 */
export function inRoleOrder<R extends Role>(roles: readonly R[]): R[] {
  return [...roles].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
}

/**
 * Checks the roles an admitted organisation is to issue: at least one, none twice, each one of
 * {@link ADMITTED_ORG_ROLES}. The ledger (`system:AdmitOrganisation`) and the gateway's configuration
 * of an organisation apply this same rule.
 *
 * @param roles - the roles as given
 * @returns why they cannot be an admitted organisation's roles (a phrase such as `must name at least
 *   one role`, without the values given), or undefined when they can
 */
export function admittedRolesProblem(roles: readonly string[]): string | undefined {
  if (roles.length === 0) {
    return 'must name at least one role';
  }
  if (!roles.every(isAdmittedRole)) {
    return `may only name the roles ${ADMITTED_ORG_ROLES.join(', ')}`;
  }
  if (new Set(roles).size !== roles.length) {
    return 'must not name a role twice';
  }
  return undefined;
}
