/**
 * Persistence of members, independent of the database engine.
 *
 * Methods are asynchronous even though the SQLite implementation is not, so a networked database
 * (PostgreSQL) can implement the same interface. Secrets are stored only in the form given here:
 * private keys and enrolment secrets already sealed by a KeyRing, API keys as SHA-256 hashes.
 * Times are ISO 8601 UTC strings from `Date.toISOString()`, which compare correctly as text.
 */
export interface MemberStore {
  /**
   * The member whose API key hashes to `apiKeyHash`, with that key's id: only while the key is
   * live at `now` (neither revoked nor expired) and the member is not disabled.
   *
   * @param now - ISO 8601 UTC time (`Date.toISOString()`), compared with the keys' expiry
   */
  findByLiveApiKey(apiKeyHash: string, now: string): Promise<KeyedMember | undefined>;

  /** The complete member `memberId`, or its registration still in progress, or nothing. */
  findMember(memberId: string): Promise<MemberRecord | PendingRegistration | undefined>;

  /**
   * Records a registration about to be sent to the CA, in one database transaction with the checks.
   *
   * @returns `begun`; or, writing nothing, `id-taken` when a member or a registration with that id
   *   exists, `account-held` when another member or registration holds the account
   */
  beginRegistration(registration: PendingRegistration): Promise<BeginRegistrationOutcome>;

  /** Forgets a registration that can never complete (e.g. the CA knows the id under another secret). */
  abandonRegistration(memberId: string): Promise<void>;

  /**
   * Turns the registration of `member.memberId` into a complete member, atomically.
   *
   * @throws Error when there is no such registration (it was completed or abandoned meanwhile)
   */
  completeRegistration(member: NewMember): Promise<void>;

  /**
   * Creates or replaces an organisation admin provisioned from configuration. Its key becomes a
   * `configuration` key unless that hash is known already; every other live `configuration` key of
   * the admin is revoked (the file was replaced). A known key keeps its state: a key revoked or
   * expired through the API is never brought back by a restart.
   *
   * @returns the state of the configured key at `member.now`
   * @throws Error when `memberId` belongs to a member who is not an org admin, or is being registered,
   *   or the key belongs to another member
   */
  upsertOrgAdmin(member: NewMember): Promise<ApiKeyStatus>;

  /** Every API key of `memberId`, oldest first; empty for an unknown member. */
  listApiKeys(memberId: string): Promise<ApiKeyRecord[]>;

  /**
   * Adds an issued key to a member and, in the same transaction, makes every live key of the member
   * expire at `previousKeysExpireAt` at the latest.
   *
   * @returns `added`; or, writing nothing, `member-disabled`, or `too-many-keys` when the member
   *   would hold more than `maxLiveKeys` live keys
   * @throws Error when there is no complete member `memberId`
   */
  addApiKey(request: AddApiKeyRequest): Promise<AddApiKeyOutcome>;

  /** Revokes key `keyId` of `memberId` at `now` (a revoked key keeps its first revocation time); undefined for no such key. */
  revokeApiKey(memberId: string, keyId: string, now: string): Promise<ApiKeyRecord | undefined>;

  /**
   * Disables the complete member `memberId` and revokes its live keys, in one transaction; disabling
   * again changes nothing.
   *
   * @returns the member as stored afterwards, or undefined when there is no such complete member
   */
  disableMember(memberId: string, now: string): Promise<MemberRecord | undefined>;

  /** Records that the member's certificate was revoked at its organisation's CA. */
  recordCertificateRevoked(memberId: string, now: string): Promise<void>;
}

/** What {@link MemberStore.beginRegistration} did. */
export type BeginRegistrationOutcome = 'begun' | 'id-taken' | 'account-held';

/** What {@link MemberStore.addApiKey} did. */
export type AddApiKeyOutcome = 'added' | 'member-disabled' | 'too-many-keys';

/** Where a key came from: an org admin's key file, or the API (registration, rotation). */
export type ApiKeySource = 'configuration' | 'issued';

/** A key's state at a given time: `live` keys authenticate (while their member is not disabled). */
export type ApiKeyStatus = 'live' | 'expired' | 'revoked';

/** A new API key as stored: its public id and the SHA-256 of the key. */
export interface NewApiKey {
  readonly keyId: string;
  readonly hash: string;
}

/** One stored API key, without its hash. */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly memberId: string;
  readonly source: ApiKeySource;
  readonly createdAt: string;
  /** When a rotation's grace period ends; null for a key without an end. */
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** What {@link MemberStore.addApiKey} stores. */
export interface AddApiKeyRequest {
  readonly memberId: string;
  readonly key: NewApiKey;
  readonly now: string;
  readonly previousKeysExpireAt: string;
  readonly maxLiveKeys: number;
}

/** Who a member is, shared by complete members and registrations. */
export interface MemberProfile {
  readonly memberId: string;
  /** Configured organisation name, e.g. `platform`. */
  readonly org: string;
  readonly mspId: string;
  readonly role: string;
  /** The ledger account the member acts for; null for roles that own none (auditors). */
  readonly account: string | null;
}

/** The {@link MemberProfile} fields of `member`, without its other ones (secrets, keys, times). */
export function profileOf(member: MemberProfile): MemberProfile {
  return { memberId: member.memberId, org: member.org, mspId: member.mspId, role: member.role, account: member.account };
}

/** A member whose certificate and key are stored. */
export interface MemberRecord extends MemberProfile {
  readonly kind: 'member';
  readonly isOrgAdmin: boolean;
  readonly certificatePem: string;
  /** The PKCS#8 PEM private key, sealed with context `privateKeyContext(memberId)`. */
  readonly sealedPrivateKey: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When an org admin disabled the member (its keys stopped working then); null while enabled. */
  readonly disabledAt: string | null;
  /** When the member's certificate was revoked at its org CA; null before. */
  readonly certificateRevokedAt: string | null;
}

/** A member found by one of its live API keys. */
export interface KeyedMember extends MemberRecord {
  /** Id of the key the member was found by. */
  readonly keyId: string;
}

/** A registration sent (or about to be sent) to the CA, not yet enrolled. */
export interface PendingRegistration extends MemberProfile {
  readonly kind: 'registration';
  /** The enrolment secret chosen by the gateway, sealed with context `enrollmentSecretContext(memberId)`. */
  readonly sealedSecret: string;
  readonly createdAt: string;
}

/** What completing a registration or provisioning an admin stores. */
export interface NewMember extends MemberProfile {
  readonly isOrgAdmin: boolean;
  readonly certificatePem: string;
  readonly sealedPrivateKey: string;
  readonly apiKey: NewApiKey;
  readonly now: string;
}

/** The state of `key` at `now` (ISO 8601 UTC). */
export function apiKeyStatus(key: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>, now: string): ApiKeyStatus {
  if (key.revokedAt !== null) {
    return 'revoked';
  }
  return key.expiresAt !== null && key.expiresAt <= now ? 'expired' : 'live';
}

/** KeyRing context of a member's sealed private key: binds the ciphertext to its member. */
export function privateKeyContext(memberId: string): string {
  return `member-private-key:${memberId}`;
}

/** KeyRing context of a registration's sealed enrolment secret. */
export function enrollmentSecretContext(memberId: string): string {
  return `member-enrollment-secret:${memberId}`;
}
