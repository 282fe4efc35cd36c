import {
  ACCOUNTLESS_ROLES,
  ADMITTED_ORG_ROLES,
  admittedRolesProblem,
  BANK_MSP,
  inRoleOrder,
  isAdmittedRole,
  isBuiltInMsp,
  isRole,
  MEMBER_ID_PATTERN,
  MSP_ID_PATTERN,
  PLATFORM_MSP,
  RETAIL_MSP,
  ROLES,
  ROLES_BY_MSP,
  rolesIssuedBy,
  TREASURY_ACCOUNT,
} from '../src/roles';

describe('roles per organisation', () => {
  it('lets each organisation issue its own roles', () => {
    expect(rolesIssuedBy(PLATFORM_MSP)).toEqual(['admin', 'consumer', 'auditor']);
    expect(rolesIssuedBy(RETAIL_MSP)).toEqual(['merchant', 'shelf-operator', 'site-provider', 'supplier', 'shelf-device', 'auditor']);
    expect(rolesIssuedBy(BANK_MSP)).toEqual(['bank', 'auditor']);
  });

  it('has every role issued by some organisation, and admin by the platform only', () => {
    const issued = new Set(Object.values(ROLES_BY_MSP).flat());
    expect([...issued].sort()).toEqual([...ROLES].sort());
    expect(Object.keys(ROLES_BY_MSP).filter((msp) => rolesIssuedBy(msp).includes('admin'))).toEqual([PLATFORM_MSP]);
  });

  it.each(['Org9MSP', '', 'constructor', '__proto__', 'toString'])('issues nothing for the unknown MSP %p', (msp) => {
    expect(rolesIssuedBy(msp)).toEqual([]);
  });

  it('tells roles from other strings', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole('org-admin')).toBe(false);
    expect(isRole('Admin')).toBe(false);
    expect(isRole('')).toBe(false);
  });

  it('leaves only auditors without an account', () => {
    expect(ACCOUNTLESS_ROLES).toEqual(['auditor']);
  });
});

describe('MEMBER_ID_PATTERN', () => {
  it.each(['alice', 'm1', 'shop.01_a:b@c-d', 'A'.repeat(64), TREASURY_ACCOUNT])('accepts %p', (id) => {
    expect(id).toMatch(MEMBER_ID_PATTERN);
  });

  it.each(['', '-lead', '.lead', 'a'.repeat(65), 'has space', 'nul\u0000byte', 'slash/inside', 'ünicode'])('refuses %p', (id) => {
    expect(id).not.toMatch(MEMBER_ID_PATTERN);
  });
});

describe('admitted organisations', () => {
  it('tells the three built-in organisations from any other MSP id', () => {
    expect([PLATFORM_MSP, RETAIL_MSP, BANK_MSP].every(isBuiltInMsp)).toBe(true);
    expect(['PartnerMSP', 'constructor', '__proto__', ''].filter(isBuiltInMsp)).toEqual([]);
  });

  it('may be admitted with every role but the platform’s admin and consumer', () => {
    expect([...ADMITTED_ORG_ROLES].sort()).toEqual(ROLES.filter((role) => role !== 'admin' && role !== 'consumer').sort());
    expect(isAdmittedRole('merchant')).toBe(true);
    expect(['admin', 'consumer', 'org-admin', ''].filter(isAdmittedRole)).toEqual([]);
  });

  it('must name at least one admissible role, none twice', () => {
    expect(admittedRolesProblem(['merchant', 'auditor'])).toBeUndefined();
    expect(admittedRolesProblem([])).toBe('must name at least one role');
    expect(admittedRolesProblem(['merchant', 'merchant'])).toBe('must not name a role twice');
    expect(admittedRolesProblem(['merchant', 'admin'])).toBe(`may only name the roles ${ADMITTED_ORG_ROLES.join(', ')}`);
    expect(admittedRolesProblem(['consumer'])).toMatch(/^may only name the roles/);
  });

  it('spells a set of roles in the order of ROLES', () => {
    expect(inRoleOrder(['supplier', 'auditor', 'merchant'])).toEqual(['auditor', 'merchant', 'supplier']);
    expect(inRoleOrder(rolesIssuedBy(BANK_MSP))).toEqual(['auditor', 'bank']);
  });
});

describe('MSP_ID_PATTERN', () => {
  it.each(['PartnerMSP', 'P', 'org-2.example', `M${'x'.repeat(62)}`])('accepts %p', (id) => {
    expect(id).toMatch(MSP_ID_PATTERN);
  });

  it.each(['', '9MSP', '-MSP', 'Partner_MSP', 'Partner MSP', `M${'x'.repeat(63)}`, 'Partner/MSP'])('refuses %p', (id) => {
    expect(id).not.toMatch(MSP_ID_PATTERN);
  });
});
