/**
 * Roles and the organisations that issue them (SPEC §2). Mirrors chaincode/src/ledger/caller.ts,
 * which refuses a role certified by the wrong MSP: checking here too means a wrong request fails
 * before an identity is created at the CA, not at the first transaction.
 */

/** Every role a member can hold. */
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

/** A role carried in the certificate attribute `loulan.role`. */
export type Role = (typeof ROLES)[number];

/** Roles each MSP's CA issues. */
export const ROLES_BY_MSP: Readonly<Record<string, readonly Role[]>> = {
  PlatformMSP: ['admin', 'consumer', 'auditor'],
  RetailMSP: ['merchant', 'shelf-operator', 'site-provider', 'supplier', 'shelf-device', 'auditor'],
  BankMSP: ['bank', 'auditor'],
};

/** Roles that own no ledger account. */
export const ACCOUNTLESS_ROLES: readonly Role[] = ['auditor'];

/** The account a platform admin acts for; no other member may claim it. */
export const TREASURY_ACCOUNT = 'treasury';

/** Member ids and accounts: they become Fabric CA enrolment ids and ledger key parts. */
export const MEMBER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

/** True when `value` is one of {@link ROLES}. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The roles the organisation with MSP id `mspId` issues; none for an unknown MSP. */
export function rolesIssuedBy(mspId: string): readonly Role[] {
  return Object.hasOwn(ROLES_BY_MSP, mspId) ? (ROLES_BY_MSP[mspId] ?? []) : [];
}
