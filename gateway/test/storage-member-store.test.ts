import type { NewMember, PendingRegistration } from '../src/storage/member-store';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { tempDatabase } from './support/members-fixtures';

const T1 = '2025-01-01T00:00:01.000Z';
const T2 = '2025-01-01T00:00:02.000Z';
const T3 = '2025-01-01T00:00:03.000Z';

const profile = { memberId: 'alice', org: 'platform', mspId: 'PlatformMSP', role: 'consumer', account: 'alice' };
const registration: PendingRegistration = { ...profile, kind: 'registration', sealedSecret: 'sealed', createdAt: 't0' };

function newMember(overrides: Partial<NewMember> = {}): NewMember {
  return {
    ...profile,
    isOrgAdmin: false,
    certificatePem: 'CERT',
    sealedPrivateKey: 'sealed-key',
    apiKey: { keyId: 'key_alice', hash: 'hash-alice' },
    now: T1,
    ...overrides,
  };
}

describe('SqliteMemberStore', () => {
  it('keeps a registration until it completes, then finds the member by API key hash', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);

    expect(await store.beginRegistration(registration)).toBe('begun');
    expect(await store.findMember('alice')).toEqual(registration);
    expect(await store.beginRegistration(registration)).toBe('id-taken');

    await store.completeRegistration(newMember());

    const member = await store.findMember('alice');
    expect(member).toEqual({
      ...profile,
      kind: 'member',
      isOrgAdmin: false,
      certificatePem: 'CERT',
      sealedPrivateKey: 'sealed-key',
      createdAt: T1,
      updatedAt: T1,
      disabledAt: null,
      certificateRevokedAt: null,
    });
    expect(await store.findByLiveApiKey('hash-alice', T2)).toEqual({ ...member, keyId: 'key_alice' });
    expect(await store.findByLiveApiKey('hash-bob', T2)).toBeUndefined();
    expect(await store.listApiKeys('alice')).toEqual([
      { keyId: 'key_alice', memberId: 'alice', source: 'issued', createdAt: T1, expiresAt: null, revokedAt: null },
    ]);
    expect(await store.beginRegistration(registration)).toBe('id-taken');
    db.close();
  });

  it('refuses a second member or registration for a held account, writing nothing', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    await store.beginRegistration(registration);
    const other = { ...registration, memberId: 'mallory' };

    expect(await store.beginRegistration(other)).toBe('account-held');
    expect(await store.findMember('mallory')).toBeUndefined();
    await store.completeRegistration(newMember());
    expect(await store.beginRegistration(other)).toBe('account-held');
    expect(await store.findMember('mallory')).toBeUndefined();
    db.close();
  });

  it('completes only a registration in progress', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);

    await expect(store.completeRegistration(newMember())).rejects.toThrow(/no registration of alice/);
    await store.beginRegistration(registration);
    await store.abandonRegistration('alice');
    expect(await store.findMember('alice')).toBeUndefined();
    db.close();
  });

  it('stores auditors without an account', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    await store.beginRegistration({ ...registration, memberId: 'aud', role: 'auditor', account: null });
    await store.completeRegistration(
      newMember({ memberId: 'aud', role: 'auditor', account: null, apiKey: { keyId: 'key_aud', hash: 'h' } }),
    );

    expect(await store.findMember('aud')).toMatchObject({ role: 'auditor', account: null });
    db.close();
  });

  it('upserts org admins but never takes over a registered member', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    const admin = newMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', apiKey: { keyId: 'key_1', hash: 'h1' } });

    expect(await store.upsertOrgAdmin(admin)).toBe('live');
    expect(await store.upsertOrgAdmin({ ...admin, apiKey: { keyId: 'key_2', hash: 'h2' }, certificatePem: 'CERT2', now: T2 })).toBe('live');

    expect(await store.findByLiveApiKey('h1', T3)).toBeUndefined();
    expect(await store.findByLiveApiKey('h2', T3)).toMatchObject({
      memberId: 'platform-admin',
      isOrgAdmin: true,
      certificatePem: 'CERT2',
      createdAt: T1,
      updatedAt: T2,
      keyId: 'key_2',
    });
    expect((await store.listApiKeys('platform-admin')).map((key) => [key.keyId, key.source, key.revokedAt])).toEqual([
      ['key_1', 'configuration', T2],
      ['key_2', 'configuration', null],
    ]);

    await store.beginRegistration(registration);
    await expect(store.upsertOrgAdmin({ ...admin, memberId: 'alice' })).rejects.toThrow(/not an org admin/);
    await store.completeRegistration(newMember());
    await expect(store.upsertOrgAdmin({ ...admin, memberId: 'alice', apiKey: { keyId: 'key_3', hash: 'h3' } })).rejects.toThrow(
      /not an org admin/,
    );
    expect(await store.findMember('alice')).toMatchObject({ role: 'consumer', isOrgAdmin: false });
    db.close();
  });
  it("never revives a configured key that was revoked through the API, and refuses another member's key", async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    const admin = newMember({ memberId: 'retail-admin', role: 'org-admin', account: null, apiKey: { keyId: 'key_1', hash: 'h1' } });
    await store.upsertOrgAdmin(admin);
    await store.revokeApiKey('retail-admin', 'key_1', T2);

    expect(await store.upsertOrgAdmin({ ...admin, apiKey: { keyId: 'key_other', hash: 'h1' }, now: T3 })).toBe('revoked');
    expect(await store.findByLiveApiKey('h1', T3)).toBeUndefined();
    expect((await store.listApiKeys('retail-admin')).map((key) => key.keyId)).toEqual(['key_1']);

    await store.beginRegistration(registration);
    await store.completeRegistration(newMember());
    await expect(store.upsertOrgAdmin({ ...admin, apiKey: { keyId: 'key_x', hash: 'hash-alice' } })).rejects.toThrow(
      /already a key of alice/,
    );
    db.close();
  });

  it('adds a key and makes the live ones expire at the end of the grace period, at most', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    await store.beginRegistration(registration);
    await store.completeRegistration(newMember());
    const add = (keyId: string, now: string, previousKeysExpireAt: string, maxLiveKeys = 5): Promise<string> =>
      store.addApiKey({ memberId: 'alice', key: { keyId, hash: `hash-${keyId}` }, now, previousKeysExpireAt, maxLiveKeys });

    expect(await add('key_b', T1, T3)).toBe('added');
    // A later end never extends an earlier one; the new key itself has none.
    expect(await add('key_c', T2, '2025-01-01T01:00:00.000Z')).toBe('added');

    expect((await store.listApiKeys('alice')).map((key) => [key.keyId, key.expiresAt])).toEqual([
      ['key_alice', T3],
      ['key_b', '2025-01-01T01:00:00.000Z'],
      ['key_c', null],
    ]);
    expect(await store.findByLiveApiKey('hash-alice', T2)).toMatchObject({ keyId: 'key_alice' });
    expect(await store.findByLiveApiKey('hash-alice', T3)).toBeUndefined();
    expect(await store.findByLiveApiKey('hash-key_c', T3)).toMatchObject({ keyId: 'key_c' });
    db.close();
  });

  it('refuses a key beyond the live-key limit unless the others end at once, writing nothing', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    await store.beginRegistration(registration);
    await store.completeRegistration(newMember());
    const add = (keyId: string, previousKeysExpireAt: string): Promise<string> =>
      store.addApiKey({ memberId: 'alice', key: { keyId, hash: `hash-${keyId}` }, now: T1, previousKeysExpireAt, maxLiveKeys: 2 });

    expect(await add('key_b', T3)).toBe('added');
    expect(await add('key_c', T3)).toBe('too-many-keys');
    expect((await store.listApiKeys('alice')).map((key) => [key.keyId, key.expiresAt])).toEqual([
      ['key_alice', T3],
      ['key_b', null],
    ]);
    expect(await add('key_c', T1)).toBe('added');
    expect((await store.listApiKeys('alice')).map((key) => [key.keyId, key.expiresAt])).toEqual([
      ['key_alice', T1],
      ['key_b', T1],
      ['key_c', null],
    ]);
    db.close();
  });

  it("revokes one key, keeping the first revocation time; nothing for another member's key", async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    await store.beginRegistration(registration);
    await store.completeRegistration(newMember());

    expect(await store.revokeApiKey('alice', 'key_alice', T2)).toMatchObject({ keyId: 'key_alice', revokedAt: T2 });
    expect(await store.revokeApiKey('alice', 'key_alice', T3)).toMatchObject({ revokedAt: T2 });
    expect(await store.revokeApiKey('bob', 'key_alice', T3)).toBeUndefined();
    expect(await store.findByLiveApiKey('hash-alice', T3)).toBeUndefined();
    db.close();
  });

  it('disables a member: its keys are revoked and never authenticate, new keys are refused', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    await store.beginRegistration(registration);
    await store.completeRegistration(newMember());

    expect(await store.disableMember('alice', T2)).toMatchObject({ disabledAt: T2, certificateRevokedAt: null });
    expect(await store.disableMember('alice', T3)).toMatchObject({ disabledAt: T2 });
    expect(await store.findByLiveApiKey('hash-alice', T3)).toBeUndefined();
    expect(await store.listApiKeys('alice')).toEqual([expect.objectContaining({ keyId: 'key_alice', revokedAt: T2 })]);
    expect(
      await store.addApiKey({
        memberId: 'alice',
        key: { keyId: 'key_n', hash: 'hash-n' },
        now: T3,
        previousKeysExpireAt: T3,
        maxLiveKeys: 5,
      }),
    ).toBe('member-disabled');
    expect(await store.disableMember('bob', T3)).toBeUndefined();

    await store.recordCertificateRevoked('alice', T3);
    expect(await store.findMember('alice')).toMatchObject({ certificateRevokedAt: T3 });
    db.close();
  });
});
