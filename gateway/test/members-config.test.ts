import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadMembersConfig, type MembersConfig } from '../src/members/config';

const dir = mkdtempSync(join(tmpdir(), 'loulan-members-config-'));
const file = join(dir, 'any');
writeFileSync(file, 'not parsed here');

function orgEnv(org: string, mspId: string, roles?: string): NodeJS.ProcessEnv {
  const prefix = `LOULAN_ORG_${org.toUpperCase()}_`;
  return {
    ...(roles === undefined ? {} : { [`${prefix}ROLES`]: roles }),
    [`${prefix}MSP_ID`]: mspId,
    [`${prefix}CA_URL`]: 'https://127.0.0.1:7054',
    [`${prefix}CA_TLS_CERT_FILE`]: file,
    [`${prefix}ADMIN_CERT_FILE`]: file,
    [`${prefix}ADMIN_KEY_FILE`]: file,
    [`${prefix}ADMIN_API_KEY_FILE`]: file,
  };
}

/** The variables every configuration needs besides its organisations. */
const BASE = { LOULAN_DB_FILE: join(dir, 'gateway.db'), LOULAN_MASTER_KEY_FILE: file };

function load(env: NodeJS.ProcessEnv): { config: MembersConfig; problems: string[] } {
  const problems: string[] = [];
  return { config: loadMembersConfig(env, problems), problems };
}

describe('loadMembersConfig', () => {
  it('reads the database, master key and every listed org', () => {
    const { config, problems } = load({
      LOULAN_DB_FILE: join(dir, 'gateway.db'),
      LOULAN_MASTER_KEY_FILE: file,
      LOULAN_ORGS: ' platform, bank ',
      ...orgEnv('platform', 'PlatformMSP'),
      ...orgEnv('bank', 'BankMSP'),
    });

    expect(problems).toEqual([]);
    expect(config.dbFile).toBe(join(dir, 'gateway.db'));
    expect(config.orgs.map((org) => [org.name, org.mspId, org.caUrl])).toEqual([
      ['platform', 'PlatformMSP', 'https://127.0.0.1:7054'],
      ['bank', 'BankMSP', 'https://127.0.0.1:7054'],
    ]);
    expect(config.orgs[0]).toMatchObject({ adminApiKeyFile: file, adminCertFile: file, adminKeyFile: file });
  });

  it('lists every problem at once', () => {
    const { problems } = load({
      LOULAN_DB_FILE: '/no/such/dir/gateway.db',
      LOULAN_MASTER_KEY_FILE: join(dir, 'missing.key'),
      LOULAN_ORGS: 'platform,Retail,platform,bank',
      ...orgEnv('platform', 'Org9MSP'),
      LOULAN_ORG_PLATFORM_CA_URL: 'http://127.0.0.1:7054',
    });

    expect(problems).toEqual([
      'LOULAN_DB_FILE: the directory /no/such/dir does not exist or is not writable',
      `LOULAN_MASTER_KEY_FILE: no readable file at ${join(dir, 'missing.key')}`,
      'LOULAN_ORG_PLATFORM_ROLES is required for Org9MSP, which is not a built-in organisation: the roles it was admitted with',
      'LOULAN_ORG_PLATFORM_CA_URL must be an https:// URL without credentials, got "http://127.0.0.1:7054"',
      'LOULAN_ORGS: "Retail" must be lower-case letters and digits, starting with a letter',
      'LOULAN_ORGS names "platform" twice',
      'LOULAN_ORG_BANK_MSP_ID is required',
      'LOULAN_ORG_BANK_CA_URL is required',
      'LOULAN_ORG_BANK_CA_TLS_CERT_FILE is required',
      'LOULAN_ORG_BANK_ADMIN_CERT_FILE is required',
      'LOULAN_ORG_BANK_ADMIN_KEY_FILE is required',
      'LOULAN_ORG_BANK_ADMIN_API_KEY_FILE is required',
    ]);
  });

  it('gives a built-in organisation its fixed roles, in role order, with or without LOULAN_ORG_<ORG>_ROLES', () => {
    const { config, problems } = load({
      ...BASE,
      LOULAN_ORGS: 'platform,retail',
      ...orgEnv('platform', 'PlatformMSP'),
      ...orgEnv('retail', 'RetailMSP', ' auditor, shelf-device,supplier,site-provider,shelf-operator,merchant '),
    });

    expect(problems).toEqual([]);
    expect(config.orgs.map((org) => [org.mspId, org.roles])).toEqual([
      ['PlatformMSP', ['admin', 'consumer', 'auditor']],
      ['RetailMSP', ['auditor', 'merchant', 'shelf-operator', 'site-provider', 'supplier', 'shelf-device']],
    ]);
  });

  it('accepts an organisation that is not built in with the roles it was admitted with', () => {
    const { config, problems } = load({ ...BASE, LOULAN_ORGS: 'partner', ...orgEnv('partner', 'PartnerMSP', 'supplier, merchant') });

    expect(problems).toEqual([]);
    expect(config.orgs[0]).toMatchObject({ name: 'partner', mspId: 'PartnerMSP', roles: ['merchant', 'supplier'] });
  });

  it.each([
    [
      'PartnerMSP',
      undefined,
      'LOULAN_ORG_PARTNER_ROLES is required for PartnerMSP, which is not a built-in organisation: the roles it was admitted with',
    ],
    ['PartnerMSP', ' , ', 'LOULAN_ORG_PARTNER_ROLES must name at least one role, got ","'],
    [
      'PartnerMSP',
      'merchant,admin',
      'LOULAN_ORG_PARTNER_ROLES may only name the roles auditor, merchant, shelf-operator, site-provider, supplier, shelf-device, bank, got "merchant,admin"',
    ],
    [
      'PartnerMSP',
      'consumer',
      'LOULAN_ORG_PARTNER_ROLES may only name the roles auditor, merchant, shelf-operator, site-provider, supplier, shelf-device, bank, got "consumer"',
    ],
    ['PartnerMSP', 'merchant,merchant', 'LOULAN_ORG_PARTNER_ROLES must not name a role twice, got "merchant,merchant"'],
    ['BankMSP', 'bank', 'LOULAN_ORG_PARTNER_ROLES must be left out or name exactly the roles of BankMSP, auditor,bank, got "bank"'],
    [
      'BankMSP',
      'bank,auditor,merchant',
      'LOULAN_ORG_PARTNER_ROLES must be left out or name exactly the roles of BankMSP, auditor,bank, got "bank,auditor,merchant"',
    ],
    [
      'Partner_MSP',
      'merchant',
      'LOULAN_ORG_PARTNER_MSP_ID must be a letter, then up to 62 letters, digits, dots and hyphens (e.g. PartnerMSP), got "Partner_MSP"',
    ],
  ])('refuses %s with LOULAN_ORG_PARTNER_ROLES=%p', (mspId, roles, problem) => {
    expect(load({ ...BASE, LOULAN_ORGS: 'partner', ...orgEnv('partner', mspId, roles) }).problems).toEqual([problem]);
  });

  it('requires the database, the master key and at least one org', () => {
    expect(load({}).problems).toEqual([
      'LOULAN_DB_FILE is required',
      'LOULAN_MASTER_KEY_FILE is required',
      'LOULAN_ORGS is required: a comma-separated list of organisation names, e.g. platform,retail,bank',
    ]);
  });
});
