import { BANK_MSP, isRole, PLATFORM_MSP, RETAIL_MSP, ROLES_BY_MSP, rolesIssuedBy } from '@loulan/protocol';

import { ORG_ADMIN_ROLE, orgAdminRole, PLATFORM_ADMIN_ROLE } from '../src/members/roles';

describe('gateway roles', () => {
  it('gives the platform admin the ledger role admin and the other organisation admins org-admin', () => {
    expect(orgAdminRole(rolesIssuedBy(PLATFORM_MSP))).toBe(PLATFORM_ADMIN_ROLE);
    expect(orgAdminRole(rolesIssuedBy(RETAIL_MSP))).toBe(ORG_ADMIN_ROLE);
    expect(orgAdminRole(rolesIssuedBy(BANK_MSP))).toBe(ORG_ADMIN_ROLE);
  });

  it('gives an admitted organisation’s admin org-admin: such an organisation never issues admin', () => {
    expect(orgAdminRole(['merchant', 'supplier'])).toBe(ORG_ADMIN_ROLE);
  });

  it('keeps org-admin out of the ledger: no such ledger role, issued by no CA', () => {
    expect(isRole(ORG_ADMIN_ROLE)).toBe(false);
    expect(Object.values(ROLES_BY_MSP).flat()).not.toContain(ORG_ADMIN_ROLE);
  });
});
