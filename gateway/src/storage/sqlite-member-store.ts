import type { Database } from './database';
import {
  type AddApiKeyOutcome,
  type AddApiKeyRequest,
  type ApiKeyRecord,
  type ApiKeySource,
  type ApiKeyStatus,
  apiKeyStatus,
  type BeginRegistrationOutcome,
  type KeyedMember,
  type MemberProfile,
  type MemberRecord,
  type MemberStore,
  type NewMember,
  type PendingRegistration,
  profileOf,
} from './member-store';

/** The {@link MemberProfile} columns, shared by `members` and `member_registrations`. */
interface ProfileRow {
  member_id: string;
  org: string;
  msp_id: string;
  role: string;
  account: string | null;
}

interface MemberRow extends ProfileRow {
  is_org_admin: number;
  certificate_pem: string;
  encrypted_private_key: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  certificate_revoked_at: string | null;
}

interface ApiKeyRow {
  key_id: string;
  member_id: string;
  source: ApiKeySource;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

interface RegistrationRow extends ProfileRow {
  encrypted_secret: string;
  created_at: string;
}

const INSERT_MEMBER = `INSERT INTO members (member_id, org, msp_id, role, account, is_org_admin, certificate_pem,
    encrypted_private_key, created_at, updated_at)
  VALUES (@memberId, @org, @mspId, @role, @account, @isOrgAdmin, @certificatePem, @sealedPrivateKey, @now, @now)`;

const MEMBER_COLUMNS = `member_id, org, msp_id, role, account, is_org_admin, certificate_pem, encrypted_private_key,
  created_at, updated_at, disabled_at, certificate_revoked_at`;

const KEY_COLUMNS = 'key_id, member_id, source, created_at, expires_at, revoked_at';

// A key authenticates while it is neither revoked nor past its expiry.
const LIVE_KEY = 'revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)';
// Keys are listed in the order they were made; insertion order breaks ties within a millisecond.
const KEY_ORDER = 'ORDER BY created_at, rowid';

/**
 * {@link MemberStore} on the gateway's SQLite database (see openDatabase for the schema).
 *
 * better-sqlite3 is synchronous; the methods are async so that thrown errors become rejections.
 */
export class SqliteMemberStore implements MemberStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      memberByLiveKey: db.prepare<{ hash: string; now: string }, MemberRow & { key_id: string }>(
        `SELECT m.*, k.key_id FROM member_api_keys k JOIN members m ON m.member_id = k.member_id
         WHERE k.api_key_hash = @hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > @now)
           AND m.disabled_at IS NULL`,
      ),
      memberById: db.prepare<[string], MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE member_id = ?`),
      registrationById: db.prepare<[string], RegistrationRow>('SELECT * FROM member_registrations WHERE member_id = ?'),
      accountHolder: db.prepare<[string, string], { member_id: string }>(
        `SELECT member_id FROM members WHERE account = ?
         UNION ALL SELECT member_id FROM member_registrations WHERE account = ? LIMIT 1`,
      ),
      insertRegistration: db.prepare(
        `INSERT INTO member_registrations (member_id, org, msp_id, role, account, encrypted_secret, created_at)
         VALUES (@memberId, @org, @mspId, @role, @account, @sealedSecret, @createdAt)`,
      ),
      deleteRegistration: db.prepare<[string]>('DELETE FROM member_registrations WHERE member_id = ?'),
      insertMember: db.prepare(INSERT_MEMBER),
      // Only ever replaces an org admin: a configured admin id must not take over a registered member.
      upsertMember: db.prepare(
        `${INSERT_MEMBER}
         ON CONFLICT (member_id) DO UPDATE SET org = excluded.org, msp_id = excluded.msp_id, role = excluded.role,
           account = excluded.account, certificate_pem = excluded.certificate_pem,
           encrypted_private_key = excluded.encrypted_private_key, updated_at = excluded.updated_at
         WHERE members.is_org_admin = 1`,
      ),
      insertKey: db.prepare<{ keyId: string; memberId: string; hash: string; source: ApiKeySource; now: string }>(
        `INSERT INTO member_api_keys (key_id, member_id, api_key_hash, source, created_at)
         VALUES (@keyId, @memberId, @hash, @source, @now)`,
      ),
      keyByHash: db.prepare<[string], ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM member_api_keys WHERE api_key_hash = ?`),
      keyById: db.prepare<{ memberId: string; keyId: string }, ApiKeyRow>(
        `SELECT ${KEY_COLUMNS} FROM member_api_keys WHERE member_id = @memberId AND key_id = @keyId`,
      ),
      keysOf: db.prepare<[string], ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM member_api_keys WHERE member_id = ? ${KEY_ORDER}`),
      liveKeyCount: db.prepare<{ memberId: string; now: string }, { count: number }>(
        `SELECT count(*) AS count FROM member_api_keys WHERE member_id = @memberId AND ${LIVE_KEY}`,
      ),
      expireLiveKeys: db.prepare<{ memberId: string; now: string; expiresAt: string }>(
        `UPDATE member_api_keys SET expires_at = @expiresAt
         WHERE member_id = @memberId AND ${LIVE_KEY} AND (expires_at IS NULL OR expires_at > @expiresAt)`,
      ),
      revokeKey: db.prepare<{ memberId: string; keyId: string; now: string }>(
        `UPDATE member_api_keys SET revoked_at = @now
         WHERE member_id = @memberId AND key_id = @keyId AND revoked_at IS NULL`,
      ),
      revokeLiveKeys: db.prepare<{ memberId: string; now: string }>(
        `UPDATE member_api_keys SET revoked_at = @now WHERE member_id = @memberId AND ${LIVE_KEY}`,
      ),
      revokeReplacedConfigurationKeys: db.prepare<{ memberId: string; keyId: string; now: string }>(
        `UPDATE member_api_keys SET revoked_at = @now
         WHERE member_id = @memberId AND source = 'configuration' AND key_id <> @keyId AND ${LIVE_KEY}`,
      ),
      disableMember: db.prepare<{ memberId: string; now: string }>(
        `UPDATE members SET disabled_at = @now, updated_at = @now WHERE member_id = @memberId AND disabled_at IS NULL`,
      ),
      recordCertificateRevoked: db.prepare<{ memberId: string; now: string }>(
        `UPDATE members SET certificate_revoked_at = @now, updated_at = @now
         WHERE member_id = @memberId AND certificate_revoked_at IS NULL`,
      ),
    };
  }

  async findByLiveApiKey(apiKeyHash: string, now: string): Promise<KeyedMember | undefined> {
    const row = this.statements.memberByLiveKey.get({ hash: apiKeyHash, now });
    return row === undefined ? undefined : { ...toMember(row), keyId: row.key_id };
  }

  async findMember(memberId: string): Promise<MemberRecord | PendingRegistration | undefined> {
    const member = this.statements.memberById.get(memberId);
    if (member !== undefined) {
      return toMember(member);
    }
    const registration = this.statements.registrationById.get(memberId);
    return registration === undefined ? undefined : toRegistration(registration);
  }

  async beginRegistration(registration: PendingRegistration): Promise<BeginRegistrationOutcome> {
    const begin = this.db.transaction((): BeginRegistrationOutcome => {
      if (
        this.statements.memberById.get(registration.memberId) !== undefined ||
        this.statements.registrationById.get(registration.memberId) !== undefined
      ) {
        return 'id-taken';
      }
      if (registration.account !== null && this.statements.accountHolder.get(registration.account, registration.account) !== undefined) {
        return 'account-held';
      }
      this.statements.insertRegistration.run({
        memberId: registration.memberId,
        org: registration.org,
        mspId: registration.mspId,
        role: registration.role,
        account: registration.account,
        sealedSecret: registration.sealedSecret,
        createdAt: registration.createdAt,
      });
      return 'begun';
    });
    return begin.immediate();
  }

  async abandonRegistration(memberId: string): Promise<void> {
    this.statements.deleteRegistration.run(memberId);
  }

  async completeRegistration(member: NewMember): Promise<void> {
    this.db
      .transaction(() => {
        if (this.statements.deleteRegistration.run(member.memberId).changes !== 1) {
          throw new Error(`no registration of ${member.memberId} in progress`);
        }
        this.statements.insertMember.run(memberParams(member));
        this.insertKey(member, 'issued');
      })
      .immediate();
  }

  async upsertOrgAdmin(member: NewMember): Promise<ApiKeyStatus> {
    const upsert = this.db.transaction((): ApiKeyStatus => {
      if (
        this.statements.registrationById.get(member.memberId) !== undefined ||
        this.statements.upsertMember.run(memberParams({ ...member, isOrgAdmin: true })).changes !== 1
      ) {
        throw new Error(`member id ${member.memberId} is taken by a member who is not an org admin`);
      }
      const known = this.statements.keyByHash.get(member.apiKey.hash);
      if (known !== undefined && known.member_id !== member.memberId) {
        throw new Error(`the API key configured for ${member.memberId} is already a key of ${known.member_id}`);
      }
      const keyId = known?.key_id ?? member.apiKey.keyId;
      if (known === undefined) {
        this.insertKey(member, 'configuration');
      }
      this.statements.revokeReplacedConfigurationKeys.run({ memberId: member.memberId, keyId, now: member.now });
      return known === undefined ? 'live' : apiKeyStatus(toKey(known), member.now);
    });
    return upsert.immediate();
  }

  async listApiKeys(memberId: string): Promise<ApiKeyRecord[]> {
    return this.statements.keysOf.all(memberId).map(toKey);
  }

  async addApiKey(request: AddApiKeyRequest): Promise<AddApiKeyOutcome> {
    const { memberId, now, previousKeysExpireAt } = request;
    const add = this.db.transaction((): AddApiKeyOutcome => {
      const member = this.statements.memberById.get(memberId);
      if (member === undefined) {
        throw new Error(`no member ${memberId}`);
      }
      if (member.disabled_at !== null) {
        return 'member-disabled';
      }
      // Keys made to expire now or earlier stop counting; the others stay live through the grace period.
      const remaining = previousKeysExpireAt > now ? (this.statements.liveKeyCount.get({ memberId, now })?.count ?? 0) : 0;
      if (remaining + 1 > request.maxLiveKeys) {
        return 'too-many-keys';
      }
      this.statements.expireLiveKeys.run({ memberId, now, expiresAt: previousKeysExpireAt });
      this.statements.insertKey.run({ keyId: request.key.keyId, memberId, hash: request.key.hash, source: 'issued', now });
      return 'added';
    });
    return add.immediate();
  }

  async revokeApiKey(memberId: string, keyId: string, now: string): Promise<ApiKeyRecord | undefined> {
    const revoke = this.db.transaction((): ApiKeyRow | undefined => {
      this.statements.revokeKey.run({ memberId, keyId, now });
      return this.statements.keyById.get({ memberId, keyId });
    });
    const row = revoke.immediate();
    return row === undefined ? undefined : toKey(row);
  }

  async disableMember(memberId: string, now: string): Promise<MemberRecord | undefined> {
    const disable = this.db.transaction((): MemberRow | undefined => {
      if (this.statements.disableMember.run({ memberId, now }).changes === 1) {
        this.statements.revokeLiveKeys.run({ memberId, now });
      }
      return this.statements.memberById.get(memberId);
    });
    const row = disable.immediate();
    return row === undefined ? undefined : toMember(row);
  }

  async recordCertificateRevoked(memberId: string, now: string): Promise<void> {
    this.statements.recordCertificateRevoked.run({ memberId, now });
  }

  private insertKey(member: NewMember, source: ApiKeySource): void {
    this.statements.insertKey.run({
      keyId: member.apiKey.keyId,
      memberId: member.memberId,
      hash: member.apiKey.hash,
      source,
      now: member.now,
    });
  }
}

function memberParams(member: NewMember): Record<string, string | number | null> {
  return {
    ...profileOf(member),
    isOrgAdmin: member.isOrgAdmin ? 1 : 0,
    certificatePem: member.certificatePem,
    sealedPrivateKey: member.sealedPrivateKey,
    now: member.now,
  };
}

function toProfile(row: ProfileRow): MemberProfile {
  return { memberId: row.member_id, org: row.org, mspId: row.msp_id, role: row.role, account: row.account };
}

function toMember(row: MemberRow): MemberRecord {
  return {
    kind: 'member',
    ...toProfile(row),
    isOrgAdmin: row.is_org_admin === 1,
    certificatePem: row.certificate_pem,
    sealedPrivateKey: row.encrypted_private_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
    certificateRevokedAt: row.certificate_revoked_at,
  };
}

function toKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    memberId: row.member_id,
    source: row.source,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function toRegistration(row: RegistrationRow): PendingRegistration {
  return {
    kind: 'registration',
    ...toProfile(row),
    sealedSecret: row.encrypted_secret,
    createdAt: row.created_at,
  };
}
