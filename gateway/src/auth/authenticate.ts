import { createPrivateKey } from 'node:crypto';

import type { Signer } from '@hyperledger/fabric-gateway';
import type { RequestHandler } from 'express';

import { UnauthenticatedError } from '../errors';
import { messageSigner } from '../fabric/signing';
import type { KeyRing } from '../storage/key-ring';
import { type MemberRecord, type MemberStore, privateKeyContext } from '../storage/member-store';
import { hashApiKey, isApiKeyFormat } from './api-keys';
import type { AuthenticatedMember, AuthFailure } from './authenticated-member';
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
 * Every request looks its key up in the store, which answers only live keys of enabled members: a
 * revoked key, an expired one or a disabled member is refused from the next request on, with no
 * cache to wait for. Decrypting a private key and building its signer costs more than the lookup,
 * so signers of recently active members stay in a bounded LRU cache (memory stays flat however many
 * members exist); the cache is reached only after the lookup succeeded, so it never lets a key in.
 */
export class StoreAuthenticator implements ApiKeyAuthenticator {
  private readonly signers: LruCache<string, CachedSigner>;

  constructor(
    private readonly store: MemberStore,
    private readonly keyRing: KeyRing,
    signerCacheSize: number = DEFAULT_SIGNER_CACHE_SIZE,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.signers = new LruCache(signerCacheSize);
  }

  async authenticate(apiKey: string): Promise<AuthenticatedMember> {
    if (!isApiKeyFormat(apiKey)) {
      throw new UnauthenticatedError('invalid API key');
    }
    // Looking the hash up, rather than comparing keys, is what keeps timing from leaking key bytes.
    const record = await this.store.findByLiveApiKey(hashApiKey(apiKey), this.clock().toISOString());
    if (record === undefined) {
      // One message for unknown, revoked and expired keys and disabled members: a caller learns nothing more.
      throw new UnauthenticatedError('invalid API key');
    }
    return {
      memberId: record.memberId,
      org: record.org,
      mspId: record.mspId,
      role: record.role,
      account: record.account,
      isOrgAdmin: record.isOrgAdmin,
      keyId: record.keyId,
      identity: { mspId: record.mspId, credentials: Buffer.from(record.certificatePem, 'utf8') },
      signer: this.signerFor(record),
    };
  }

  /** Drops the decrypted signer of `memberId` (a disabled member's key should not stay in memory). */
  forget(memberId: string): void {
    this.signers.delete(memberId);
  }

  private signerFor(record: MemberRecord): Signer {
    const cached = this.signers.get(record.memberId);
    if (cached !== undefined && cached.sealedPrivateKey === record.sealedPrivateKey) {
      return cached.signer;
    }
    const pem = this.keyRing.open(record.sealedPrivateKey, privateKeyContext(record.memberId));
    const signer = messageSigner(createPrivateKey(pem));
    this.signers.set(record.memberId, { sealedPrivateKey: record.sealedPrivateKey, signer });
    return signer;
  }
}

// RFC 6750 token68 characters; anything else cannot be an API key anyway.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * Express middleware resolving `Authorization: Bearer <apiKey>`: sets `res.locals.member` when the key
 * is live, otherwise records why in `res.locals.authFailure`. It never refuses by itself, so that the
 * rate limiter mounted between it and {@link requireMember} can count an authenticated request
 * against its member and a refused one against the client's address.
 *
 * Errors other than a refused key (e.g. the database failing) go to the error handler at once.
 */
export function identify(authenticator: ApiKeyAuthenticator): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('Authorization');
    const apiKey = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (apiKey === undefined) {
      const message = header === undefined ? 'missing Authorization: Bearer <apiKey> header' : 'malformed Authorization header';
      res.locals.authFailure = { error: new UnauthenticatedError(message), challenge: 'Bearer' };
      next();
      return;
    }
    try {
      res.locals.member = await authenticator.authenticate(apiKey);
    } catch (err) {
      if (!(err instanceof UnauthenticatedError)) {
        throw err;
      }
      res.locals.authFailure = { error: err, challenge: 'Bearer error="invalid_token"' };
    }
    next();
  };
}

/**
 * Express middleware refusing requests that {@link identify} did not authenticate: 401
 * UNAUTHENTICATED with a `WWW-Authenticate` challenge; otherwise `currentMember(res)` is the caller.
 */
export function requireMember(): RequestHandler {
  return (_req, res, next) => {
    if (res.locals.member !== undefined) {
      next();
      return;
    }
    const failure: AuthFailure = res.locals.authFailure ?? {
      error: new UnauthenticatedError('authentication required'),
      challenge: 'Bearer',
    };
    res.set('WWW-Authenticate', failure.challenge);
    throw failure.error;
  };
}
