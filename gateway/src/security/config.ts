import { isIP } from 'node:net';

import { ConfigError } from '../config';
import { envReader } from '../env';

/** Requests allowed per client within a window (express-rate-limit's fixed window). */
export interface RateLimitConfig {
  readonly windowMs: number;
  readonly limit: number;
}

/** Validated HTTP hardening settings; see gateway/README.md for the matching environment variables. */
export interface SecurityConfig {
  readonly rateLimit: RateLimitConfig;
  /** Browser origins allowed to call the API cross-origin; empty turns CORS off (no CORS headers at all). */
  readonly corsOrigins: readonly string[];
  /** Bearer token `/metrics` requires; null serves it without one (only allowed on a loopback address). */
  readonly metricsToken: string | null;
  /** Reverse proxies in front of the gateway whose X-Forwarded-For is trusted; 0 uses the socket address. */
  readonly trustProxyHops: number;
  /** How long a member's other API keys keep working after it rotates, at most. */
  readonly apiKeyGraceSeconds: number;
}

/**
 * The defaults, also what `createApp` uses when given no security settings (tests): generous enough
 * for the integration suites and the benchmark, which send hundreds of requests per second in total
 * but spread over many members.
 */
export const DEFAULT_SECURITY_CONFIG: SecurityConfig = {
  rateLimit: { windowMs: 10_000, limit: 600 },
  corsOrigins: [],
  metricsToken: null,
  trustProxyHops: 0,
  apiKeyGraceSeconds: 86_400,
};

// Long enough that it cannot be guessed, and token68 so it fits a bearer header as is.
const METRICS_TOKEN_PATTERN = /^[A-Za-z0-9._~+/-]{32,256}$/;
const MAX_GRACE_SECONDS = 30 * 86_400;

/**
 * Reads `LOULAN_RATE_LIMIT_WINDOW_MS`, `LOULAN_RATE_LIMIT_MAX`, `LOULAN_CORS_ORIGINS`,
 * `LOULAN_METRICS_TOKEN`, `LOULAN_TRUST_PROXY` and `LOULAN_API_KEY_GRACE_SECONDS`.
 *
 * @param httpHost - the address the gateway binds (`LOULAN_GATEWAY_HOST`): `/metrics` needs a token
 *   unless it is a loopback address
 * @throws ConfigError listing every invalid variable
 */
export function loadSecurityConfig(env: NodeJS.ProcessEnv, httpHost: string): SecurityConfig {
  const problems: string[] = [];
  const { read, integer } = envReader(env, problems);

  const defaults = DEFAULT_SECURITY_CONFIG;
  const corsOrigins = (read('LOULAN_CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) {
      problems.push(`LOULAN_CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (no path, no wildcard)`);
    }
  }
  const metricsToken = read('LOULAN_METRICS_TOKEN') ?? null;
  if (metricsToken !== null && !METRICS_TOKEN_PATTERN.test(metricsToken)) {
    problems.push('LOULAN_METRICS_TOKEN must be 32 to 256 characters of A-Za-z0-9._~+/-');
  }
  if (metricsToken === null && !isLoopback(httpHost)) {
    problems.push(`LOULAN_METRICS_TOKEN is required when LOULAN_GATEWAY_HOST (${httpHost}) is not a loopback address`);
  }
  const config: SecurityConfig = {
    rateLimit: {
      windowMs: integer('LOULAN_RATE_LIMIT_WINDOW_MS', defaults.rateLimit.windowMs, 1_000, 3_600_000),
      limit: integer('LOULAN_RATE_LIMIT_MAX', defaults.rateLimit.limit, 1, 10_000_000),
    },
    corsOrigins,
    metricsToken,
    trustProxyHops: integer('LOULAN_TRUST_PROXY', defaults.trustProxyHops, 0, 10),
    apiKeyGraceSeconds: integer('LOULAN_API_KEY_GRACE_SECONDS', defaults.apiKeyGraceSeconds, 0, MAX_GRACE_SECONDS),
  };
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}

/** An `http(s)://host[:port]` origin exactly as browsers send it in the Origin header. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1') {
    return true;
  }
  return isIP(bare) === 4 && bare.startsWith('127.');
}
