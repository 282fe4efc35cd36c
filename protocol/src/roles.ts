/**
 * Roles, the organisations that issue them, and the certificate attributes that carry them.
 *
 * Each organisation's Fabric CA writes a member's role and account into its enrolment
 * certificate as {@link ROLE_ATTRIBUTE} and {@link ACCOUNT_ATTRIBUTE}. The chaincode trusts
 * a role only when the issuing MSP may issue it ({@link ROLES_BY_MSP}), so a retail CA cannot
 * mint platform administrators (docs/rules.md#organisations); the gateway checks the same table
 * before it registers an identity, so that a wrong request fails at once rather than at its first
 * transaction.
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

/** Which roles each organisation's CA may issue. */
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
 * Tells whether a string is one of {@link ROLES}.
 *
 * @param value - e.g. a request field or a certificate attribute
 * @returns true when `value` is a known role
 */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * The roles an organisation's CA issues.
 *
 * @param mspId - the organisation's MSP id
 * @returns its roles from {@link ROLES_BY_MSP}; none for an unknown MSP
 */
export function rolesIssuedBy(mspId: string): readonly Role[] {
  // hasOwn: an MSP id must never match an inherited property such as "constructor".
  return Object.hasOwn(ROLES_BY_MSP, mspId) ? (ROLES_BY_MSP[mspId] ?? []) : [];
}
