import { ConfigError } from '../src/config';
import { DEFAULT_SECURITY_CONFIG, loadSecurityConfig } from '../src/security/config';

const TOKEN = 'a'.repeat(40);

function problemsOf(env: NodeJS.ProcessEnv, host = '127.0.0.1'): readonly string[] {
  try {
    loadSecurityConfig(env, host);
  } catch (err) {
    if (err instanceof ConfigError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSecurityConfig', () => {
  it('has generous defaults, CORS off, an open /metrics on loopback and a day of grace', () => {
    expect(loadSecurityConfig({}, '127.0.0.1')).toEqual(DEFAULT_SECURITY_CONFIG);
    expect(DEFAULT_SECURITY_CONFIG).toEqual({
      rateLimit: { windowMs: 10_000, limit: 600 },
      corsOrigins: [],
      metricsToken: null,
      trustProxyHops: 0,
      apiKeyGraceSeconds: 86_400,
    });
  });

  it('reads every variable', () => {
    const config = loadSecurityConfig(
      {
        LOULAN_RATE_LIMIT_WINDOW_MS: '60000',
        LOULAN_RATE_LIMIT_MAX: '100000',
        LOULAN_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
        LOULAN_METRICS_TOKEN: TOKEN,
        LOULAN_TRUST_PROXY: '1',
        LOULAN_API_KEY_GRACE_SECONDS: '0',
      },
      '0.0.0.0',
    );

    expect(config).toEqual({
      rateLimit: { windowMs: 60_000, limit: 100_000 },
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      metricsToken: TOKEN,
      trustProxyHops: 1,
      apiKeyGraceSeconds: 0,
    });
  });

  it.each(['localhost', '::1', '[::1]', '127.0.0.2'])('serves /metrics without a token on the loopback address %s', (host) => {
    expect(loadSecurityConfig({}, host).metricsToken).toBeNull();
  });

  it('lists every problem at once', () => {
    expect(
      problemsOf(
        {
          LOULAN_RATE_LIMIT_WINDOW_MS: '10',
          LOULAN_RATE_LIMIT_MAX: '0',
          LOULAN_CORS_ORIGINS: '*,https://app.example.com/,https://ok.example.com',
          LOULAN_METRICS_TOKEN: 'short',
          LOULAN_TRUST_PROXY: 'yes',
          LOULAN_API_KEY_GRACE_SECONDS: '-5',
        },
        '0.0.0.0',
      ),
    ).toEqual([
      'LOULAN_CORS_ORIGINS: "*" is not an origin like https://app.example.com (no path, no wildcard)',
      'LOULAN_CORS_ORIGINS: "https://app.example.com/" is not an origin like https://app.example.com (no path, no wildcard)',
      'LOULAN_METRICS_TOKEN must be 32 to 256 characters of A-Za-z0-9._~+/-',
      'LOULAN_RATE_LIMIT_WINDOW_MS must be an integer between 1000 and 3600000, got "10"',
      'LOULAN_RATE_LIMIT_MAX must be an integer between 1 and 10000000, got "0"',
      'LOULAN_TRUST_PROXY must be an integer between 0 and 10, got "yes"',
      'LOULAN_API_KEY_GRACE_SECONDS must be an integer between 0 and 2592000, got "-5"',
    ]);
  });

  it('requires a metrics token when the gateway listens beyond loopback', () => {
    expect(problemsOf({}, '0.0.0.0')).toEqual([
      'LOULAN_METRICS_TOKEN is required when LOULAN_GATEWAY_HOST (0.0.0.0) is not a loopback address',
    ]);
  });
});
