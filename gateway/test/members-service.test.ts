import { generateKeyPairSync } from 'node:crypto';

import { rolesIssuedBy } from '@loulan/protocol';

import { ChaincodeError } from '../src/fabric/errors';
import type { CallerIdentity } from '../src/fabric/gateway';
import type { AccountOpener } from '../src/members/account-opener';
import type { CaRegistration, CaRevocation, Enrollment, FabricCaClient } from '../src/members/ca-client';
import { CaRejectedError, CaUnavailableError } from '../src/members/errors';
import { MemberService, type OrgRuntime, type Registrant } from '../src/members/member-service';
import { privateKeyContext } from '../src/storage/member-store';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { match } from './support/matchers';
import { tempDatabase, testKeyRing } from './support/members-fixtures';

/** A CA that remembers identities and their secrets, like Fabric CA, with scriptable failures. */
class FakeCa implements FabricCaClient {
  readonly identities = new Map<string, CaRegistration>();
  readonly enrollFailures: Error[] = [];

  register(_registrar: OrgRuntime['registrar'], registration: CaRegistration): Promise<'registered' | 'already-registered'> {
    if (this.identities.has(registration.enrollmentId)) {
      return Promise.resolve('already-registered');
    }
    this.identities.set(registration.enrollmentId, registration);
    return Promise.resolve('registered');
  }

  enroll(enrollmentId: string, secret: string): Promise<Enrollment> {
    const failure = this.enrollFailures.shift();
    if (failure !== undefined) {
      return Promise.reject(failure);
    }
    if (this.identities.get(enrollmentId)?.secret !== secret) {
      return Promise.reject(new CaRejectedError('Authentication failure', 401, [20]));
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return Promise.resolve({
      certificatePem: `CERT of ${enrollmentId}`,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
  }

  revoke(): Promise<CaRevocation> {
    return Promise.reject(new Error('registration never revokes'));
  }
}

/** A ledger register of accounts: the first MSP to open an id owns it, as `points:OpenAccount` rules. */
class FakeLedgerAccounts implements AccountOpener {
  readonly owners = new Map<string, string>();
  opened = 0;

  open(member: CallerIdentity): Promise<void> {
    const account = certificateAccount(member.identity.credentials);
    const owner = this.owners.get(account);
    if (owner !== undefined && owner !== member.identity.mspId) {
      return Promise.reject(new ChaincodeError('ACCOUNT_HELD', `account ${account} is owned by another organisation`));
    }
    this.owners.set(account, member.identity.mspId);
    this.opened += 1;
    return Promise.resolve();
  }
}

// The fake CA's certificates are the text `CERT of <enrolment id>`; accounts default to the id.
function certificateAccount(credentials: Uint8Array): string {
  return Buffer.from(credentials).toString('utf8').replace('CERT of ', '');
}

const registrar = { certificatePem: 'ADMIN CERT', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
const platformAdmin: Registrant = { memberId: 'platform-admin', org: 'platform', isOrgAdmin: true };
const retailAdmin: Registrant = { memberId: 'retail-admin', org: 'retail', isOrgAdmin: true };
const bankAdmin: Registrant = { memberId: 'bank-admin', org: 'bank', isOrgAdmin: true };
/** The admin of an organisation admitted with merchant and supplier (LOULAN_ORG_PARTNER_ROLES=merchant,supplier). */
const partnerAdmin: Registrant = { memberId: 'partner-admin', org: 'partner', isOrgAdmin: true };

function setup(): { service: MemberService; store: SqliteMemberStore; ca: FakeCa; ledger: FakeLedgerAccounts } {
  const ca = new FakeCa();
  const ledger = new FakeLedgerAccounts();
  const store = new SqliteMemberStore(tempDatabase().db);
  const orgs: OrgRuntime[] = [
    { name: 'platform', mspId: 'PlatformMSP', roles: rolesIssuedBy('PlatformMSP'), ca, registrar },
    { name: 'retail', mspId: 'RetailMSP', roles: rolesIssuedBy('RetailMSP'), ca, registrar },
    { name: 'bank', mspId: 'BankMSP', roles: rolesIssuedBy('BankMSP'), ca, registrar },
    { name: 'partner', mspId: 'PartnerMSP', roles: ['merchant', 'supplier'], ca, registrar },
  ];
  const service = new MemberService(store, testKeyRing(), orgs, ledger, () => new Date('2025-01-02T03:04:05.000Z'));
  return { service, store, ca, ledger };
}

describe('MemberService.register', () => {
  it('registers and enrols a consumer whose account defaults to its id, and stores only secrets sealed', async () => {
    const { service, store, ca } = setup();

    const registered = await service.register(platformAdmin, { memberId: 'alice', role: 'consumer' });

    expect(registered).toEqual({
      memberId: 'alice',
      org: 'platform',
      mspId: 'PlatformMSP',
      role: 'consumer',
      account: 'alice',
      apiKey: match.stringMatching(/^llk_[0-9a-f]{64}$/),
      keyId: match.stringMatching(/^key_[0-9a-f]{16}$/),
    });
    expect(ca.identities.get('alice')).toMatchObject({
      type: 'client',
      attributes: [
        { name: 'loulan.role', value: 'consumer', ecert: true },
        { name: 'loulan.account', value: 'alice', ecert: true },
      ],
    });
    const stored = await store.findMember('alice');
    expect(stored).toMatchObject({ kind: 'member', certificatePem: 'CERT of alice', createdAt: '2025-01-02T03:04:05.000Z' });
    if (stored?.kind !== 'member') {
      throw new Error('expected a member');
    }
    expect(stored.sealedPrivateKey).not.toContain('PRIVATE KEY');
    expect(testKeyRing().open(stored.sealedPrivateKey, privateKeyContext('alice')).toString()).toContain('PRIVATE KEY');
  });

  it('takes an explicit account, and none for auditors', async () => {
    const { service, ca } = setup();

    expect(await service.register(retailAdmin, { memberId: 'shop-1-pos', role: 'merchant', account: 'shop-1' })).toMatchObject({
      account: 'shop-1',
      org: 'retail',
      mspId: 'RetailMSP',
    });
    expect(await service.register(bankAdmin, { memberId: 'aud', role: 'auditor' })).toMatchObject({ account: null });
    expect(ca.identities.get('aud')?.attributes).toEqual([{ name: 'loulan.role', value: 'auditor', ecert: true }]);
  });

  it.each([
    [platformAdmin, 'merchant'],
    [platformAdmin, 'bank'],
    [retailAdmin, 'consumer'],
    [bankAdmin, 'merchant'],
  ])('refuses a role the admin’s org does not issue', async (admin, role) => {
    await expect(setup().service.register(admin, { memberId: 'x', role })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('registers a merchant of an admitted organisation with a role its configuration names, in its own MSP', async () => {
    const { service, ca, ledger } = setup();

    expect(await service.register(partnerAdmin, { memberId: 'partner-shop', role: 'merchant' })).toMatchObject({
      memberId: 'partner-shop',
      org: 'partner',
      mspId: 'PartnerMSP',
      role: 'merchant',
      account: 'partner-shop',
    });
    expect(ca.identities.get('partner-shop')?.attributes).toEqual([
      { name: 'loulan.role', value: 'merchant', ecert: true },
      { name: 'loulan.account', value: 'partner-shop', ecert: true },
    ]);
    expect(ledger.owners.get('partner-shop')).toBe('PartnerMSP');
  });

  it.each(['bank', 'auditor', 'consumer'])(
    'refuses the role %s, which the admitted organisation’s configuration does not name, before the CA is asked',
    async (role) => {
      const { service, ca } = setup();

      await expect(service.register(partnerAdmin, { memberId: 'partner-x', role })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: `the partner organisation does not issue the role ${role}`,
        details: { issues: ['merchant', 'supplier'] },
      });
      expect(ca.identities.size).toBe(0);
    },
  );

  it('never creates another admin', async () => {
    await expect(setup().service.register(platformAdmin, { memberId: 'root2', role: 'admin' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: match.stringMatching(/admins are provisioned/),
    });
  });

  it('only lets org admins register', async () => {
    const member: Registrant = { memberId: 'alice', org: 'platform', isOrgAdmin: false };

    await expect(setup().service.register(member, { memberId: 'bob', role: 'consumer' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it.each([
    [{ memberId: '-bad', role: 'consumer' }, /memberId/],
    [{ memberId: 'a'.repeat(65), role: 'consumer' }, /memberId/],
    [{ memberId: 'bob', role: 'consumer', account: 'bad account' }, /account/],
    [{ memberId: 'bob', role: 'consumer', account: 'treasury' }, /treasury/],
    [{ memberId: 'bob', role: 'auditor', account: 'bob' }, /owns no account/],
    [{ memberId: 'bob', role: 'wizard' }, /unknown role/],
  ])('refuses %j', async (input, message) => {
    await expect(setup().service.register(platformAdmin, input)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: match.stringMatching(message),
    });
  });

  it("opens the account on the ledger with the new member's own certificate before storing the member", async () => {
    const { service, ledger } = setup();
    await service.register(retailAdmin, { memberId: 'shop-1', role: 'merchant' });
    await service.register(platformAdmin, { memberId: 'aud', role: 'auditor' });

    expect(ledger.owners).toEqual(new Map([['shop-1', 'RetailMSP']]));
    expect(ledger.opened).toBe(1);
  });

  it('refuses a second member for a held account with ACCOUNT_HELD, before the CA is asked', async () => {
    const { service, store, ca } = setup();
    await service.register(retailAdmin, { memberId: 'shop-1', role: 'merchant' });

    const failure = service.register(bankAdmin, { memberId: 'b-x', role: 'bank', account: 'shop-1' });

    await expect(failure).rejects.toMatchObject({ code: 'ACCOUNT_HELD' });
    expect(await store.findMember('b-x')).toBeUndefined();
    expect(ca.identities.has('b-x')).toBe(false);
  });

  it('abandons the registration when the ledger says another organisation owns the account', async () => {
    const { service, store, ledger } = setup();
    ledger.owners.set('shop-9', 'RetailMSP');

    const failure = service.register(bankAdmin, { memberId: 'shop-9', role: 'bank' });

    await expect(failure).rejects.toMatchObject({ code: 'ACCOUNT_HELD' });
    expect(await store.findMember('shop-9')).toBeUndefined();
  });

  it('answers CONFLICT for a member id already taken', async () => {
    const { service } = setup();
    await service.register(platformAdmin, { memberId: 'alice', role: 'consumer' });

    await expect(service.register(platformAdmin, { memberId: 'alice', role: 'consumer' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'member alice already exists',
    });
    await expect(service.register(bankAdmin, { memberId: 'alice', role: 'bank' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('answers CONFLICT while the same id is being registered', async () => {
    const { service } = setup();

    const results = await Promise.allSettled([
      service.register(platformAdmin, { memberId: 'alice', role: 'consumer' }),
      service.register(platformAdmin, { memberId: 'alice', role: 'consumer' }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('resumes a registration whose enrolment failed, with the same secret', async () => {
    const { service, store, ca } = setup();
    ca.enrollFailures.push(new CaUnavailableError('the Fabric CA is unreachable'));

    await expect(service.register(platformAdmin, { memberId: 'alice', role: 'consumer' })).rejects.toMatchObject({
      code: 'NETWORK_UNAVAILABLE',
    });
    expect(await store.findMember('alice')).toMatchObject({ kind: 'registration' });

    const registered = await service.register(platformAdmin, { memberId: 'alice', role: 'consumer' });

    expect(registered).toMatchObject({ memberId: 'alice', account: 'alice' });
    expect(await store.findMember('alice')).toMatchObject({ kind: 'member' });
  });

  it('refuses to resume a registration with other values', async () => {
    const { service, ca } = setup();
    ca.enrollFailures.push(new CaUnavailableError('down'));
    await service.register(platformAdmin, { memberId: 'alice', role: 'consumer' }).catch(() => undefined);

    await expect(service.register(platformAdmin, { memberId: 'alice', role: 'auditor' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { org: 'platform', role: 'consumer', account: 'alice' },
    });
  });

  it('answers CONFLICT and forgets the registration when the CA knows the id under another secret', async () => {
    const { service, store, ca } = setup();
    ca.identities.set('gateway', { enrollmentId: 'gateway', secret: 'not ours', type: 'client', attributes: [] });

    await expect(service.register(platformAdmin, { memberId: 'gateway', role: 'consumer' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'member id gateway is already taken at the platform CA',
    });
    expect(await store.findMember('gateway')).toBeUndefined();
  });
});
