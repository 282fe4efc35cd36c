/**
 * Persistence of members, independent of the database engine.
 *
 * Methods are asynchronous even though the SQLite implementation is not, so a networked database
 * (PostgreSQL) can implement the same interface. Secrets are stored only in the form given here:
 * private keys and enrolment secrets already sealed by a KeyRing, API keys as SHA-256 hashes.
 */
export interface MemberStore {
  /** The complete member whose API key hashes to `apiKeyHash`, if any. */
  findByApiKeyHash(apiKeyHash: string): Promise<MemberRecord | undefined>;

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
   * Creates or replaces an organisation admin provisioned from configuration.
   *
   * @throws Error when `memberId` belongs to a member who is not an org admin, or is being registered
   */
  upsertOrgAdmin(member: NewMember): Promise<void>;
}

/** What {@link MemberStore.beginRegistration} did. */
export type BeginRegistrationOutcome = 'begun' | 'id-taken' | 'account-held';

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

/** A member whose certificate and key are stored. */
export interface MemberRecord extends MemberProfile {
  readonly kind: 'member';
  readonly isOrgAdmin: boolean;
  readonly certificatePem: string;
  /** The PKCS#8 PEM private key, sealed with context `privateKeyContext(memberId)`. */
  readonly sealedPrivateKey: string;
  readonly createdAt: string;
  readonly updatedAt: string;
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
  readonly apiKeyHash: string;
  readonly now: string;
}

/** KeyRing context of a member's sealed private key: binds the ciphertext to its member. */
export function privateKeyContext(memberId: string): string {
  return `member-private-key:${memberId}`;
}

/** KeyRing context of a registration's sealed enrolment secret. */
export function enrollmentSecretContext(memberId: string): string {
  return `member-enrollment-secret:${memberId}`;
}
