import request from 'supertest';

import { createApp } from '../src/app';
import { ForbiddenError } from '../src/errors';
import type { MemberAdministration } from '../src/members/member-admin';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { invalidFieldsOf } from './support/http';
import { fakeMembers, testMember } from './support/members-fixtures';

const SHOP_KEY = `llk_${'5'.repeat(64)}`;
const AUTH = { Authorization: `Bearer ${SHOP_KEY}` };
const shop = testMember({ memberId: 'shop-1', org: 'retail', mspId: 'RetailMSP', role: 'merchant', account: 'shop-1' });
const KEY_VIEW = {
  keyId: 'key_0123456789abcdef',
  source: 'issued',
  status: 'revoked',
  createdAt: '2025-03-01T00:00:00.000Z',
  expiresAt: null,
  revokedAt: '2025-03-01T01:00:00.000Z',
  current: false,
} as const;

function appWith(admin: Partial<MemberAdministration>): ReturnType<typeof createApp> {
  return createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers({ [SHOP_KEY]: shop }, undefined, admin),
  });
}

describe('member key routes', () => {
  it('GET /v1/members/:memberId/keys lists the keys for the caller, uncached', async () => {
    const listKeys = jest.fn().mockResolvedValue([KEY_VIEW]);

    const response = await request(appWith({ listKeys })).get('/v1/members/shop-1/keys').set(AUTH);

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ memberId: 'shop-1', items: [KEY_VIEW] });
    expect(listKeys).toHaveBeenCalledWith(expect.objectContaining({ memberId: 'shop-1', keyId: shop.keyId }), 'shop-1');
  });

  it('POST /v1/members/:memberId/keys issues a key with or without a body, 201', async () => {
    const issued = { memberId: 'shop-1', keyId: 'key_0123456789abcdef', apiKey: SHOP_KEY, createdAt: 't', previousKeysExpireAt: 't' };
    const issueKey = jest.fn().mockResolvedValue(issued);
    const app = appWith({ issueKey });

    const bare = await request(app).post('/v1/members/shop-1/keys').set(AUTH);
    const withGrace = await request(app).post('/v1/members/shop-1/keys').set(AUTH).send({ graceSeconds: 0 });

    expect(bare.status).toBe(201);
    expect(bare.body).toEqual(issued);
    expect(withGrace.status).toBe(201);
    expect(issueKey.mock.calls.map((call: unknown[]) => call[2])).toEqual([{}, { graceSeconds: 0 }]);
  });

  it.each([
    ['a negative grace period', { graceSeconds: -1 }, 'graceSeconds'],
    ['a fractional grace period', { graceSeconds: 1.5 }, 'graceSeconds'],
    ['an unknown field', { revokeAll: true }, 'revokeAll'],
  ])('refuses %s with 400 VALIDATION_FAILED, issuing nothing', async (_case, body, field) => {
    const issueKey = jest.fn();

    const response = await request(appWith({ issueKey })).post('/v1/members/shop-1/keys').set(AUTH).send(body);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(invalidFieldsOf(response)).toEqual([field]);
    expect(issueKey).not.toHaveBeenCalled();
  });

  it('DELETE /v1/members/:memberId/keys/:keyId revokes; a malformed key id is 400', async () => {
    const revokeKey = jest.fn().mockResolvedValue(KEY_VIEW);
    const app = appWith({ revokeKey });

    const revoked = await request(app).delete('/v1/members/shop-1/keys/key_0123456789abcdef').set(AUTH);
    const malformed = await request(app).delete('/v1/members/shop-1/keys/llk_secret').set(AUTH);

    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual(KEY_VIEW);
    expect(revokeKey).toHaveBeenCalledTimes(1);
    expect(revokeKey).toHaveBeenCalledWith(expect.objectContaining({ memberId: 'shop-1' }), 'shop-1', 'key_0123456789abcdef');
    expect(malformed.status).toBe(400);
    expect(invalidFieldsOf(malformed)).toContain('keyId');
  });

  it('POST /v1/members/:memberId/disable answers what the service did, its 403 as 403', async () => {
    const disabled = { memberId: 'shop-2', disabledAt: 't', certificateRevokedAt: 't', revokedCertificates: [], crlPem: null };
    const disable = jest
      .fn()
      .mockResolvedValueOnce(disabled)
      .mockRejectedValueOnce(new ForbiddenError('only the organisation admin may disable a member'));
    const app = appWith({ disable });

    expect((await request(app).post('/v1/members/shop-2/disable').set(AUTH)).body).toEqual(disabled);
    const refused = await request(app).post('/v1/members/shop-2/disable').set(AUTH);

    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a malformed member id in the path with 400, and a missing key with 401', async () => {
    const listKeys = jest.fn();
    const app = appWith({ listKeys });

    expect((await request(app).get('/v1/members/%20bad/keys').set(AUTH)).status).toBe(400);
    expect((await request(app).get('/v1/members/shop-1/keys')).status).toBe(401);
    expect(listKeys).not.toHaveBeenCalled();
  });
});
