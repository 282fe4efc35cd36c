import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { rolesIssuedBy } from '@loulan/protocol';

import { ConfigError } from '../src/config';
import type { AccountOpener } from '../src/members/account-opener';
import type { MembersConfig } from '../src/members/config';
import { openMembers } from '../src/members/open-members';
import { tempDatabase } from './support/members-fixtures';
import { createTestPki } from './support/pki';

const pki = createTestPki();
const masterKeyFile = join(pki.dir, 'master.key');
writeFileSync(masterKeyFile, `${'5a'.repeat(32)}\n`);
const apiKeyFiles = { platform: join(pki.dir, 'platform.key'), retail: join(pki.dir, 'retail.key') };
writeFileSync(apiKeyFiles.platform, `llk_${'1'.repeat(64)}`);
writeFileSync(apiKeyFiles.retail, `llk_${'2'.repeat(64)}\n`);

// openMembers only hands the opener to the member service; these tests register nobody.
const NO_LEDGER: AccountOpener = { open: () => Promise.reject(new Error('no ledger in this test')) };
const OPTIONS = { accountOpener: NO_LEDGER, apiKeyGraceSeconds: 3600 };

function config(overrides: Partial<MembersConfig['orgs'][number]> = {}): MembersConfig {
  const org = (name: 'platform' | 'retail', mspId: string): MembersConfig['orgs'][number] => ({
    name,
    mspId,
    caUrl: 'https://127.0.0.1:1',
    caTlsCertFile: pki.certFile,
    adminCertFile: pki.certFile,
    adminKeyFile: pki.keyFile,
    adminApiKeyFile: apiKeyFiles[name],
    roles: rolesIssuedBy(mspId),
  });
  return {
    dbFile: ':memory:',
    masterKeyFile,
    orgs: [{ ...org('platform', 'PlatformMSP'), ...overrides }, org('retail', 'RetailMSP')],
  };
}

describe('openMembers', () => {
  it('provisions each org admin with the API key from its file; the platform admin acts for the treasury', async () => {
    const { db } = tempDatabase();

    const members = await openMembers(config(), db, OPTIONS);

    expect(await members.authenticator.authenticate(`llk_${'1'.repeat(64)}`)).toMatchObject({
      memberId: 'platform-admin',
      org: 'platform',
      mspId: 'PlatformMSP',
      role: 'admin',
      account: 'treasury',
      isOrgAdmin: true,
    });
    expect(await members.authenticator.authenticate(`llk_${'2'.repeat(64)}`)).toMatchObject({
      memberId: 'retail-admin',
      mspId: 'RetailMSP',
      role: 'org-admin',
      account: null,
      isOrgAdmin: true,
    });
  });

  it('provisions the admin of an admitted organisation as org-admin without an account: it never issues admin', async () => {
    const partnerKeyFile = join(pki.dir, 'partner-admin.key');
    writeFileSync(partnerKeyFile, `llk_${'4'.repeat(64)}`);
    const base = config();
    const [platform] = base.orgs;
    if (platform === undefined) {
      throw new Error('expected the platform org');
    }
    const partner = {
      ...platform,
      name: 'partner',
      mspId: 'PartnerMSP',
      roles: ['merchant', 'supplier'] as const,
      adminApiKeyFile: partnerKeyFile,
    };

    const members = await openMembers({ ...base, orgs: [...base.orgs, partner] }, tempDatabase().db, OPTIONS);

    expect(await members.authenticator.authenticate(`llk_${'4'.repeat(64)}`)).toMatchObject({
      memberId: 'partner-admin',
      org: 'partner',
      mspId: 'PartnerMSP',
      role: 'org-admin',
      account: null,
      isOrgAdmin: true,
    });
  });

  it('keeps a configured key revoked through the API revoked at the next start, and says so', async () => {
    const { db } = tempDatabase();
    const first = await openMembers(config(), db, OPTIONS);
    const platformAdmin = await first.authenticator.authenticate(`llk_${'1'.repeat(64)}`);
    await first.admin.revokeKey(platformAdmin, 'platform-admin', platformAdmin.keyId);
    const warnings: string[] = [];

    const members = await openMembers(config(), db, { ...OPTIONS, warn: (message) => warnings.push(message) });

    await expect(members.authenticator.authenticate(`llk_${'1'.repeat(64)}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(warnings).toEqual([expect.stringMatching(/^the API key in LOULAN_ORG_PLATFORM_ADMIN_API_KEY_FILE was revoked/)]);
  });

  it('follows a replaced API key file at the next start', async () => {
    const { db } = tempDatabase();
    await openMembers(config(), db, OPTIONS);
    const rotated = join(pki.dir, 'rotated.key');
    writeFileSync(rotated, `llk_${'3'.repeat(64)}`);

    const members = await openMembers(config({ adminApiKeyFile: rotated }), db, OPTIONS);

    await expect(members.authenticator.authenticate(`llk_${'1'.repeat(64)}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await members.authenticator.authenticate(`llk_${'3'.repeat(64)}`)).toMatchObject({ memberId: 'platform-admin' });
  });

  it('lists every unusable file in one ConfigError', async () => {
    const badKey = join(pki.dir, 'bad-api.key');
    writeFileSync(badKey, 'password1');

    const failure = await openMembers(
      config({ adminKeyFile: pki.otherKeyFile, adminApiKeyFile: badKey, caTlsCertFile: masterKeyFile }),
      tempDatabase().db,
      OPTIONS,
    ).catch((err: unknown) => err);

    if (!(failure instanceof ConfigError)) {
      throw new Error(`expected a ConfigError, got ${String(failure)}`);
    }
    expect(failure.problems).toEqual([
      expect.stringMatching(/^LOULAN_ORG_PLATFORM_CA_TLS_CERT_FILE: .* is not a PEM certificate/),
      expect.stringMatching(/^LOULAN_ORG_PLATFORM_ADMIN_API_KEY_FILE: .* is not an API key \(expected llk_/),
      'LOULAN_ORG_PLATFORM_ADMIN_KEY_FILE does not hold the private key of LOULAN_ORG_PLATFORM_ADMIN_CERT_FILE',
    ]);
  });
});
