/**
 * The gateway's own role on top of the ledger's. The ledger roles and the built-in organisations that
 * issue them are defined once, in `@loulan/protocol` (docs/rules.md#organisations); an admitted
 * organisation's roles are on the ledger and in the gateway's configuration of the organisation
 * (`OrgConfig.roles`). The gateway checks them too, so that a wrong request fails before an identity is
 * created at the CA, not at the first transaction.
 */
import type { Role } from '@loulan/protocol';

/** The platform admin's role: the one `admin`, acting for the treasury; only PlatformMSP issues it. */
export const PLATFORM_ADMIN_ROLE = 'admin' satisfies Role;

/**
 * The roles that read every party's records, as the ledger's own reads let them (docs/rules.md):
 * auditors, of any organisation, and the platform admin.
 */
export const OVERSEER_ROLES: readonly string[] = ['auditor' satisfies Role, PLATFORM_ADMIN_ROLE];

/**
 * The gateway role of the admins of organisations that do not issue `admin` (retail, bank). They
 * enrol and manage the members of their own organisation and nothing else: the ledger refuses
 * `admin` from their MSPs anyway, and the gateway's read-everything routes (audit, read model) are
 * for auditors and the platform admin. Never issued by a CA and never registrable.
 */
export const ORG_ADMIN_ROLE = 'org-admin';

/** A role a member holds in the gateway: a ledger role, or {@link ORG_ADMIN_ROLE}, which the ledger never sees. */
export type GatewayRole = Role | typeof ORG_ADMIN_ROLE;

/**
 * The role an organisation's admin holds in the gateway: `admin` where the org issues it (the platform
 * alone: an admitted organisation never does), else {@link ORG_ADMIN_ROLE}.
 *
 * @param roles - the roles the organisation's CA issues, as configured (`OrgConfig.roles`)
 * @returns the admin's gateway role
 */
export function orgAdminRole(roles: readonly Role[]): GatewayRole {
  return roles.includes(PLATFORM_ADMIN_ROLE) ? PLATFORM_ADMIN_ROLE : ORG_ADMIN_ROLE;
}
