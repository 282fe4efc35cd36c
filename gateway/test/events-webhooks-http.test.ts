import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import request from 'supertest';

import { createApp } from '../src/app';
import { deliverOverHttp } from '../src/events/webhooks/deliver';
import { verifyDelivery } from '../src/events/webhooks/signature';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers, testMember } from './support/members-fixtures';
import { webhookBench } from './support/webhooks';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A receiver on a free loopback port answering `status` (and `location` for a redirect). */
async function receiver(status: number, delayMs = 0): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      setTimeout(() => {
        res.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {}).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

/** A JSON answer's body, as the tests read it. */
type Body = Record<string, unknown> & { items?: Record<string, unknown>[]; code?: string; subscriptionId?: string };
const bodyOf = (response: request.Response): Body => response.body as Body;

const message = {
  id: '7-1',
  name: 'Transfer',
  module: 'points',
  block: '7',
  txIndex: 1,
  txId: 'tx',
  time: '2025-03-01T00:00:00.000Z',
  payload: { points: 5 },
};
const secret = 'whsec_0123456789abcdef0123456789abcdef';

describe('webhook delivery over HTTP', () => {
  it('POSTs the event as signed JSON with its id, name and attempt in headers', async () => {
    const hook = await receiver(204);
    try {
      const result = await deliverOverHttp({ url: hook.url, secret, message, attempt: 2, timeoutMs: 2_000 });

      expect(result).toMatchObject({ ok: true, status: 204, error: null });
      const [got] = hook.received;
      expect(JSON.parse(got?.body ?? '') as unknown).toEqual(message);
      expect(got?.headers).toMatchObject({
        'content-type': 'application/json',
        'loulan-event-id': '7-1',
        'loulan-event-type': 'Transfer',
        'loulan-delivery-attempt': '2',
      });
      const signature = String(got?.headers['loulan-signature']);
      expect(verifyDelivery(secret, got?.body ?? '', signature, Math.floor(Date.now() / 1000))).toBe(true);
    } finally {
      hook.server.close();
    }
  });

  it('counts a redirect as a failure and does not follow it', async () => {
    const hook = await receiver(302);
    try {
      expect(await deliverOverHttp({ url: hook.url, secret, message, attempt: 1, timeoutMs: 2_000 })).toMatchObject({
        ok: false,
        status: 302,
      });
      expect(hook.received).toHaveLength(1);
    } finally {
      hook.server.close();
    }
  });

  it('gives up on a receiver slower than the timeout, and reports a refused connection', async () => {
    const slow = await receiver(200, 1_000);
    try {
      expect(await deliverOverHttp({ url: slow.url, secret, message, attempt: 1, timeoutMs: 100 })).toMatchObject({
        ok: false,
        status: null,
        error: 'timed out',
      });
    } finally {
      slow.server.closeAllConnections();
      slow.server.close();
    }
    const closed = await receiver(200);
    await new Promise((resolve) => closed.server.close(resolve));
    const refused = await deliverOverHttp({ url: closed.url, secret, message, attempt: 1, timeoutMs: 1_000 });
    expect([refused.ok, refused.status]).toEqual([false, null]);
    expect(refused.error).toContain('ECONNREFUSED');
  });
});

describe('subscription routes', () => {
  const members = {
    'alice-key': testMember({ memberId: 'alice', role: 'consumer', account: 'alice' }),
    'bob-key': testMember({ memberId: 'bob', role: 'consumer', account: 'bob' }),
    'retail-admin-key': testMember({
      memberId: 'retail-admin',
      org: 'retail',
      mspId: 'RetailMSP',
      role: 'org-admin',
      account: null,
      isOrgAdmin: true,
    }),
  };
  const bench = webhookBench();
  const app = createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    subscriptions: bench.subscriptions,
  });
  const as = (key: string, idempotencyKey?: string): Record<string, string> => ({
    Authorization: `Bearer ${key}`,
    ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
  });

  it('creates a subscription with a secret shown once, answers a replay alike, and lists it without the secret', async () => {
    const body = { url: 'http://127.0.0.1:9/hook', types: ['Transfer'] };
    const created = await request(app).post('/v1/subscriptions').set(as('alice-key', 'sub-1')).send(body);
    const replayed = await request(app).post('/v1/subscriptions').set(as('alice-key', 'sub-1')).send(body);
    const listed = await request(app).get('/v1/subscriptions').set(as('alice-key'));

    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(bodyOf(created)).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      types: ['Transfer'],
      account: 'alice',
      state: 'active',
    });
    expect(bodyOf(created).secret).toMatch(/^whsec_/);
    expect(bodyOf(replayed)).toEqual(bodyOf(created));
    const items = bodyOf(listed).items ?? [];
    expect(items.map((item) => [item.subscriptionId, Object.hasOwn(item, 'secret')])).toEqual([[bodyOf(created).subscriptionId, false]]);
  });

  it('refuses a URL off the allow-list with 400 URL_NOT_ALLOWED and stores nothing', async () => {
    const response = await request(app).post('/v1/subscriptions').set(as('bob-key', 'sub-1')).send({ url: 'http://10.1.2.3/hook' });

    expect(response.status).toBe(400);
    expect(bodyOf(response)).toMatchObject({ code: 'URL_NOT_ALLOWED', details: { host: '10.1.2.3' } });
    expect(bodyOf(await request(app).get('/v1/subscriptions').set(as('bob-key'))).items).toEqual([]);
  });

  it('refuses an org admin without an account before reading the body, and hides a subscription from others', async () => {
    const refused = await request(app).post('/v1/subscriptions').set(as('retail-admin-key', 'x')).send({});
    const created = await request(app).post('/v1/subscriptions').set(as('alice-key', 'sub-2')).send({ url: 'http://localhost:9/h' });
    const byBob = await request(app)
      .get(`/v1/subscriptions/${String(bodyOf(created).subscriptionId)}/deliveries`)
      .set(as('bob-key'));

    expect(refused.status).toBe(403);
    expect(bodyOf(refused).code).toBe('FORBIDDEN');
    expect(byBob.status).toBe(404);
    expect(bodyOf(byBob).code).toBe('NOT_FOUND');
  });

  it('needs an Idempotency-Key to create', async () => {
    const response = await request(app).post('/v1/subscriptions').set(as('bob-key')).send({ url: 'http://localhost:9/h' });

    expect(response.status).toBe(400);
    expect(bodyOf(response).code).toBe('VALIDATION_FAILED');
  });
});
