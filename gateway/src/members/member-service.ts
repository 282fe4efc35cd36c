import { createPrivateKey, randomBytes } from 'node:crypto';

import {
  ACCOUNT_ATTRIBUTE,
  ACCOUNTLESS_ROLES,
  isRole,
  MEMBER_ID_PATTERN,
  type Role,
  ROLE_ATTRIBUTE,
  TREASURY_ACCOUNT,
} from '@loulan/protocol';

import { generateApiKey, generateKeyId, hashApiKey } from '../auth/api-keys';
import type { AuthenticatedMember } from '../auth/authenticated-member';
import { AccountHeldError, AppError, ConflictError, ForbiddenError } from '../errors';
import { ValidationError } from '../errors';
import { messageSigner } from '../fabric/signing';
import type { KeyRing } from '../storage/key-ring';
import { enrollmentSecretContext, type MemberProfile, type MemberStore, privateKeyContext, profileOf } from '../storage/member-store';
import type { AccountOpener } from './account-opener';
import type { CaAttribute, FabricCaClient } from './ca-client';
import type { CaSigningIdentity } from './ca-token';
import { CaRejectedError } from './errors';

/** An organisation as the member service uses it: the roles its CA issues, its CA and the registrar identity for it. */
export interface OrgRuntime {
  readonly name: string;
  readonly mspId: string;
  /** As configured (`OrgConfig.roles`): a built-in organisation's fixed roles, or those it was admitted with. */
  readonly roles: readonly Role[];
  readonly ca: FabricCaClient;
  /** The org admin's certificate and key, which the CA accepts as registrar. */
  readonly registrar: CaSigningIdentity;
}

/** What an org admin asks for. */
export interface RegisterMemberInput {
  readonly memberId: string;
  readonly role: string;
  /** Defaults to `memberId` for roles that own an account; must be absent for auditors. */
  readonly account?: string;
}

/** A member as shown to API clients. */
export interface MemberView {
  readonly memberId: string;
  readonly org: string;
  readonly mspId: string;
  readonly role: string;
  readonly account: string | null;
}

/** The answer to a registration: the member and its API key, which is never shown again, with the key's id. */
export interface RegisteredMember extends MemberView {
  readonly apiKey: string;
  readonly keyId: string;
}

/** Who asks for a registration; only these fields of the authenticated member matter. */
export type Registrant = Pick<AuthenticatedMember, 'memberId' | 'org' | 'isOrgAdmin'>;

/** The registration operation, as the HTTP routes see it. */
export interface MemberRegistrar {
  register(admin: Registrant, input: RegisterMemberInput): Promise<RegisteredMember>;
}

/**
 * Registers members with their organisation's Fabric CA and stores their credentials.
 *
 * A registration is journalled before the CA is contacted, with an enrolment secret the gateway
 * chooses: if the process dies or the CA fails between registration and enrolment, asking again with
 * the same values resumes it (the CA's "already registered" is expected then) instead of leaving the
 * member id taken at the CA but unusable here.
 */
export class MemberService implements MemberRegistrar {
  private readonly orgs: ReadonlyMap<string, OrgRuntime>;
  // Serialises registrations of one id within this process; the store's uniqueness covers the rest.
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: MemberStore,
    private readonly keyRing: KeyRing,
    orgs: readonly OrgRuntime[],
    private readonly accounts: AccountOpener,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.orgs = new Map(orgs.map((org) => [org.name, org]));
  }

  /**
   * Registers and enrols `input.memberId` in the organisation of `admin`.
   *
   * @throws {@link ForbiddenError} when `admin` is not an org admin or the org does not issue the role
   * @throws ValidationError for a malformed id or account, or an account given to an auditor
   * @throws {@link ConflictError} when the id is taken, or being registered with other values
   * @throws CaUnavailableError when the CA cannot be reached; retrying later resumes the registration
   */
  async register(admin: Registrant, input: RegisterMemberInput): Promise<RegisteredMember> {
    if (!admin.isOrgAdmin) {
      throw new ForbiddenError('only an organisation admin may register members');
    }
    const org = this.orgs.get(admin.org);
    if (org === undefined) {
      throw new ForbiddenError(`the organisation ${admin.org} is not configured on this gateway`);
    }
    const profile = profileFor(org, input);
    if (this.inFlight.has(profile.memberId)) {
      throw new ConflictError(`member ${profile.memberId} is being registered`);
    }
    this.inFlight.add(profile.memberId);
    try {
      return await this.registerProfile(org, profile);
    } finally {
      this.inFlight.delete(profile.memberId);
    }
  }

  private async registerProfile(org: OrgRuntime, profile: MemberProfile): Promise<RegisteredMember> {
    const { memberId } = profile;
    const secret = await this.secretFor(profile);

    const registered = await org.ca.register(org.registrar, {
      enrollmentId: memberId,
      secret,
      type: 'client',
      attributes: attributesOf(profile),
    });
    const enrollment = await org.ca.enroll(memberId, secret).catch(async (err: unknown) => {
      if (registered === 'already-registered' && err instanceof CaRejectedError && err.isAuthenticationFailure) {
        // The CA knows this id with a secret that is not ours: someone else's identity, never usable here.
        await this.store.abandonRegistration(memberId);
        throw new ConflictError(`member id ${memberId} is already taken at the ${org.name} CA`, { cause: err });
      }
      throw err;
    });

    if (profile.account !== null) {
      await this.openAccount(profile, enrollment);
    }
    const apiKey = generateApiKey();
    const keyId = generateKeyId();
    await this.store.completeRegistration({
      ...profile,
      isOrgAdmin: false,
      certificatePem: enrollment.certificatePem,
      sealedPrivateKey: this.keyRing.seal(enrollment.privateKeyPem, privateKeyContext(memberId)),
      apiKey: { keyId, hash: hashApiKey(apiKey) },
      now: this.clock().toISOString(),
    });
    return { ...view(profile), apiKey, keyId };
  }

  /**
   * Opens the member's account on the ledger before the member is stored, so that a stored member
   * always has an open account; a retry of an interrupted registration opens it again, which the
   * ledger answers with the first entry.
   */
  private async openAccount(profile: MemberProfile, enrollment: { certificatePem: string; privateKeyPem: string }): Promise<void> {
    const member = {
      identity: { mspId: profile.mspId, credentials: Buffer.from(enrollment.certificatePem, 'utf8') },
      signer: messageSigner(createPrivateKey(enrollment.privateKeyPem)),
    };
    await this.accounts.open(member).catch(async (err: unknown) => {
      if (err instanceof AppError && err.code === 'ACCOUNT_HELD') {
        // Another organisation owns the id on the ledger: this registration can never complete.
        await this.store.abandonRegistration(profile.memberId);
      }
      throw err;
    });
  }

  /** The enrolment secret: a new one journalled with the registration, or the one of a registration to resume. */
  private async secretFor(profile: MemberProfile): Promise<string> {
    const context = enrollmentSecretContext(profile.memberId);
    const existing = await this.store.findMember(profile.memberId);
    if (existing?.kind === 'member') {
      throw new ConflictError(`member ${profile.memberId} already exists`);
    }
    if (existing?.kind === 'registration') {
      if (existing.org !== profile.org || existing.role !== profile.role || existing.account !== profile.account) {
        throw new ConflictError(
          `member ${profile.memberId} is already being registered with other values; repeat that request to finish it`,
          { details: { org: existing.org, role: existing.role, account: existing.account } },
        );
      }
      return this.keyRing.open(existing.sealedSecret, context).toString('utf8');
    }
    const secret = randomBytes(24).toString('base64url');
    const began = await this.store.beginRegistration({
      ...profile,
      kind: 'registration',
      sealedSecret: this.keyRing.seal(secret, context),
      createdAt: this.clock().toISOString(),
    });
    if (began === 'id-taken') {
      throw new ConflictError(`member ${profile.memberId} already exists`);
    }
    if (began === 'account-held') {
      throw new AccountHeldError(`account ${profile.account ?? ''} belongs to another member`, {
        details: { account: profile.account },
      });
    }
    return secret;
  }
}

/** Checks `input` against the organisation's rules and fills in the default account. */
function profileFor(org: OrgRuntime, input: RegisterMemberInput): MemberProfile {
  if (!MEMBER_ID_PATTERN.test(input.memberId)) {
    throw new ValidationError(`memberId must match ${MEMBER_ID_PATTERN.source}`);
  }
  if (!isRole(input.role)) {
    throw new ValidationError(`unknown role "${input.role}"`);
  }
  if (input.role === 'admin') {
    throw new ForbiddenError('admins are provisioned by configuration and cannot be registered');
  }
  if (!org.roles.includes(input.role)) {
    throw new ForbiddenError(`the ${org.name} organisation does not issue the role ${input.role}`, {
      details: { issues: org.roles.filter((role) => role !== 'admin') },
    });
  }
  let account: string | null = null;
  if (ACCOUNTLESS_ROLES.includes(input.role)) {
    if (input.account !== undefined) {
      throw new ValidationError(`a member with the role ${input.role} owns no account`);
    }
  } else {
    account = input.account ?? input.memberId;
    if (!MEMBER_ID_PATTERN.test(account)) {
      throw new ValidationError(`account must match ${MEMBER_ID_PATTERN.source}`);
    }
    if (account === TREASURY_ACCOUNT) {
      throw new ValidationError(`the ${TREASURY_ACCOUNT} account belongs to the platform admin`);
    }
  }
  return { memberId: input.memberId, org: org.name, mspId: org.mspId, role: input.role, account };
}

function attributesOf(profile: MemberProfile): CaAttribute[] {
  const attributes: CaAttribute[] = [{ name: ROLE_ATTRIBUTE, value: profile.role, ecert: true }];
  if (profile.account !== null) {
    attributes.push({ name: ACCOUNT_ATTRIBUTE, value: profile.account, ecert: true });
  }
  return attributes;
}

/** The client-facing fields of a member. */
export function view(member: MemberView): MemberView {
  return profileOf(member);
}
