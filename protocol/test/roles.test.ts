import {
  ACCOUNTLESS_ROLES,
  BANK_MSP,
  isRole,
  MEMBER_ID_PATTERN,
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
