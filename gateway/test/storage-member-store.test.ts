import type { NewMember, PendingRegistration } from '../src/storage/member-store';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { tempDatabase } from './support/members-fixtures';

const profile = { memberId: 'alice', org: 'platform', mspId: 'PlatformMSP', role: 'consumer', account: 'alice' };
const registration: PendingRegistration = { ...profile, kind: 'registration', sealedSecret: 'sealed', createdAt: 't0' };

function newMember(overrides: Partial<NewMember> = {}): NewMember {
  return {
    ...profile,
    isOrgAdmin: false,
    certificatePem: 'CERT',
    sealedPrivateKey: 'sealed-key',
    apiKeyHash: 'hash-alice',
    now: 't1',
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
      createdAt: 't1',
      updatedAt: 't1',
    });
    expect(await store.findByApiKeyHash('hash-alice')).toEqual(member);
    expect(await store.findByApiKeyHash('hash-bob')).toBeUndefined();
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
    await store.completeRegistration(newMember({ memberId: 'aud', role: 'auditor', account: null, apiKeyHash: 'h' }));

    expect(await store.findMember('aud')).toMatchObject({ role: 'auditor', account: null });
    db.close();
  });

  it('upserts org admins but never takes over a registered member', async () => {
    const { db } = tempDatabase();
    const store = new SqliteMemberStore(db);
    const admin = newMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', apiKeyHash: 'h1' });

    await store.upsertOrgAdmin(admin);
    await store.upsertOrgAdmin({ ...admin, apiKeyHash: 'h2', certificatePem: 'CERT2', now: 't2' });

    expect(await store.findByApiKeyHash('h1')).toBeUndefined();
    expect(await store.findByApiKeyHash('h2')).toMatchObject({
      memberId: 'platform-admin',
      isOrgAdmin: true,
      certificatePem: 'CERT2',
      createdAt: 't1',
      updatedAt: 't2',
    });

    await store.beginRegistration(registration);
    await expect(store.upsertOrgAdmin({ ...admin, memberId: 'alice' })).rejects.toThrow(/not an org admin/);
    await store.completeRegistration(newMember());
    await expect(store.upsertOrgAdmin({ ...admin, memberId: 'alice', apiKeyHash: 'h3' })).rejects.toThrow(
      /not an org admin/,
    );
    expect(await store.findMember('alice')).toMatchObject({ role: 'consumer', isOrgAdmin: false });
    db.close();
  });
});
