import { ConfigError } from '../../config';
import { envReader, postgresUrlProblem } from '../../env';

/** Where subscriptions live: the gateway's SQLite database, or PostgreSQL (`LOULAN_WEBHOOK_STORE`). */
export type WebhookStoreConfig = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly pgUrl: string };

/** Settings of webhook delivery (README, Configuration). */
export interface WebhooksConfig {
  readonly store: WebhookStoreConfig;
  /** Hosts a subscription's URL may name (`LOULAN_WEBHOOK_ALLOWED_HOSTS`, comma separated). */
  readonly allowedHosts: readonly string[];
  /** How long a receiver has to answer (`LOULAN_WEBHOOK_TIMEOUT_MS`). */
  readonly timeoutMs: number;
  /** The wait after a first failed attempt; it doubles with each further one (`LOULAN_WEBHOOK_BACKOFF_MS`). */
  readonly backoffBaseMs: number;
  /** The longest wait between two attempts. */
  readonly backoffMaxMs: number;
  /** Attempts at one event before a subscription is dead-lettered, unless it asks for fewer or more (`LOULAN_WEBHOOK_MAX_ATTEMPTS`). */
  readonly maxAttempts: number;
  /** How often the dispatcher looks for retries that have come due. */
  readonly pollMs: number;
  /** Events read from the read model per subscription and pass. */
  readonly batchSize: number;
  /** Subscriptions delivered to at once. */
  readonly concurrency: number;
  /** Live subscriptions one member may hold. */
  readonly maxPerMember: number;
}

/** Loopback only: a gateway calls no other host until its operator says so. */
export const DEFAULT_WEBHOOKS_CONFIG: WebhooksConfig = {
  store: { kind: 'sqlite' },
  allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
  timeoutMs: 10_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 3_600_000,
  maxAttempts: 16,
  pollMs: 1_000,
  batchSize: 100,
  concurrency: 8,
  maxPerMember: 20,
};

/** Most attempts a subscription may ask for: from 1 s the waits reach the one-hour cap at the 13th, so 20 span 4 to 8 hours. */
export const MAX_ATTEMPTS_LIMIT = 20;

const HOST_ENTRY = /^(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/;

/**
 * Reads `LOULAN_WEBHOOK_STORE` (`sqlite` or `postgres`, then `LOULAN_WEBHOOK_PG_URL`),
 * `LOULAN_WEBHOOK_ALLOWED_HOSTS`, `LOULAN_WEBHOOK_TIMEOUT_MS`, `LOULAN_WEBHOOK_BACKOFF_MS` and
 * `LOULAN_WEBHOOK_MAX_ATTEMPTS`.
 *
 * @throws ConfigError listing every invalid value
 */
export function loadWebhooksConfig(env: NodeJS.ProcessEnv): WebhooksConfig {
  const problems: string[] = [];
  const { integer, read } = envReader(env, problems);
  const hosts = read('LOULAN_WEBHOOK_ALLOWED_HOSTS')
    ?.split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  const badHosts = (hosts ?? []).filter((host) => !HOST_ENTRY.test(host));
  if (badHosts.length > 0) {
    problems.push(`LOULAN_WEBHOOK_ALLOWED_HOSTS has entries that are not host names: ${badHosts.join(', ')}`);
  }
  const config: WebhooksConfig = {
    ...DEFAULT_WEBHOOKS_CONFIG,
    store: storeOf(read, problems),
    allowedHosts: hosts ?? DEFAULT_WEBHOOKS_CONFIG.allowedHosts,
    timeoutMs: integer('LOULAN_WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOKS_CONFIG.timeoutMs, 100, 60_000),
    backoffBaseMs: integer('LOULAN_WEBHOOK_BACKOFF_MS', DEFAULT_WEBHOOKS_CONFIG.backoffBaseMs, 10, 600_000),
    maxAttempts: integer('LOULAN_WEBHOOK_MAX_ATTEMPTS', DEFAULT_WEBHOOKS_CONFIG.maxAttempts, 1, MAX_ATTEMPTS_LIMIT),
  };
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}

function storeOf(read: (name: string) => string | undefined, problems: string[]): WebhookStoreConfig {
  const kind = read('LOULAN_WEBHOOK_STORE') ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres') {
    problems.push(`LOULAN_WEBHOOK_STORE must be sqlite or postgres, got "${kind}"`);
    return DEFAULT_WEBHOOKS_CONFIG.store;
  }
  if (kind === 'sqlite') {
    return { kind };
  }
  const pgUrl = read('LOULAN_WEBHOOK_PG_URL') ?? '';
  const problem = postgresUrlProblem('LOULAN_WEBHOOK_PG_URL', pgUrl, 'LOULAN_WEBHOOK_STORE');
  if (problem !== null) {
    problems.push(problem);
  }
  return { kind, pgUrl };
}

/**
 * The wait before the attempt after `failedAttempts` failures: exponential from the base up to the
 * cap, then "equal jitter" (half fixed, half random), so receivers that fail together are not all
 * retried at the same instant yet no retry comes sooner than half its nominal wait.
 *
 * @param random - a number in [0, 1)
 */
export function backoffMs(config: Pick<WebhooksConfig, 'backoffBaseMs' | 'backoffMaxMs'>, failedAttempts: number, random: number): number {
  const nominal = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random);
}
