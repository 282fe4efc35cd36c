import { generateApiKey, generateKeyId, hashApiKey } from '../auth/api-keys';
import type { AuthenticatedMember } from '../auth/authenticated-member';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { type ApiKeyRecord, type ApiKeyStatus, apiKeyStatus, type MemberRecord, type MemberStore } from '../storage/member-store';
import type { RevokedCertificate } from './ca-client';
import type { OrgRuntime } from './member-service';

/** Most live API keys a member holds at once (keys in a rotation's grace period count); see docs/security.md. */
export const MAX_LIVE_API_KEYS = 5;

/** Who asks: only these fields of the authenticated member matter. */
export type MemberAdminCaller = Pick<AuthenticatedMember, 'memberId' | 'org' | 'isOrgAdmin' | 'keyId'>;

/** An API key as shown to its member or org admin; never the key itself. */
export interface ApiKeyView {
  readonly keyId: string;
  /** `configuration`: an org admin's key file; `issued`: registration or rotation. */
  readonly source: ApiKeyRecord['source'];
  readonly status: ApiKeyStatus;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  /** True for the key the request came with. */
  readonly current: boolean;
}

/** The answer to a rotation: the new key, shown once, and when the member's other keys stop working. */
export interface IssuedApiKey {
  readonly memberId: string;
  readonly keyId: string;
  readonly apiKey: string;
  readonly createdAt: string;
  readonly previousKeysExpireAt: string;
}

/** The answer to disabling a member. */
export interface DisabledMember {
  readonly memberId: string;
  readonly disabledAt: string;
  readonly certificateRevokedAt: string;
  /** Certificates the CA revoked in this call; empty when an earlier call had revoked them. */
  readonly revokedCertificates: readonly RevokedCertificate[];
  /** The org CA's CRL after this call (for the channel MSP, docs/security.md); null when nothing was revoked now. */
  readonly crlPem: string | null;
}

/** Key rotation, revocation and member disabling, as the HTTP routes see them. */
export interface MemberAdministration {
  listKeys(caller: MemberAdminCaller, memberId: string): Promise<ApiKeyView[]>;
  issueKey(caller: MemberAdminCaller, memberId: string, options: { readonly graceSeconds?: number }): Promise<IssuedApiKey>;
  revokeKey(caller: MemberAdminCaller, memberId: string, keyId: string): Promise<ApiKeyView>;
  disable(caller: MemberAdminCaller, memberId: string): Promise<DisabledMember>;
}

/** Tuning of {@link MemberAdmin}. */
export interface MemberAdminOptions {
  /** How long a member's other keys keep working after a rotation, at most (LOULAN_API_KEY_GRACE_SECONDS). */
  readonly graceSeconds: number;
  /** Called when a member is disabled, to drop whatever the process keeps of it (the decrypted signer). */
  readonly onDisabled: (memberId: string) => void;
  readonly clock: () => Date;
}

/**
 * Manages members' API keys and disables members, with one authorisation rule (docs/security.md,
 * "Member keys"): a member manages its own keys; its organisation's admin manages the keys of every
 * member of the organisation and alone disables them. Anyone else gets 403 without a lookup, and an
 * org admin asking about a member of another organisation gets the same 404 as for an unknown id.
 */
export class MemberAdmin implements MemberAdministration {
  private readonly orgs: ReadonlyMap<string, OrgRuntime>;

  constructor(
    private readonly store: MemberStore,
    orgs: readonly OrgRuntime[],
    private readonly options: MemberAdminOptions,
  ) {
    this.orgs = new Map(orgs.map((org) => [org.name, org]));
  }

  /** @throws ForbiddenError, NotFoundError (see the class) */
  async listKeys(caller: MemberAdminCaller, memberId: string): Promise<ApiKeyView[]> {
    await this.target(caller, memberId, 'keys');
    const now = this.now();
    return (await this.store.listApiKeys(memberId)).map((key) => keyView(key, now, caller));
  }

  /**
   * Issues a new key; every other live key of the member expires `graceSeconds` later (default and
   * maximum: the configured grace period; 0 ends them at once).
   *
   * @throws ValidationError for a grace period above the configured one
   * @throws ConflictError when the member is disabled or already holds {@link MAX_LIVE_API_KEYS} live keys
   */
  async issueKey(caller: MemberAdminCaller, memberId: string, options: { readonly graceSeconds?: number }): Promise<IssuedApiKey> {
    const member = await this.target(caller, memberId, 'keys');
    const graceSeconds = options.graceSeconds ?? this.options.graceSeconds;
    if (graceSeconds > this.options.graceSeconds) {
      throw new ValidationError(`graceSeconds may be at most ${this.options.graceSeconds} on this gateway`, {
        details: { fields: { graceSeconds: [`must not be greater than ${this.options.graceSeconds}`] } },
      });
    }
    if (member.disabledAt !== null) {
      throw disabledConflict(member);
    }
    const apiKey = generateApiKey();
    const keyId = generateKeyId();
    const now = this.clock();
    const previousKeysExpireAt = new Date(now.getTime() + graceSeconds * 1000).toISOString();
    const outcome = await this.store.addApiKey({
      memberId,
      key: { keyId, hash: hashApiKey(apiKey) },
      now: now.toISOString(),
      previousKeysExpireAt,
      maxLiveKeys: MAX_LIVE_API_KEYS,
    });
    if (outcome === 'member-disabled') {
      throw disabledConflict(member);
    }
    if (outcome === 'too-many-keys') {
      throw new ConflictError(`member ${memberId} already holds ${MAX_LIVE_API_KEYS} live API keys; revoke one first`, {
        details: { maxLiveKeys: MAX_LIVE_API_KEYS },
      });
    }
    return { memberId, keyId, apiKey, createdAt: now.toISOString(), previousKeysExpireAt };
  }

  /**
   * Revokes one key at once (the next request with it is refused); revoking it again answers the
   * first revocation.
   *
   * @throws NotFoundError when the member has no key `keyId`
   */
  async revokeKey(caller: MemberAdminCaller, memberId: string, keyId: string): Promise<ApiKeyView> {
    await this.target(caller, memberId, 'keys');
    const now = this.now();
    const key = await this.store.revokeApiKey(memberId, keyId, now);
    if (key === undefined) {
      throw new NotFoundError(`member ${memberId} has no API key ${keyId}`);
    }
    return keyView(key, now, caller);
  }

  /**
   * Disables a member of the caller's organisation: its keys stop working at once (stored before the
   * CA is called), then its identity and certificates are revoked at the org CA. When the CA cannot be
   * reached the member stays disabled and repeating the request finishes the revocation.
   *
   * @throws ForbiddenError unless the caller is the member's org admin, or for an org admin itself
   * @throws CaUnavailableError when the CA cannot be reached
   */
  async disable(caller: MemberAdminCaller, memberId: string): Promise<DisabledMember> {
    const member = await this.target(caller, memberId, 'disable');
    if (member.isOrgAdmin) {
      throw new ForbiddenError('an organisation admin is provisioned by configuration and cannot be disabled');
    }
    const org = this.orgs.get(member.org);
    if (org === undefined) {
      throw new ForbiddenError(`the organisation ${member.org} is not configured on this gateway`);
    }
    const disabledAt = (await this.store.disableMember(memberId, this.now()))?.disabledAt ?? null;
    if (disabledAt === null) {
      throw new Error(`member ${memberId} was not disabled`);
    }
    this.options.onDisabled(memberId);
    if (member.certificateRevokedAt !== null) {
      return { memberId, disabledAt, certificateRevokedAt: member.certificateRevokedAt, revokedCertificates: [], crlPem: null };
    }
    // The member no longer exists for this gateway: `cessationofoperation` rather than a key compromise.
    const revocation = await org.ca.revoke(org.registrar, memberId, 'cessationofoperation');
    const certificateRevokedAt = this.now();
    await this.store.recordCertificateRevoked(memberId, certificateRevokedAt);
    return { memberId, disabledAt, certificateRevokedAt, ...revocation };
  }

  /** The complete member `memberId` when `caller` may act on it (see the class comment). */
  private async target(caller: MemberAdminCaller, memberId: string, action: 'keys' | 'disable'): Promise<MemberRecord> {
    const self = caller.memberId === memberId;
    if (!caller.isOrgAdmin && !(self && action === 'keys')) {
      throw new ForbiddenError(
        action === 'keys'
          ? "a member manages only its own API keys; its organisation admin manages everyone's"
          : 'only the organisation admin may disable a member',
      );
    }
    const found = await this.store.findMember(memberId);
    if (found?.kind !== 'member' || found.org !== caller.org) {
      throw new NotFoundError(`no member ${memberId} in the ${caller.org} organisation`);
    }
    return found;
  }

  private clock(): Date {
    return this.options.clock();
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

function keyView(key: ApiKeyRecord, now: string, caller: MemberAdminCaller): ApiKeyView {
  return {
    keyId: key.keyId,
    source: key.source,
    status: apiKeyStatus(key, now),
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    current: key.memberId === caller.memberId && key.keyId === caller.keyId,
  };
}

function disabledConflict(member: MemberRecord): ConflictError {
  return new ConflictError(`member ${member.memberId} is disabled`, { details: { disabledAt: member.disabledAt } });
}
