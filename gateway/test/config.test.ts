import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, loadConfig } from '../src/config';

const dir = mkdtempSync(join(tmpdir(), 'loulan-config-test-'));
const pemFile = join(dir, 'any.pem');
writeFileSync(pemFile, 'not parsed by loadConfig');

// The members module's variables; their own validation is tested in members-config.test.ts.
const membersEnv: NodeJS.ProcessEnv = {
  LOULAN_DB_FILE: join(dir, 'gateway.db'),
  LOULAN_MASTER_KEY_FILE: pemFile,
  LOULAN_ORGS: 'platform',
  LOULAN_ORG_PLATFORM_MSP_ID: 'PlatformMSP',
  LOULAN_ORG_PLATFORM_CA_URL: 'https://127.0.0.1:7054',
  LOULAN_ORG_PLATFORM_CA_TLS_CERT_FILE: pemFile,
  LOULAN_ORG_PLATFORM_ADMIN_CERT_FILE: pemFile,
  LOULAN_ORG_PLATFORM_ADMIN_KEY_FILE: pemFile,
  LOULAN_ORG_PLATFORM_ADMIN_API_KEY_FILE: pemFile,
};

function validEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    LOULAN_PEER_ENDPOINT: 'localhost:7051',
    LOULAN_PEER_TLS_CA_FILE: pemFile,
    LOULAN_MSP_ID: 'Org1MSP',
    LOULAN_IDENTITY_CERT_FILE: pemFile,
    LOULAN_IDENTITY_KEY_FILE: pemFile,
    ...membersEnv,
    ...overrides,
  };
}

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(validEnv());

    expect(config).toEqual({
      http: { host: '127.0.0.1', port: 3000 },
      peer: { endpoint: 'localhost:7051', tlsCaFile: pemFile },
      identity: { mspId: 'Org1MSP', certFile: pemFile, keyFile: pemFile },
      channel: 'loulan',
      chaincode: 'loulan',
      logLevel: 'info',
      timeouts: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000, writeMs: 20_000 },
      submitRetries: 5,
      orderingProbe: { intervalMs: 3_000, timeoutMs: 2_000 },
      journalResolution: { intervalMs: 30_000, batchSize: 10 },
      identityCacheSize: 1_000,
      balanceLanes: 64,
      members: {
        dbFile: join(dir, 'gateway.db'),
        masterKeyFile: pemFile,
        orgs: [
          {
            name: 'platform',
            mspId: 'PlatformMSP',
            caUrl: 'https://127.0.0.1:7054',
            caTlsCertFile: pemFile,
            adminCertFile: pemFile,
            adminKeyFile: pemFile,
            adminApiKeyFile: pemFile,
            roles: ['admin', 'consumer', 'auditor'],
          },
        ],
      },
    });
  });

  it('reads every optional variable', () => {
    const config = loadConfig(
      validEnv({
        LOULAN_GATEWAY_HOST: '0.0.0.0',
        LOULAN_GATEWAY_PORT: '8080',
        LOULAN_PEER_ENDPOINT: '[::1]:9051',
        LOULAN_PEER_HOST_ALIAS: 'peer0.org1.loulan.test',
        LOULAN_CHANNEL: 'retail',
        LOULAN_CHAINCODE: 'loyalty',
        LOULAN_LOG_LEVEL: 'debug',
        LOULAN_EVALUATE_TIMEOUT_MS: '1000',
        LOULAN_ENDORSE_TIMEOUT_MS: '2000',
        LOULAN_SUBMIT_TIMEOUT_MS: '3000',
        LOULAN_COMMIT_STATUS_TIMEOUT_MS: '4000',
        LOULAN_WRITE_DEADLINE_MS: '9000',
        LOULAN_SUBMIT_RETRIES: '0',
        LOULAN_ORDERING_PROBE_INTERVAL_MS: '0',
        LOULAN_ORDERING_PROBE_TIMEOUT_MS: '500',
        LOULAN_JOURNAL_RESOLVE_INTERVAL_MS: '5000',
        LOULAN_JOURNAL_RESOLVE_BATCH: '3',
        LOULAN_IDENTITY_CACHE_SIZE: '10',
        LOULAN_BALANCE_LANES: '8',
      }),
    );

    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.peer).toEqual({ endpoint: '[::1]:9051', hostAlias: 'peer0.org1.loulan.test', tlsCaFile: pemFile });
    expect(config.channel).toBe('retail');
    expect(config.chaincode).toBe('loyalty');
    expect(config.logLevel).toBe('debug');
    expect(config.timeouts).toEqual({ evaluateMs: 1000, endorseMs: 2000, submitMs: 3000, commitStatusMs: 4000, writeMs: 9000 });
    expect([config.submitRetries, config.identityCacheSize, config.balanceLanes]).toEqual([0, 10, 8]);
    expect(config.orderingProbe).toEqual({ intervalMs: 0, timeoutMs: 500 });
    expect(config.journalResolution).toEqual({ intervalMs: 5000, batchSize: 3 });
  });

  it('refuses an ordering probe so frequent it would load the ordering nodes, and idle background resolution', () => {
    expect(
      problemsOf(
        validEnv({
          LOULAN_ORDERING_PROBE_INTERVAL_MS: '100',
          LOULAN_JOURNAL_RESOLVE_INTERVAL_MS: '0',
          LOULAN_JOURNAL_RESOLVE_BATCH: '0',
          LOULAN_WRITE_DEADLINE_MS: '0',
        }),
      ),
    ).toEqual([
      'LOULAN_WRITE_DEADLINE_MS must be an integer between 1 and 600000, got "0"',
      'LOULAN_ORDERING_PROBE_INTERVAL_MS must be 0 (off) or from 500 to 60000, got "100"',
      'LOULAN_JOURNAL_RESOLVE_INTERVAL_MS must be an integer between 1000 and 600000, got "0"',
      'LOULAN_JOURNAL_RESOLVE_BATCH must be an integer between 1 and 1000, got "0"',
    ]);
  });

  it('accepts port 0 so tests can let the OS choose', () => {
    expect(loadConfig(validEnv({ LOULAN_GATEWAY_PORT: '0' })).http.port).toBe(0);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig(validEnv({ LOULAN_PEER_HOST_ALIAS: '', LOULAN_CHANNEL: '  ' }));

    expect(config.peer.hostAlias).toBeUndefined();
    expect(config.channel).toBe('loulan');
  });

  it('lists every missing required variable at once', () => {
    expect(problemsOf({})).toEqual([
      'LOULAN_PEER_ENDPOINT is required',
      'LOULAN_PEER_TLS_CA_FILE is required',
      'LOULAN_MSP_ID is required',
      'LOULAN_IDENTITY_CERT_FILE is required',
      'LOULAN_IDENTITY_KEY_FILE is required',
      'LOULAN_DB_FILE is required',
      'LOULAN_MASTER_KEY_FILE is required',
      'LOULAN_ORGS is required: a comma-separated list of organisation names, e.g. platform,retail,bank',
    ]);
  });

  it('lists every invalid value at once', () => {
    const problems = problemsOf(
      validEnv({
        LOULAN_GATEWAY_PORT: '70000',
        LOULAN_PEER_ENDPOINT: 'localhost',
        LOULAN_LOG_LEVEL: 'verbose',
        LOULAN_EVALUATE_TIMEOUT_MS: '0',
        LOULAN_SUBMIT_TIMEOUT_MS: '5s',
      }),
    );

    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/LOULAN_GATEWAY_PORT must be an integer between 0 and 65535, got "70000"/);
    expect(problems.join('\n')).toMatch(/LOULAN_PEER_ENDPOINT must be host:port/);
    expect(problems.join('\n')).toMatch(/LOULAN_LOG_LEVEL must be one of .*"verbose"/);
    expect(problems.join('\n')).toMatch(/LOULAN_EVALUATE_TIMEOUT_MS .*"0"/);
    expect(problems.join('\n')).toMatch(/LOULAN_SUBMIT_TIMEOUT_MS .*"5s"/);
  });

  it('refuses more balance lanes than the chaincode has, and unbounded retries', () => {
    expect(problemsOf(validEnv({ LOULAN_BALANCE_LANES: '65', LOULAN_SUBMIT_RETRIES: '21' }))).toEqual([
      'LOULAN_SUBMIT_RETRIES must be an integer between 0 and 20, got "21"',
      'LOULAN_BALANCE_LANES must be an integer between 1 and 64, got "65"',
    ]);
  });

  it.each(['localhost:0', 'localhost:65536', 'host:port', ':7051', 'peer0 .org1:7051'])('rejects the endpoint %s', (endpoint) => {
    expect(problemsOf(validEnv({ LOULAN_PEER_ENDPOINT: endpoint }))).toEqual([
      expect.stringContaining('LOULAN_PEER_ENDPOINT must be host:port'),
    ]);
  });

  it('requires the PEM files to exist and be files', () => {
    const problems = problemsOf(
      validEnv({
        LOULAN_PEER_TLS_CA_FILE: join(dir, 'missing-ca.pem'),
        LOULAN_IDENTITY_CERT_FILE: dir,
        LOULAN_IDENTITY_KEY_FILE: join(dir, 'missing-key.pem'),
      }),
    );

    expect(problems).toEqual([
      `LOULAN_PEER_TLS_CA_FILE: no readable file at ${join(dir, 'missing-ca.pem')}`,
      `LOULAN_IDENTITY_CERT_FILE: no readable file at ${dir}`,
      `LOULAN_IDENTITY_KEY_FILE: no readable file at ${join(dir, 'missing-key.pem')}`,
    ]);
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ LOULAN_LOG_LEVEL: 'loud' })).toThrow(
      /invalid configuration:\n {2}- LOULAN_PEER_ENDPOINT is required\n(.|\n)*- LOULAN_LOG_LEVEL must be one of/,
    );
  });
});
