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

/** The platform admin's role: the one `admin`, acting for the treasury; only PlatformMSP issues it. */
export const PLATFORM_ADMIN_ROLE = 'admin' satisfies Role;

/**
 * The gateway role of the admins of organisations that do not issue `admin` (retail, bank). They
 * enrol and manage the members of their own organisation and nothing else: the ledger refuses
 * `admin` from their MSPs anyway, and the gateway's read-everything routes (audit, read model) are
 * for auditors and the platform admin. Never issued by a CA and never registrable.
 */
export const ORG_ADMIN_ROLE = 'org-admin';

/** The role an organisation's admin holds in the gateway: `admin` where the org issues it, else {@link ORG_ADMIN_ROLE}. */
export function orgAdminRole(mspId: string): string {
  return rolesIssuedBy(mspId).includes(PLATFORM_ADMIN_ROLE) ? PLATFORM_ADMIN_ROLE : ORG_ADMIN_ROLE;
}

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
