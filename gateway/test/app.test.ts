import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError, NetworkUnavailableError } from '../src/fabric/errors';
import type { FabricGateway } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { match } from './support/matchers';
import { fakeMembers } from './support/members-fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function appWith(fabric: FabricGateway = fakeFabric()): ReturnType<typeof createApp> {
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members: fakeMembers() });
}

describe('GET /healthz', () => {
  it('answers ok without touching Fabric', async () => {
    const evaluate = jest.fn();
    const response = await request(appWith(fakeFabric({ evaluate }))).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(evaluate).not.toHaveBeenCalled();
  });
});

describe('GET /readyz', () => {
  it('is ready when system:Ping answers, echoing its parsed reply', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ name: 'loulan', version: '0.1.0' }));

    const response = await request(appWith(fakeFabric({ evaluate }))).get('/readyz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', chaincode: { name: 'loulan', version: '0.1.0' } });
    expect(evaluate).toHaveBeenCalledWith('system', 'Ping', [], { timeoutMs: 2_000 });
  });

  it('echoes a non-JSON ping reply as text', async () => {
    const evaluate = jest.fn().mockResolvedValue(Buffer.from('pong'));

    const response = await request(appWith(fakeFabric({ evaluate }))).get('/readyz');

    expect(response.body).toEqual({ status: 'ready', chaincode: 'pong' });
  });

  it('answers 503 NETWORK_UNAVAILABLE when the peer is unreachable', async () => {
    const unavailable = new NetworkUnavailableError('Fabric peer unavailable or too slow (UNAVAILABLE)');
    const evaluate = jest.fn().mockRejectedValue(unavailable);

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/readyz')
      .set('X-Request-Id', 'probe-1');

    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      code: 'NETWORK_UNAVAILABLE',
      message: 'Fabric peer unavailable or too slow (UNAVAILABLE)',
      requestId: 'probe-1',
    });
  });

  it('answers 503 NETWORK_UNAVAILABLE when the ping fails for another reason', async () => {
    const evaluate = jest.fn().mockRejectedValue(new ChaincodeError('NOT_FOUND', 'no contract system'));

    const response = await request(appWith(fakeFabric({ evaluate }))).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'NETWORK_UNAVAILABLE', message: 'chaincode ping failed (NOT_FOUND)' });
  });
});

describe('request handling', () => {
  it('answers unknown paths with a 404 JSON body carrying the request id', async () => {
    const response = await request(appWith()).get('/no/such/path');

    expect(response.status).toBe(404);
    expect(response.type).toBe('application/json');
    expect(response.body).toEqual({
      code: 'NOT_FOUND',
      message: 'no route for GET /no/such/path',
      requestId: response.headers['x-request-id'],
    });
  });

  it('echoes a well-formed X-Request-Id', async () => {
    const response = await request(appWith()).get('/healthz').set('X-Request-Id', 'edge-42.a:b_c');

    expect(response.headers['x-request-id']).toBe('edge-42.a:b_c');
  });

  it('generates a request id when none, or an unsafe one, is sent', async () => {
    const app = appWith();

    const missing = await request(app).get('/healthz');
    const unsafe = await request(app).get('/healthz').set('X-Request-Id', '"}<script>');
    const tooLong = await request(app).get('/healthz').set('X-Request-Id', 'a'.repeat(129));

    expect(missing.headers['x-request-id']).toMatch(UUID);
    expect(unsafe.headers['x-request-id']).toMatch(UUID);
    expect(tooLong.headers['x-request-id']).toMatch(UUID);
  });

  it('rejects malformed JSON with 400 VALIDATION_FAILED', async () => {
    const response = await request(appWith()).post('/healthz').set('Content-Type', 'application/json').send('{"a":');

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'request body is not valid JSON' });
  });

  it('rejects bodies over 64kb with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(appWith())
      .post('/healthz')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(65 * 1024) }));

    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('logs one structured line per request', async () => {
    const { logger, lines } = memoryLogger();
    const app = createApp({ fabric: fakeFabric(), logger, config: testConfig(), members: fakeMembers() });

    await request(app).get('/healthz?member=m-1').set('X-Request-Id', 'log-1');

    expect(lines).toContainEqual(
      match.objectContaining({
        msg: 'request',
        requestId: 'log-1',
        method: 'GET',
        path: '/healthz',
        status: 200,
        durationMs: match.any(Number),
      }),
    );
  });
});
