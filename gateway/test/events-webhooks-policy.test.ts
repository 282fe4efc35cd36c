import { ConfigError } from '../src/config';
import { AppError } from '../src/errors';
import { backoffMs, DEFAULT_WEBHOOKS_CONFIG, loadWebhooksConfig } from '../src/events/webhooks/config';
import { signDelivery, verifyDelivery } from '../src/events/webhooks/signature';
import { allowedWebhookUrl } from '../src/events/webhooks/url-policy';

const LOOPBACK = DEFAULT_WEBHOOKS_CONFIG.allowedHosts;

/** The code and message of what `check` throws. */
function refusal(check: () => unknown): [string, string] {
  try {
    check();
  } catch (err) {
    return [err instanceof AppError ? err.code : 'not an AppError', err instanceof Error ? err.message : String(err)];
  }
  throw new Error('nothing was thrown');
}

describe('webhook URL allow-list', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'http://127.0.0.1:8080/hook'],
    ['HTTP://LOCALHOST:9/a#frag', 'http://localhost:9/a'],
    ['https://[::1]/x', 'https://[::1]/x'],
    // The WHATWG parser turns these spellings into 127.0.0.1, which the list allows.
    ['http://2130706433/', 'http://127.0.0.1/'],
    ['http://0x7f.1/', 'http://127.0.0.1/'],
  ])('allows %s as %s', (url, normalised) => {
    expect(allowedWebhookUrl(url, LOOPBACK)).toBe(normalised);
  });

  it.each([
    ['http://10.0.0.5/hook', 'not on this gateway'],
    ['http://169.254.169.254/latest/meta-data', 'not on this gateway'],
    ['http://127.0.0.1.nip.io/', 'not on this gateway'],
    ['ftp://127.0.0.1/', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['not a url', 'http or https'],
    ['http://user:pw@127.0.0.1/', 'credentials'],
  ])('refuses %s with URL_NOT_ALLOWED', (url, reason) => {
    const [code, text] = refusal(() => allowedWebhookUrl(url, LOOPBACK));
    expect(code).toBe('URL_NOT_ALLOWED');
    expect(text).toContain(reason);
  });

  it('allows the sub-domains of a wildcard entry, not the domain itself or look-alikes', () => {
    const hosts = ['*.hooks.example.com'];
    expect(allowedWebhookUrl('https://a.hooks.example.com/x', hosts)).toBe('https://a.hooks.example.com/x');
    expect(refusal(() => allowedWebhookUrl('https://hooks.example.com/x', hosts))[0]).toBe('URL_NOT_ALLOWED');
    expect(refusal(() => allowedWebhookUrl('https://evilhooks.example.com/x', hosts))[0]).toBe('URL_NOT_ALLOWED');
  });
});

describe('webhook signature', () => {
  const secret = 'whsec_0123456789abcdef0123456789abcdef';
  const body = '{"id":"5-0"}';

  it('verifies its own signature within the tolerance and names the time it signed', () => {
    const header = signDelivery(secret, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyDelivery(secret, body, header, 1_700_000_299)).toBe(true);
  });

  it('refuses another body, another secret, an old signature and a malformed header', () => {
    const header = signDelivery(secret, body, 1_700_000_000);
    expect(verifyDelivery(secret, '{"id":"5-1"}', header, 1_700_000_000)).toBe(false);
    expect(verifyDelivery(`${secret}x`, body, header, 1_700_000_000)).toBe(false);
    expect(verifyDelivery(secret, body, header, 1_700_000_301)).toBe(false);
    expect(verifyDelivery(secret, body, 'v1=abc', 1_700_000_000)).toBe(false);
    expect(verifyDelivery(secret, body, header.replace(/v1=.*/, 'v1=00'), 1_700_000_000)).toBe(false);
  });
});

describe('webhook backoff and configuration', () => {
  const config = { backoffBaseMs: 1_000, backoffMaxMs: 60_000 };

  it('doubles from the base up to the cap, never below half its nominal wait', () => {
    expect([1, 2, 3, 4].map((failed) => backoffMs(config, failed, 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((failed) => backoffMs(config, failed, 0.999_999))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(config, 30, 0.5)).toBe(45_000);
  });

  it('reads the allow-list and the limits, and refuses what is not a host or out of range', () => {
    expect(
      loadWebhooksConfig({ LOULAN_WEBHOOK_ALLOWED_HOSTS: 'Hooks.Example.com, *.shop.cn', LOULAN_WEBHOOK_MAX_ATTEMPTS: '3' }),
    ).toMatchObject({
      allowedHosts: ['hooks.example.com', '*.shop.cn'],
      maxAttempts: 3,
    });
    expect(() => loadWebhooksConfig({ LOULAN_WEBHOOK_ALLOWED_HOSTS: 'http://x.cn/', LOULAN_WEBHOOK_TIMEOUT_MS: '5' })).toThrow(ConfigError);
    expect(loadWebhooksConfig({}).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  it('keeps subscriptions in SQLite unless PostgreSQL is chosen with a URL, which is never echoed', () => {
    expect(loadWebhooksConfig({}).store).toEqual({ kind: 'sqlite' });
    expect(loadWebhooksConfig({ LOULAN_WEBHOOK_STORE: 'postgres', LOULAN_WEBHOOK_PG_URL: 'postgres://u:pw@db:5432/x' }).store).toEqual({
      kind: 'postgres',
      pgUrl: 'postgres://u:pw@db:5432/x',
    });
    expect(() => loadWebhooksConfig({ LOULAN_WEBHOOK_STORE: 'postgres' })).toThrow(/LOULAN_WEBHOOK_PG_URL is required/);
    expect(() => loadWebhooksConfig({ LOULAN_WEBHOOK_STORE: 'postgres', LOULAN_WEBHOOK_PG_URL: 'mysql://u:secret@db/x' })).toThrow(
      /must start with postgres:\/\//,
    );
    expect(() => loadWebhooksConfig({ LOULAN_WEBHOOK_STORE: 'postgres', LOULAN_WEBHOOK_PG_URL: 'mysql://u:secret@db/x' })).not.toThrow(
      /secret/,
    );
    expect(() => loadWebhooksConfig({ LOULAN_WEBHOOK_STORE: 'mongo' })).toThrow(/sqlite or postgres/);
  });
});
