/**
 * Gateway hardening through REST on the real network (docs/security.md, "OWASP API Security Top 10"
 * and "Member keys"): API key rotation with a grace period, revocation and member disabling (with
 * the revocation of the member's identity at its org's Fabric CA), the org-admin role kept out of
 * the read model, the read-model rebuild for the platform admin alone, security headers and a
 * Content-Security-Policy that the explorer and Swagger UI load under without a violation in
 * Chromium, rate-limit headers, and — on a second gateway process of its own, started by this file
 * against the same network with a low limit — 429 with Retry-After, the /metrics scrape token and CORS.
 *
 * Needs Debian's chromium (network/install-browser.sh) or CHROMIUM_PATH, and a built gateway
 * (gateway/dist/main.js, which `make up` builds) for the second process.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { chromium } from 'playwright-core';

import { anyString, defined } from '../../support/assertions';
import { gatewayEnv, gatewayUrl } from '../../support/fabric';
import { ROOT_DIR } from '../../support/network';
import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

jest.setTimeout(180_000);

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));

/** DELETE with an API key (the shared RestClient has no DELETE). */
async function del(apiKey: string, path: string, base = gatewayUrl()): Promise<RestResponse & { headers: Headers }> {
  const response = await fetch(`${base}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${apiKey}` } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), headers: response.headers };
}

/** GET with an API key (or none), keeping the headers. */
async function get(path: string, apiKey?: string, base = gatewayUrl(), extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }), ...extra } });
}

/** Registers a member and answers its API key. */
async function enrol(admin: RestClient, memberId: string, role: string): Promise<{ apiKey: string; keyId: string }> {
  const response = await admin.post('/v1/members', { memberId, role });
  if (response.status !== 201 || typeof response.body.apiKey !== 'string' || typeof response.body.keyId !== 'string') {
    throw new Error(`enrolling ${memberId} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { apiKey: response.body.apiKey, keyId: response.body.keyId };
}

function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') {
    throw new Error(`expected a string in '${field}' of ${JSON.stringify(body)}`);
  }
  return value;
}

/** The directives of a Content-Security-Policy header, by name. */
function csp(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => (words[0] ?? '') !== '')
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('API keys: rotation, revocation, disabling', () => {
  const merchantId = uniqueId('m-hardening');
  let first: { apiKey: string; keyId: string };
  let second: { apiKey: string; keyId: string };

  beforeAll(async () => {
    first = await enrol(retailAdmin, merchantId, 'merchant');
  });

  it('a member rotates its key: the new key works at once, the old one keeps working through the grace period', async () => {
    const rotated = await new RestClient(first.apiKey).post(`/v1/members/${merchantId}/keys`, {});

    expect(rotated.status).toBe(201);
    second = { apiKey: stringField(rotated.body, 'apiKey'), keyId: stringField(rotated.body, 'keyId') };
    expect(second.keyId).not.toBe(first.keyId);
    expect(Date.parse(stringField(rotated.body, 'previousKeysExpireAt'))).toBeGreaterThan(Date.now());
    const me = await new RestClient(second.apiKey).get('/v1/members/me');
    expect(me).toMatchObject({ status: 200, body: { memberId: merchantId, keyId: second.keyId } });
    expect((await new RestClient(first.apiKey).get('/v1/members/me')).status).toBe(200);

    const keys = await new RestClient(second.apiKey).get(`/v1/members/${merchantId}/keys`);
    expect(keys.body.items).toEqual([
      expect.objectContaining({ keyId: first.keyId, status: 'live', expiresAt: rotated.body.previousKeysExpireAt, current: false }),
      expect.objectContaining({ keyId: second.keyId, status: 'live', expiresAt: null, current: true }),
    ]);
  });

  it('a revoked key is refused 401 at once; the member keeps working with its other key', async () => {
    const revoked = await del(second.apiKey, `/v1/members/${merchantId}/keys/${first.keyId}`);

    expect(revoked).toMatchObject({ status: 200, body: { keyId: first.keyId, status: 'revoked' } });
    const refused = await get('/v1/members/me', first.apiKey);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await refused.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await new RestClient(second.apiKey).get('/v1/members/me')).status).toBe(200);
  });

  it("the org admin rotates a member's key with no grace: the previous key stops at once", async () => {
    const rotated = await retailAdmin.post(`/v1/members/${merchantId}/keys`, { graceSeconds: 0 });

    expect(rotated.status).toBe(201);
    expect((await get('/v1/members/me', second.apiKey)).status).toBe(401);
    const third = stringField(rotated.body, 'apiKey');
    expect(await new RestClient(third).get('/v1/members/me')).toMatchObject({ status: 200, body: { memberId: merchantId } });
  });

  it("refuses another member 403 and another organisation's admin 404", async () => {
    const auditor = await registerMember(platformAdmin, uniqueId('aud-hardening'), 'auditor');

    expect((await auditor.get(`/v1/members/${merchantId}/keys`)).status).toBe(403);
    expect((await auditor.post(`/v1/members/${merchantId}/keys`, {})).status).toBe(403);
    expect((await platformAdmin.get(`/v1/members/${merchantId}/keys`)).status).toBe(404);
    expect((await platformAdmin.post(`/v1/members/${merchantId}/disable`, undefined)).status).toBe(404);
  });

  it('a disabled member is refused 401 on every key, its identity revoked at the org CA', async () => {
    const memberId = uniqueId('m-disabled');
    const key1 = await enrol(retailAdmin, memberId, 'merchant');
    const key2 = stringField((await new RestClient(key1.apiKey).post(`/v1/members/${memberId}/keys`, {})).body, 'apiKey');
    expect((await new RestClient(key1.apiKey).post(`/v1/members/${memberId}/disable`, undefined)).status).toBe(403);

    const disabled = await retailAdmin.post(`/v1/members/${memberId}/disable`, undefined);

    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ memberId, disabledAt: anyString(), certificateRevokedAt: anyString() });
    expect(disabled.body.revokedCertificates).toEqual([expect.objectContaining({ serial: anyString(), aki: anyString() })]);
    expect(stringField(disabled.body, 'crlPem')).toMatch(/^-----BEGIN X509 CRL-----/);
    for (const apiKey of [key1.apiKey, key2]) {
      expect((await get('/v1/members/me', apiKey)).status).toBe(401);
    }
    // Repeating changes nothing and asks nothing more of the CA; a disabled member gets no new key.
    const again = await retailAdmin.post(`/v1/members/${memberId}/disable`, undefined);
    expect(again).toMatchObject({ status: 200, body: { disabledAt: disabled.body.disabledAt, revokedCertificates: [], crlPem: null } });
    expect((await retailAdmin.post(`/v1/members/${memberId}/keys`, {})).status).toBe(409);
  });
});

describe('roles', () => {
  let auditor: RestClient;

  beforeAll(async () => {
    auditor = await registerMember(platformAdmin, uniqueId('aud-rm-hardening'), 'auditor');
  });

  it('shows the retail admin as org-admin and the platform admin as admin', async () => {
    expect((await retailAdmin.get('/v1/members/me')).body).toMatchObject({ memberId: 'retail-admin', role: 'org-admin', account: null });
    expect((await platformAdmin.get('/v1/members/me')).body).toMatchObject({
      memberId: 'platform-admin',
      role: 'admin',
      account: 'treasury',
    });
  });

  it('refuses a retail org admin the read model (reads and rebuild) and the auditor view', async () => {
    expect((await retailAdmin.get('/v1/readmodel/status')).status).toBe(403);
    expect((await retailAdmin.get('/v1/readmodel/totals?accounts=treasury')).status).toBe(403);
    expect((await retailAdmin.post('/v1/readmodel/rebuild', {})).status).toBe(403);
    expect((await retailAdmin.get('/v1/audit/chain')).status).toBe(403);
  });

  it('lets an auditor read the read model but refuses it the rebuild', async () => {
    expect((await auditor.get('/v1/readmodel/status')).status).toBe(200);
    const rebuild = await auditor.post('/v1/readmodel/rebuild', {});
    expect(rebuild).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});

describe('security headers and rate-limit headers', () => {
  it('are on an API answer: strict CSP, nosniff, no framing, RateLimit headers of the member', async () => {
    const response = await get('/v1/members/me', orgAdminKey('platform'));

    expect(response.status).toBe(200);
    expect(csp(response.headers.get('content-security-policy'))).toMatchObject({
      'default-src': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('ratelimit-policy')).toMatch(/^"loulan"; q=\d+; w=\d+; pk=:[A-Za-z0-9+/=]+:$/);
    expect(response.headers.get('ratelimit')).toMatch(/^"loulan"; r=\d+; t=\d+$/);
  });

  it.each(['/explorer', '/docs/'])('are on %s, with a page policy that allows no inline script and no unsafe-inline', async (path) => {
    const response = await get(path);

    expect(response.status).toBe(200);
    const policy = csp(response.headers.get('content-security-policy'));
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['style-src']).toEqual(expect.arrayContaining([expect.stringMatching(/^'sha256-/)]));
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('ratelimit')).toMatch(/^"loulan"; r=\d+; t=\d+$/);
  });

  it('lets the explorer and Swagger UI load in Chromium without a single CSP violation', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    try {
      const violations: string[] = [];
      const page = await browser.newPage();
      await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
      // Browser code as text: this workspace compiles without the DOM types.
      await page.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (event) =>
          window.reportViolation(location.pathname + ': ' + event.violatedDirective + ' ' + event.blockedURI));`,
      });
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) {
          violations.push(message.text());
        }
      });

      await page.goto(`${gatewayUrl()}/docs/`);
      await page.locator('.opblock').first().waitFor();
      await page.goto(`${gatewayUrl()}/explorer`);
      await page.getByTestId('api-key').fill(orgAdminKey('platform'));
      await page.getByTestId('login-submit').click();
      await page.getByTestId('chain-height').waitFor();

      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** A second gateway process on the same network, with settings of its own and a database of its own. */
interface OwnGateway {
  readonly url: string;
  stop(): Promise<void>;
}

async function startOwnGateway(overrides: Record<string, string>): Promise<OwnGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-hardening-gateway-'));
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn('node', [join(ROOT_DIR, 'gateway/dist/main.js')], {
    env: {
      ...process.env,
      ...gatewayEnv(),
      LOULAN_GATEWAY_PORT: '0',
      LOULAN_DB_FILE: join(dir, 'gateway.db'),
      LOULAN_LOG_LEVEL: 'info',
      // Only the HTTP layer is under test: no block listener, no background probes.
      LOULAN_READMODEL_ENABLED: 'false',
      LOULAN_ORDERING_PROBE_INTERVAL_MS: '0',
      LOULAN_COUPONS_MATCH_INTERVAL_MS: '0',
      ...overrides,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the second gateway did not listen within 30 s: ${output.join('')}`));
    }, 30_000);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        const match = /"url":"(http:\/\/[^"]+)".*"msg":"gateway listening"/.exec(line);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the second gateway exited with ${String(code)}: ${output.join('')}`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, stop };
}

describe('a gateway with a low rate limit, a metrics token and CORS', () => {
  const LIMIT = 3;
  const METRICS_TOKEN = randomBytes(24).toString('hex');
  const ORIGIN = 'https://app.example.test';
  let own: OwnGateway | undefined;

  /** The second gateway's URL: beforeAll starts it. */
  function ownUrl(): string {
    return defined(own, 'the second gateway').url;
  }

  beforeAll(async () => {
    own = await startOwnGateway({
      LOULAN_RATE_LIMIT_MAX: String(LIMIT),
      LOULAN_RATE_LIMIT_WINDOW_MS: '600000',
      LOULAN_METRICS_TOKEN: METRICS_TOKEN,
      LOULAN_CORS_ORIGINS: ORIGIN,
    });
  });

  afterAll(async () => {
    await own?.stop();
  });

  it('answers 429 RATE_LIMITED with Retry-After and RateLimit headers past the limit; another member is unaffected', async () => {
    const answers: Response[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      answers.push(await get('/v1/members/me', orgAdminKey('platform'), ownUrl()));
    }
    const refused = answers[LIMIT];

    expect(answers.slice(0, LIMIT).map((answer) => answer.status)).toEqual(Array.from({ length: LIMIT }, () => 200));
    expect(refused?.status).toBe(429);
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(refused?.headers.get('ratelimit')).toMatch(/^"loulan"; r=0; t=\d+$/);
    expect(refused?.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"loulan"; q=${LIMIT}; w=600; `));
    expect(await refused?.json()).toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: LIMIT, windowSeconds: 600, retryAfterSeconds: retryAfter },
    });
    expect((await get('/v1/members/me', orgAdminKey('retail'), ownUrl())).status).toBe(200);
  });

  it('serves /metrics only with the scrape token', async () => {
    const anonymous = await get('/metrics', undefined, ownUrl());
    const member = await get('/metrics', orgAdminKey('retail'), ownUrl());
    const scraper = await get('/metrics', METRICS_TOKEN, ownUrl());

    expect(anonymous.status).toBe(401);
    expect(member.status).toBe(401);
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('loulan_http_requests_total');
  });

  it('answers CORS to the configured origin only', async () => {
    const allowed = await get('/v1/members/me', orgAdminKey('bank'), ownUrl(), { origin: ORIGIN });
    const other = await get('/v1/members/me', orgAdminKey('bank'), ownUrl(), { origin: 'https://elsewhere.example.test' });
    const main = await get('/v1/members/me', orgAdminKey('bank'), gatewayUrl(), { origin: ORIGIN });

    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // The gateway of `make up` configures no origin: CORS is off there.
    expect(main.headers.get('access-control-allow-origin')).toBeNull();
  });
});
