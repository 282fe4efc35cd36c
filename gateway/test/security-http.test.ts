import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';

import { createApp } from '../src/app';
import { explorerRoutes } from '../src/explorer/routes';
import { swaggerUiScriptStyles } from '../src/http/docs.routes';
import { openApiDocument } from '../src/http/openapi';
import { DEFAULT_SECURITY_CONFIG, type SecurityConfig } from '../src/security/config';
import { hashSource, inlineStylesOf } from '../src/security/headers';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { bodyOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const ALICE_KEY = `llk_${'a'.repeat(64)}`;
const BOB_KEY = `llk_${'b'.repeat(64)}`;
const members = { [ALICE_KEY]: testMember(), [BOB_KEY]: testMember({ memberId: 'bob', account: 'bob' }) };
const METRICS_TOKEN = 'scrape-token-0123456789abcdef0123456789';

function appWith(security: Partial<SecurityConfig> = {}): ReturnType<typeof createApp> {
  return createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    security: { ...DEFAULT_SECURITY_CONFIG, ...security },
  });
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== undefined && words[0] !== '')
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  it('give an API answer the strict policy: nothing may load, never framed, no sniffing', async () => {
    const response = await request(appWith()).get('/v1/members/me').set('Authorization', `Bearer ${ALICE_KEY}`);

    expect(response.status).toBe(200);
    expect(directives(response.headers['content-security-policy'])).toEqual({
      'default-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': match.stringContaining('max-age='),
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('are on refusals too (401, 404)', async () => {
    const app = appWith();

    for (const response of [await request(app).get('/v1/members/me'), await request(app).get('/nowhere')]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(directives(response.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
    }
  });

  it('give the explorer page its own policy: its inline style by hash, scripts from the gateway, no unsafe-inline', async () => {
    const response = await request(appWith()).get('/explorer');

    const csp = directives(response.headers['content-security-policy']);
    const styles = inlineStylesOf(response.text);
    expect(response.status).toBe(200);
    expect(styles.elements).toHaveLength(1);
    expect(csp['style-src']).toEqual(["'self'", hashSource(styles.elements[0] ?? '')]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('put the page policy on the explorer page only, not on its scripts', async () => {
    const assets = mkdtempSync(join(tmpdir(), 'loulan-explorer-'));
    mkdirSync(join(assets, 'client'));
    writeFileSync(join(assets, 'client/main.js'), 'export {};\n');
    const express = (await import('express')).default;
    const app = express();
    app.use(explorerRoutes(assets));

    const response = await request(app).get('/explorer/app/client/main.js');

    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toBeUndefined();
  });

  it('give Swagger UI a policy that allows exactly the inline styles of its page and scripts', async () => {
    const response = await request(appWith()).get('/docs/');

    const csp = directives(response.headers['content-security-policy']);
    const page = inlineStylesOf(response.text);
    const scriptStyles = swaggerUiScriptStyles();
    expect(response.status).toBe(200);
    expect(page.elements.length).toBeGreaterThan(0);
    // The logo of the top bar: the one <style> React renders (swagger-ui-standalone-preset.js).
    expect(scriptStyles).toEqual(expect.arrayContaining([expect.stringContaining('.logo_small_svg__cls-2')]));
    for (const style of [...page.elements, ...scriptStyles]) {
      expect(csp['style-src']).toContain(hashSource(style));
    }
    expect(csp['style-src-attr']).toEqual(["'unsafe-hashes'", ...page.attributes.map(hashSource)]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});

describe('rate limit', () => {
  const limited = { rateLimit: { windowMs: 60_000, limit: 2 } };

  it('counts per member and answers the third request 429 RATE_LIMITED with Retry-After', async () => {
    const app = appWith(limited);
    const me = (key: string): request.Test => request(app).get('/v1/members/me').set('Authorization', `Bearer ${key}`);

    const first = await me(ALICE_KEY);
    await me(ALICE_KEY);
    const third = await me(ALICE_KEY).set('X-Request-Id', 'r-429');
    const bob = await me(BOB_KEY);

    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toMatch(/^"loulan"; q=2; w=60; pk=:[A-Za-z0-9+/=]+:$/);
    expect(first.headers['ratelimit']).toMatch(/^"loulan"; r=1; t=\d+$/);
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(third.headers['ratelimit']).toMatch(/^"loulan"; r=0; t=\d+$/);
    expect(third.body).toEqual({
      code: 'RATE_LIMITED',
      message: match.stringMatching(/^more than 2 requests within 60 s; retry after \d+ s$/),
      details: { limit: 2, windowSeconds: 60, retryAfterSeconds: Number(third.headers['retry-after']) },
      requestId: 'r-429',
    });
    // Another member has a budget of its own.
    expect(bob.status).toBe(200);
  });

  it('counts refused keys and anonymous routes against the client address, not against a member', async () => {
    const app = appWith(limited);

    expect(
      (
        await request(app)
          .get('/v1/members/me')
          .set('Authorization', `Bearer llk_${'0'.repeat(64)}`)
      ).status,
    ).toBe(401);
    expect((await request(app).get('/healthz')).status).toBe(200);
    const third = await request(app).get('/openapi.json');
    const member = await request(app).get('/v1/members/me').set('Authorization', `Bearer ${ALICE_KEY}`);

    expect(third.status).toBe(429);
    expect(bodyOf(third).code).toBe('RATE_LIMITED');
    expect(member.status).toBe(200);
  });

  it('starts a fresh window once the old one is over', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const app = appWith({ rateLimit: { windowMs: 1_000, limit: 1 } });
      const me = (): request.Test => request(app).get('/v1/members/me').set('Authorization', `Bearer ${ALICE_KEY}`);
      expect((await me()).status).toBe(200);
      expect((await me()).status).toBe(429);

      jest.advanceTimersByTime(1_001);

      expect((await me()).status).toBe(200);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the 429 answer and its headers on every operation, since every route is rate limited', () => {
    const document = openApiDocument();
    const paths = document['paths'] as Record<string, Record<string, { responses: Record<string, unknown> }>>;

    const without = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.responses['429'] === undefined)
        .map(([method]) => `${method} ${path}`),
    );
    expect(without).toEqual([]);
    expect(paths['/v1/points/mint']?.['post']?.responses['429']).toEqual({ $ref: '#/components/responses/RateLimited' });
    const components = document['components'] as { responses: Record<string, { headers: Record<string, unknown> }> };
    expect(Object.keys(components.responses['RateLimited']?.headers ?? {})).toEqual(['Retry-After', 'RateLimit', 'RateLimit-Policy']);
  });
});

describe('CORS', () => {
  it('is off unless configured: no CORS header for any origin', async () => {
    const response = await request(appWith()).get('/healthz').set('Origin', 'https://app.example.com');

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the configured origins only, preflights included, before authentication', async () => {
    const app = appWith({ corsOrigins: ['https://app.example.com'] });

    const preflight = await request(app)
      .options('/v1/points/mint')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
    const allowed = await request(app).get('/v1/members/me').set('Origin', 'https://app.example.com');
    const other = await request(app).get('/v1/members/me').set('Origin', 'https://evil.example.com');

    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(preflight.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,Idempotency-Key,X-Request-Id');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    expect(allowed.status).toBe(401);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('/metrics', () => {
  it('needs the scrape token as a bearer token when one is configured', async () => {
    const app = appWith({ metricsToken: METRICS_TOKEN });

    const missing = await request(app).get('/metrics');
    const wrong = await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`);
    const memberKey = await request(app).get('/metrics').set('Authorization', `Bearer ${ALICE_KEY}`);
    const right = await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);

    for (const refused of [missing, wrong, memberKey]) {
      expect(refused.status).toBe(401);
      expect(bodyOf(refused).code).toBe('UNAUTHENTICATED');
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    }
    expect(right.status).toBe(200);
    expect(right.text).toContain('loulan_http_requests_total');
  });

  it('is open without a token (the configuration allows that on loopback only)', async () => {
    expect((await request(appWith()).get('/metrics')).status).toBe(200);
  });
});
