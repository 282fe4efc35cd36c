import { signers, type Signer } from '@hyperledger/fabric-gateway';
import type { RequestHandler } from 'express';
import { createPrivateKey } from 'node:crypto';
import type { KeyRing } from '../storage/key-ring';
import { privateKeyContext, type MemberRecord, type MemberStore } from '../storage/member-store';
import { hashApiKey, isApiKeyFormat } from './api-keys';
import type { AuthenticatedMember } from './authenticated-member';
import { UnauthenticatedError } from '../errors';
import { LruCache } from './lru-cache';

/** Resolves an API key to its member; the seam the middleware and tests share. */
export interface ApiKeyAuthenticator {
  /** @throws {@link UnauthenticatedError} when no member has this key */
  authenticate(apiKey: string): Promise<AuthenticatedMember>;
}

/** Default number of decrypted signers kept in memory. */
export const DEFAULT_SIGNER_CACHE_SIZE = 1_000;

interface CachedSigner {
  // The sealed key the signer was made from: a re-provisioned admin key must not reuse a stale signer.
  readonly sealedPrivateKey: string;
  readonly signer: Signer;
}

/**
 * {@link ApiKeyAuthenticator} backed by a {@link MemberStore}.
 *
 * Decrypting a private key and building its signer costs more than the lookup itself, so signers of
 * recently active members stay in a bounded LRU cache: memory stays flat however many members exist.
 */
export class StoreAuthenticator implements ApiKeyAuthenticator {
  private readonly signers: LruCache<string, CachedSigner>;

  constructor(
    private readonly store: MemberStore,
    private readonly keyRing: KeyRing,
    signerCacheSize: number = DEFAULT_SIGNER_CACHE_SIZE,
  ) {
    this.signers = new LruCache(signerCacheSize);
  }

  async authenticate(apiKey: string): Promise<AuthenticatedMember> {
    if (!isApiKeyFormat(apiKey)) {
      throw new UnauthenticatedError('invalid API key');
    }
    // Looking the hash up, rather than comparing keys, is what keeps timing from leaking key bytes.
    const record = await this.store.findByApiKeyHash(hashApiKey(apiKey));
    if (record === undefined) {
      throw new UnauthenticatedError('invalid API key');
    }
    return {
      memberId: record.memberId,
      org: record.org,
      mspId: record.mspId,
      role: record.role,
      account: record.account,
      isOrgAdmin: record.isOrgAdmin,
      identity: { mspId: record.mspId, credentials: Buffer.from(record.certificatePem, 'utf8') },
      signer: this.signerFor(record),
    };
  }

  private signerFor(record: MemberRecord): Signer {
    const cached = this.signers.get(record.memberId);
    if (cached !== undefined && cached.sealedPrivateKey === record.sealedPrivateKey) {
      return cached.signer;
    }
    const pem = this.keyRing.open(record.sealedPrivateKey, privateKeyContext(record.memberId));
    const signer = signers.newPrivateKeySigner(createPrivateKey(pem));
    this.signers.set(record.memberId, { sealedPrivateKey: record.sealedPrivateKey, signer });
    return signer;
  }
}

// RFC 6750 token68 characters; anything else cannot be an API key anyway.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * Express middleware requiring `Authorization: Bearer <apiKey>`; sets `res.locals.member`
 * (read it with `currentMember(res)`).
 *
 * Rejects with an UNAUTHENTICATED error (401) when the header is missing, malformed or names no member.
 */
export function authenticate(authenticator: ApiKeyAuthenticator): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('Authorization');
    const apiKey = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (apiKey === undefined) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new UnauthenticatedError(
        header === undefined ? 'missing Authorization: Bearer <apiKey> header' : 'malformed Authorization header',
      );
    }
    try {
      res.locals.member = await authenticator.authenticate(apiKey);
    } catch (err) {
      if (err instanceof UnauthenticatedError) {
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      }
      throw err;
    }
    next();
  };
}
