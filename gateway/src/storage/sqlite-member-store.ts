import type { Database } from './database';
import type {
  BeginRegistrationOutcome,
  MemberRecord,
  MemberStore,
  NewMember,
  PendingRegistration,
} from './member-store';

interface MemberRow {
  member_id: string;
  org: string;
  msp_id: string;
  role: string;
  account: string | null;
  is_org_admin: number;
  certificate_pem: string;
  encrypted_private_key: string;
  created_at: string;
  updated_at: string;
}

interface RegistrationRow {
  member_id: string;
  org: string;
  msp_id: string;
  role: string;
  account: string | null;
  encrypted_secret: string;
  created_at: string;
}

const INSERT_MEMBER = `INSERT INTO members (member_id, org, msp_id, role, account, is_org_admin, certificate_pem,
    encrypted_private_key, api_key_hash, created_at, updated_at)
  VALUES (@memberId, @org, @mspId, @role, @account, @isOrgAdmin, @certificatePem, @sealedPrivateKey,
    @apiKeyHash, @now, @now)`;

const MEMBER_COLUMNS =
  'member_id, org, msp_id, role, account, is_org_admin, certificate_pem, encrypted_private_key, created_at, updated_at';

/**
 * {@link MemberStore} on the gateway's SQLite database (see openDatabase for the schema).
 *
 * better-sqlite3 is synchronous; the methods are async so that thrown errors become rejections.
 */
export class SqliteMemberStore implements MemberStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      memberByHash: db.prepare<[string], MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE api_key_hash = ?`),
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
           encrypted_private_key = excluded.encrypted_private_key, api_key_hash = excluded.api_key_hash,
           updated_at = excluded.updated_at
         WHERE members.is_org_admin = 1`,
      ),
    };
  }

  async findByApiKeyHash(apiKeyHash: string): Promise<MemberRecord | undefined> {
    const row = this.statements.memberByHash.get(apiKeyHash);
    return row === undefined ? undefined : toMember(row);
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
      if (this.statements.memberById.get(registration.memberId) !== undefined ||
        this.statements.registrationById.get(registration.memberId) !== undefined) {
        return 'id-taken';
      }
      if (registration.account !== null &&
        this.statements.accountHolder.get(registration.account, registration.account) !== undefined) {
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
    this.db.transaction(() => {
      if (this.statements.deleteRegistration.run(member.memberId).changes !== 1) {
        throw new Error(`no registration of ${member.memberId} in progress`);
      }
      this.statements.insertMember.run(memberParams(member));
    }).immediate();
  }

  async upsertOrgAdmin(member: NewMember): Promise<void> {
    this.db.transaction(() => {
      if (this.statements.registrationById.get(member.memberId) !== undefined ||
        this.statements.upsertMember.run(memberParams({ ...member, isOrgAdmin: true })).changes !== 1) {
        throw new Error(`member id ${member.memberId} is taken by a member who is not an org admin`);
      }
    }).immediate();
  }
}

function memberParams(member: NewMember): Record<string, string | number | null> {
  return {
    memberId: member.memberId,
    org: member.org,
    mspId: member.mspId,
    role: member.role,
    account: member.account,
    isOrgAdmin: member.isOrgAdmin ? 1 : 0,
    certificatePem: member.certificatePem,
    sealedPrivateKey: member.sealedPrivateKey,
    apiKeyHash: member.apiKeyHash,
    now: member.now,
  };
}

function toMember(row: MemberRow): MemberRecord {
  return {
    kind: 'member',
    memberId: row.member_id,
    org: row.org,
    mspId: row.msp_id,
    role: row.role,
    account: row.account,
    isOrgAdmin: row.is_org_admin === 1,
    certificatePem: row.certificate_pem,
    sealedPrivateKey: row.encrypted_private_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRegistration(row: RegistrationRow): PendingRegistration {
  return {
    kind: 'registration',
    memberId: row.member_id,
    org: row.org,
    mspId: row.msp_id,
    role: row.role,
    account: row.account,
    sealedSecret: row.encrypted_secret,
    createdAt: row.created_at,
  };
}
