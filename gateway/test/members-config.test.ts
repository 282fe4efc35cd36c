import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadMembersConfig, type MembersConfig } from '../src/members/config';

const dir = mkdtempSync(join(tmpdir(), 'loulan-members-config-'));
const file = join(dir, 'any');
writeFileSync(file, 'not parsed here');

function orgEnv(org: string, mspId: string): NodeJS.ProcessEnv {
  const prefix = `LOULAN_ORG_${org.toUpperCase()}_`;
  return {
    [`${prefix}MSP_ID`]: mspId,
    [`${prefix}CA_URL`]: 'https://127.0.0.1:7054',
    [`${prefix}CA_TLS_CERT_FILE`]: file,
    [`${prefix}ADMIN_CERT_FILE`]: file,
    [`${prefix}ADMIN_KEY_FILE`]: file,
    [`${prefix}ADMIN_API_KEY_FILE`]: file,
  };
}

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
      'LOULAN_ORG_PLATFORM_MSP_ID must be one of PlatformMSP, RetailMSP, BankMSP, got "Org9MSP"',
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

  it('requires the database, the master key and at least one org', () => {
    expect(load({}).problems).toEqual([
      'LOULAN_DB_FILE is required',
      'LOULAN_MASTER_KEY_FILE is required',
      'LOULAN_ORGS is required: a comma-separated list of organisation names, e.g. platform,retail,bank',
    ]);
  });
});
