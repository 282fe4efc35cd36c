import { generateKeyPairSync } from 'node:crypto';

import { rolesIssuedBy } from '@loulan/protocol';

import { hashApiKey } from '../src/auth/api-keys';
import type { CaRevocation, CaRevocationReason, Enrollment, FabricCaClient } from '../src/members/ca-client';
import { CaUnavailableError } from '../src/members/errors';
import { MAX_LIVE_API_KEYS, MemberAdmin, type MemberAdminCaller } from '../src/members/member-admin';
import type { OrgRuntime } from '../src/members/member-service';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { match } from './support/matchers';
import { tempDatabase } from './support/members-fixtures';

const START = new Date('2025-03-01T00:00:00.000Z');
const GRACE_SECONDS = 3600;
const CRL = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n';

/** A CA that records revocations; `failures` makes the next calls fail. Nobody registers here. */
class RevokingCa implements FabricCaClient {
  readonly revoked: Array<{ enrollmentId: string; reason: CaRevocationReason }> = [];
  readonly failures: Error[] = [];

  register(): Promise<'registered'> {
    return Promise.reject(new Error('not in these tests'));
  }

  enroll(): Promise<Enrollment> {
    return Promise.reject(new Error('not in these tests'));
  }

  revoke(_registrar: unknown, enrollmentId: string, reason: CaRevocationReason): Promise<CaRevocation> {
    const failure = this.failures.shift();
    if (failure !== undefined) {
      return Promise.reject(failure);
    }
    this.revoked.push({ enrollmentId, reason });
    return Promise.resolve({ revokedCertificates: [{ serial: '1a2b', aki: 'ff00' }], crlPem: CRL });
  }
}

const registrar = { certificatePem: 'ADMIN CERT', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };

function caller(memberId: string, org: string, keyId: string, isOrgAdmin = false): MemberAdminCaller {
  return { memberId, org, keyId, isOrgAdmin };
}

const retailAdmin = caller('retail-admin', 'retail', 'key_00000000000000ad', true);
const platformAdmin = caller('platform-admin', 'platform', 'key_00000000000000pa', true);
const shop = caller('shop-1', 'retail', 'key_shop');
const otherShop = caller('shop-2', 'retail', 'key_shop2');

async function setup(): Promise<{
  admin: MemberAdmin;
  store: SqliteMemberStore;
  ca: RevokingCa;
  forgotten: string[];
  clock: { now: Date };
}> {
  const store = new SqliteMemberStore(tempDatabase().db);
  const ca = new RevokingCa();
  const forgotten: string[] = [];
  const clock = { now: START };
  const runtime = (name: string, mspId: string): OrgRuntime => ({ name, mspId, roles: rolesIssuedBy(mspId), ca, registrar });
  const admin = new MemberAdmin(store, [runtime('platform', 'PlatformMSP'), runtime('retail', 'RetailMSP')], {
    graceSeconds: GRACE_SECONDS,
    onDisabled: (memberId) => forgotten.push(memberId),
    clock: () => clock.now,
  });
  const profile = { org: 'retail', mspId: 'RetailMSP', role: 'merchant' };
  for (const memberId of ['shop-1', 'shop-2']) {
    await store.beginRegistration({
      ...profile,
      memberId,
      account: memberId,
      kind: 'registration',
      sealedSecret: 's',
      createdAt: START.toISOString(),
    });
    await store.completeRegistration({
      ...profile,
      memberId,
      account: memberId,
      isOrgAdmin: false,
      certificatePem: 'CERT',
      sealedPrivateKey: 'sealed',
      apiKey: { keyId: memberId === 'shop-1' ? 'key_shop' : 'key_shop2', hash: `hash-${memberId}` },
      now: START.toISOString(),
    });
  }
  await store.upsertOrgAdmin({
    memberId: 'retail-admin',
    org: 'retail',
    mspId: 'RetailMSP',
    role: 'org-admin',
    account: null,
    isOrgAdmin: true,
    certificatePem: 'ADMIN CERT',
    sealedPrivateKey: 'sealed',
    apiKey: { keyId: 'key_00000000000000ad', hash: 'hash-retail-admin' },
    now: START.toISOString(),
  });
  return { admin, store, ca, forgotten, clock };
}

describe('MemberAdmin authorisation', () => {
  it('lets a member manage its own keys, and its org admin everyone of the org', async () => {
    const { admin } = await setup();

    expect(await admin.listKeys(shop, 'shop-1')).toEqual([
      {
        keyId: 'key_shop',
        source: 'issued',
        status: 'live',
        createdAt: START.toISOString(),
        expiresAt: null,
        revokedAt: null,
        current: true,
      },
    ]);
    expect(await admin.listKeys(retailAdmin, 'shop-1')).toEqual([expect.objectContaining({ keyId: 'key_shop', current: false })]);
  });

  it('refuses another member with 403 before looking anything up', async () => {
    const { admin } = await setup();

    await expect(admin.listKeys(otherShop, 'shop-1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.issueKey(otherShop, 'shop-1', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.revokeKey(otherShop, 'shop-1', 'key_shop')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The same answer for an id that does not exist: nothing to learn about who exists.
    await expect(admin.listKeys(otherShop, 'nobody')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("answers an org admin 404 for another organisation's member, as for an unknown id", async () => {
    const { admin } = await setup();

    await expect(admin.listKeys(platformAdmin, 'shop-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.disable(platformAdmin, 'shop-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.listKeys(retailAdmin, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets only the org admin disable, and never an org admin', async () => {
    const { admin } = await setup();

    await expect(admin.disable(shop, 'shop-1')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'only the organisation admin may disable a member',
    });
    await expect(admin.disable(retailAdmin, 'retail-admin')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('MemberAdmin.issueKey', () => {
  it('issues a working key; the old one keeps working for the grace period, then stops', async () => {
    const { admin, store, clock } = await setup();

    const issued = await admin.issueKey(shop, 'shop-1', {});

    expect(issued).toEqual({
      memberId: 'shop-1',
      keyId: match.stringMatching(/^key_[0-9a-f]{16}$/),
      apiKey: match.stringMatching(/^llk_[0-9a-f]{64}$/),
      createdAt: START.toISOString(),
      previousKeysExpireAt: '2025-03-01T01:00:00.000Z',
    });
    expect(await store.findByLiveApiKey(hashApiKey(issued.apiKey), START.toISOString())).toMatchObject({ keyId: issued.keyId });
    expect(await store.findByLiveApiKey('hash-shop-1', '2025-03-01T00:59:59.999Z')).toMatchObject({ keyId: 'key_shop' });
    expect(await store.findByLiveApiKey('hash-shop-1', '2025-03-01T01:00:00.000Z')).toBeUndefined();

    clock.now = new Date('2025-03-01T02:00:00.000Z');
    expect((await admin.listKeys(shop, 'shop-1')).map((key) => [key.keyId, key.status])).toEqual([
      ['key_shop', 'expired'],
      [issued.keyId, 'live'],
    ]);
  });

  it('takes a shorter grace period, 0 ending the other keys at once, and refuses a longer one', async () => {
    const { admin, store } = await setup();

    await expect(admin.issueKey(shop, 'shop-1', { graceSeconds: GRACE_SECONDS + 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const issued = await admin.issueKey(retailAdmin, 'shop-1', { graceSeconds: 0 });

    expect(issued.previousKeysExpireAt).toBe(START.toISOString());
    expect(await store.findByLiveApiKey('hash-shop-1', START.toISOString())).toBeUndefined();
  });

  it(`refuses a key beyond ${MAX_LIVE_API_KEYS} live ones with CONFLICT`, async () => {
    const { admin } = await setup();
    for (let i = 1; i < MAX_LIVE_API_KEYS; i++) {
      await admin.issueKey(shop, 'shop-1', {});
    }

    await expect(admin.issueKey(shop, 'shop-1', {})).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { maxLiveKeys: MAX_LIVE_API_KEYS },
    });
    expect(await admin.listKeys(shop, 'shop-1')).toHaveLength(MAX_LIVE_API_KEYS);
  });

  it('refuses a disabled member with CONFLICT', async () => {
    const { admin } = await setup();
    await admin.disable(retailAdmin, 'shop-1');

    await expect(admin.issueKey(retailAdmin, 'shop-1', {})).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'member shop-1 is disabled',
    });
  });
});

describe('MemberAdmin.revokeKey', () => {
  it('revokes at once, answers the first revocation when repeated, and 404 for a key of someone else', async () => {
    const { admin, store, clock } = await setup();

    expect(await admin.revokeKey(shop, 'shop-1', 'key_shop')).toMatchObject({
      keyId: 'key_shop',
      status: 'revoked',
      revokedAt: START.toISOString(),
      current: true,
    });
    expect(await store.findByLiveApiKey('hash-shop-1', START.toISOString())).toBeUndefined();
    clock.now = new Date('2025-03-02T00:00:00.000Z');
    expect(await admin.revokeKey(retailAdmin, 'shop-1', 'key_shop')).toMatchObject({ revokedAt: START.toISOString() });
    await expect(admin.revokeKey(retailAdmin, 'shop-1', 'key_shop2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('MemberAdmin.disable', () => {
  it('stops every key at once, drops the signer, revokes the identity at the CA and answers its CRL', async () => {
    const { admin, store, ca, forgotten } = await setup();
    const second = await admin.issueKey(shop, 'shop-1', {});

    const disabled = await admin.disable(retailAdmin, 'shop-1');

    expect(disabled).toEqual({
      memberId: 'shop-1',
      disabledAt: START.toISOString(),
      certificateRevokedAt: START.toISOString(),
      revokedCertificates: [{ serial: '1a2b', aki: 'ff00' }],
      crlPem: CRL,
    });
    expect(await store.findByLiveApiKey('hash-shop-1', START.toISOString())).toBeUndefined();
    expect(await store.findByLiveApiKey(hashApiKey(second.apiKey), START.toISOString())).toBeUndefined();
    expect(forgotten).toEqual(['shop-1']);
    expect(ca.revoked).toEqual([{ enrollmentId: 'shop-1', reason: 'cessationofoperation' }]);
    expect(await store.findByLiveApiKey('hash-shop-2', START.toISOString())).toMatchObject({ memberId: 'shop-2' });
  });

  it('keeps the member disabled when the CA is down, and finishes the revocation when repeated', async () => {
    const { admin, store, ca, clock } = await setup();
    ca.failures.push(new CaUnavailableError('the Fabric CA is unreachable'));

    await expect(admin.disable(retailAdmin, 'shop-1')).rejects.toMatchObject({ code: 'NETWORK_UNAVAILABLE' });
    expect(await store.findByLiveApiKey('hash-shop-1', START.toISOString())).toBeUndefined();
    expect(await store.findMember('shop-1')).toMatchObject({ disabledAt: START.toISOString(), certificateRevokedAt: null });

    clock.now = new Date('2025-03-01T00:05:00.000Z');
    expect(await admin.disable(retailAdmin, 'shop-1')).toMatchObject({
      disabledAt: START.toISOString(),
      certificateRevokedAt: '2025-03-01T00:05:00.000Z',
      crlPem: CRL,
    });
    // Once revoked, a repeat does not call the CA again.
    expect(await admin.disable(retailAdmin, 'shop-1')).toMatchObject({ revokedCertificates: [], crlPem: null });
    expect(ca.revoked).toHaveLength(1);
  });
});
