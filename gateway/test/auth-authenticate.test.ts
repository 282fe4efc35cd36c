import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';

import express, { type Express } from 'express';
import request from 'supertest';

import { generateApiKey, hashApiKey } from '../src/auth/api-keys';
import { type ApiKeyAuthenticator, identify, requireMember, StoreAuthenticator } from '../src/auth/authenticate';
import { currentMember } from '../src/auth/authenticated-member';
import { MESSAGE_DIGEST } from '../src/fabric/signing';
import { errorHandler } from '../src/http/errors';
import { requestId } from '../src/http/request-id';
import { privateKeyContext } from '../src/storage/member-store';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { memoryLogger } from './support/fakes';
import { tempDatabase, testKeyRing } from './support/members-fixtures';

function appWith(authenticator: ApiKeyAuthenticator): Express {
  const app = express();
  app.use(requestId());
  app.use(identify(authenticator));
  // Between the two, as the rate limiter is in the app: it sees who was identified.
  app.use((_req, res, next) => {
    res.set('X-Identified', res.locals.member?.memberId ?? '-');
    next();
  });
  app.use(requireMember());
  app.get('/whoami', (_req, res) => {
    const { memberId, org, mspId, role, account, isOrgAdmin, keyId, identity } = currentMember(res);
    const certificate = Buffer.from(identity.credentials).toString();
    res.json({ memberId, org, mspId, role, account, isOrgAdmin, keyId, mspIdOfIdentity: identity.mspId, certificate });
  });
  app.use(errorHandler(memoryLogger().logger));
  return app;
}

async function storeWithAlice(): Promise<{ store: SqliteMemberStore; apiKey: string; publicKeyPem: string }> {
  const store = new SqliteMemberStore(tempDatabase().db);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const apiKey = generateApiKey();
  await store.upsertOrgAdmin({
    memberId: 'platform-admin',
    org: 'platform',
    mspId: 'PlatformMSP',
    role: 'admin',
    account: 'treasury',
    isOrgAdmin: true,
    certificatePem: 'ADMIN CERT',
    sealedPrivateKey: testKeyRing().seal(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      privateKeyContext('platform-admin'),
    ),
    apiKey: { keyId: 'key_000000000000a0a0', hash: hashApiKey(apiKey) },
    now: '2025-01-01T00:00:00.000Z',
  });
  return { store, apiKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe('identify and requireMember', () => {
  it('sets the member for a valid bearer API key', async () => {
    const { store, apiKey } = await storeWithAlice();

    const response = await request(appWith(new StoreAuthenticator(store, testKeyRing())))
      .get('/whoami')
      .set('Authorization', `Bearer ${apiKey}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      memberId: 'platform-admin',
      org: 'platform',
      mspId: 'PlatformMSP',
      role: 'admin',
      account: 'treasury',
      isOrgAdmin: true,
      keyId: 'key_000000000000a0a0',
      mspIdOfIdentity: 'PlatformMSP',
      certificate: 'ADMIN CERT',
    });
    expect(response.headers['x-identified']).toBe('platform-admin');
  });

  it.each([
    ['no header', undefined, 'missing Authorization: Bearer <apiKey> header', 'Bearer'],
    ['another scheme', 'Basic YTpi', 'malformed Authorization header', 'Bearer'],
    ['a malformed key', 'Bearer nope', 'invalid API key', 'Bearer error="invalid_token"'],
    ['an unknown key', `Bearer llk_${'0'.repeat(64)}`, 'invalid API key', 'Bearer error="invalid_token"'],
  ])('answers 401 UNAUTHENTICATED for %s', async (_case, header, message, challenge) => {
    const { store } = await storeWithAlice();
    const call = request(appWith(new StoreAuthenticator(store, testKeyRing())))
      .get('/whoami')
      .set('X-Request-Id', 'r-1');

    const response = header === undefined ? await call : await call.set('Authorization', header);

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(challenge);
    expect(response.headers['x-identified']).toBe('-');
    expect(response.body).toEqual({ code: 'UNAUTHENTICATED', message, requestId: 'r-1' });
  });

  it('passes errors other than a refused key to the error handler', async () => {
    const failing: ApiKeyAuthenticator = { authenticate: () => Promise.reject(new Error('database is locked')) };

    const response = await request(appWith(failing)).get('/whoami').set('Authorization', `Bearer ${generateApiKey()}`);

    expect(response.status).toBe(500);
    expect(response.headers['x-identified']).toBeUndefined();
  });
});

describe('StoreAuthenticator', () => {
  it('gives a signer that signs with the member key, cached until the key changes', async () => {
    const { store, apiKey, publicKeyPem } = await storeWithAlice();
    const authenticator = new StoreAuthenticator(store, testKeyRing(), 10);

    const first = await authenticator.authenticate(apiKey);
    // Gateway connections pass the message itself to the signer (fabric/signing.ts).
    const signature = await first.signer(MESSAGE_DIGEST(Buffer.from('proposal')));

    expect(verify('sha256', Buffer.from('proposal'), createPublicKey(publicKeyPem), signature)).toBe(true);
    expect((await authenticator.authenticate(apiKey)).signer).toBe(first.signer);
  });

  it('refuses a revoked key from the next request on, though its signer is cached', async () => {
    const { store, apiKey } = await storeWithAlice();
    const authenticator = new StoreAuthenticator(store, testKeyRing(), 10);
    await authenticator.authenticate(apiKey);

    await store.revokeApiKey('platform-admin', 'key_000000000000a0a0', '2025-01-02T00:00:00.000Z');

    await expect(authenticator.authenticate(apiKey)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'invalid API key' });
  });

  it('refuses a rotated key once its grace period ends, by the clock it is given', async () => {
    const { store, apiKey } = await storeWithAlice();
    await store.addApiKey({
      memberId: 'platform-admin',
      key: { keyId: 'key_000000000000b0b0', hash: hashApiKey(generateApiKey()) },
      now: '2025-01-01T00:00:00.000Z',
      previousKeysExpireAt: '2025-01-01T01:00:00.000Z',
      maxLiveKeys: 5,
    });
    const at = (time: string): StoreAuthenticator => new StoreAuthenticator(store, testKeyRing(), 10, () => new Date(time));

    expect(await at('2025-01-01T00:59:59.999Z').authenticate(apiKey)).toMatchObject({ keyId: 'key_000000000000a0a0' });
    await expect(at('2025-01-01T01:00:00.000Z').authenticate(apiKey)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('forgets the signer of a member on request, and builds it again on the next use', async () => {
    const { store, apiKey } = await storeWithAlice();
    const authenticator = new StoreAuthenticator(store, testKeyRing(), 10);
    const first = await authenticator.authenticate(apiKey);

    authenticator.forget('platform-admin');

    expect((await authenticator.authenticate(apiKey)).signer).not.toBe(first.signer);
  });

  it('fails loudly (not 401) when a stored key cannot be decrypted', async () => {
    const { store, apiKey } = await storeWithAlice();

    await expect(new StoreAuthenticator(store, testKeyRing(9)).authenticate(apiKey)).rejects.toThrow(/unknown key/);
  });
});

describe('currentMember', () => {
  it('fails closed on a route without the middleware', async () => {
    const app = express();
    app.use(requestId());
    app.get('/open', (_req, res) => {
      res.json(currentMember(res));
    });
    app.use(errorHandler(memoryLogger().logger));

    const response = await request(app).get('/open');

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
