import express, { type Express } from 'express';
import request from 'supertest';

import { identify, requireMember } from '../src/auth/authenticate';
import { errorHandler, notFoundHandler } from '../src/http/errors';
import { requestId } from '../src/http/request-id';
import type { RegisterMemberInput, Registrant } from '../src/members/member-service';
import { memberRoutes } from '../src/members/members.routes';
import { memoryLogger } from './support/fakes';
import { invalidFieldsOf } from './support/http';
import { fakeMembers, testMember } from './support/members-fixtures';

const ADMIN_KEY = `llk_${'a'.repeat(64)}`;
const CONSUMER_KEY = `llk_${'c'.repeat(64)}`;

function appWith(register = jest.fn()): Express {
  const members = fakeMembers(
    {
      [ADMIN_KEY]: testMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', isOrgAdmin: true }),
      [CONSUMER_KEY]: testMember(),
    },
    register,
  );
  const app = express();
  app.use(requestId());
  app.use(express.json());
  app.use('/v1', identify(members.authenticator), requireMember());
  app.use(memberRoutes(members));
  app.use(notFoundHandler());
  app.use(errorHandler(memoryLogger().logger));
  return app;
}

describe('POST /v1/members', () => {
  it('registers a member for an org admin and answers 201 with the API key, uncached', async () => {
    const register = jest.fn((admin: Registrant, input: RegisterMemberInput) =>
      Promise.resolve({
        memberId: input.memberId,
        org: admin.org,
        mspId: 'PlatformMSP',
        role: input.role,
        account: input.memberId,
        apiKey: CONSUMER_KEY,
      }),
    );

    const response = await request(appWith(register))
      .post('/v1/members')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send({ memberId: 'bob', role: 'consumer' });

    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      memberId: 'bob',
      org: 'platform',
      mspId: 'PlatformMSP',
      role: 'consumer',
      account: 'bob',
      apiKey: CONSUMER_KEY,
    });
    expect(register).toHaveBeenCalledWith(
      expect.objectContaining({ memberId: 'platform-admin' }),
      expect.objectContaining({ memberId: 'bob', role: 'consumer' }),
    );
  });

  it('answers 403 FORBIDDEN to a member who is not an org admin', async () => {
    const register = jest.fn();

    const response = await request(appWith(register))
      .post('/v1/members')
      .set('Authorization', `Bearer ${CONSUMER_KEY}`)
      .set('X-Request-Id', 'r-2')
      .send({ memberId: 'bob', role: 'consumer' });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      code: 'FORBIDDEN',
      message: 'only an organisation admin may register members',
      requestId: 'r-2',
    });
    expect(register).not.toHaveBeenCalled();
  });

  it('answers 400 VALIDATION_FAILED naming the bad fields', async () => {
    const response = await request(appWith())
      .post('/v1/members')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send({ memberId: ' bob', role: 'king', extra: 1 });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(invalidFieldsOf(response).sort()).toEqual(['extra', 'memberId', 'role']);
  });

  it('answers 401 without an API key', async () => {
    const response = await request(appWith()).post('/v1/members').send({ memberId: 'bob', role: 'consumer' });

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('GET /v1/members/me', () => {
  it('answers the caller’s profile without credentials', async () => {
    const response = await request(appWith()).get('/v1/members/me').set('Authorization', `Bearer ${CONSUMER_KEY}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      memberId: 'alice',
      org: 'platform',
      mspId: 'PlatformMSP',
      role: 'consumer',
      account: 'alice',
      keyId: 'key_00000000000000a1',
    });
  });

  it('answers 401 for unknown /v1 paths without credentials rather than revealing routes', async () => {
    expect((await request(appWith()).get('/v1/nothing')).status).toBe(401);
  });
});
