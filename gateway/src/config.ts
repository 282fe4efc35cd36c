import { envReader } from './env';
import { loadMembersConfig, type MembersConfig } from './members/config';

/** Log levels accepted by LOULAN_LOG_LEVEL (pino's names). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Deadlines, in milliseconds, applied to each kind of Fabric Gateway call. */
export interface FabricTimeouts {
  readonly evaluateMs: number;
  readonly endorseMs: number;
  readonly submitMs: number;
  readonly commitStatusMs: number;
  /**
   * Bound of one whole write: every endorsement, retry, submit and commit-status wait it makes. Each
   * step's own deadline is cut to what is left of this one, so a write answers in time even when
   * ordering is stuck.
   */
  readonly writeMs: number;
}

/** The background probe of the ordering service that /readyz reports (src/fabric/ordering.ts). */
export interface OrderingProbeConfig {
  /** Milliseconds between probes; 0 turns the probe off and readiness no longer looks at ordering. */
  readonly intervalMs: number;
  /** Deadline of one probe: reading the channel configuration, and connecting to each ordering node. */
  readonly timeoutMs: number;
}

/** The background resolution of pending journal entries (src/fabric/resolver.ts). */
export interface JournalResolutionConfig {
  /** Milliseconds from the end of one resolution run to the start of the next. */
  readonly intervalMs: number;
  /** Most entries one run looks up, so a long outage does not turn a run into a flood. */
  readonly batchSize: number;
}

/** Validated gateway configuration; see gateway/README.md for the matching environment variables. */
export interface GatewayConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly peer: {
    /** `host:port` of the organisation's gateway peer. */
    readonly endpoint: string;
    /** TLS server name to expect when it differs from the endpoint host (e.g. connecting through localhost). */
    readonly hostAlias?: string;
    readonly tlsCaFile: string;
  };
  /** The gateway's own service identity, used for health checks. */
  readonly identity: { readonly mspId: string; readonly certFile: string; readonly keyFile: string };
  readonly channel: string;
  readonly chaincode: string;
  readonly logLevel: LogLevel;
  readonly timeouts: FabricTimeouts;
  /** Fresh proposals a submit may make after a read conflict or an endorsement mismatch. */
  readonly submitRetries: number;
  readonly orderingProbe: OrderingProbeConfig;
  readonly journalResolution: JournalResolutionConfig;
  /** Most caller identities whose Fabric gateway connection is kept at once. */
  readonly identityCacheSize: number;
  /** Balance lanes handed out per merchant; the chaincode has 64 (lanes 0 to 63). */
  readonly balanceLanes: number;
  /** Member database, master key and the organisations whose members this gateway registers. */
  readonly members: MembersConfig;
}

/** Thrown by {@link loadConfig}; `problems` lists every invalid or missing variable, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const DEFAULT_TIMEOUTS: FabricTimeouts = {
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  // Waiting for commit spans block cutting and validation on every peer, hence much longer.
  commitStatusMs: 60_000,
  // Below what HTTP clients and load balancers usually wait (30 s and more), so they get our 503, not a timeout.
  writeMs: 20_000,
};
// A probe every 3 s, each given 2 s, notices a lost quorum within 5 s: well inside a 10 s readiness budget.
const DEFAULT_ORDERING_PROBE: OrderingProbeConfig = { intervalMs: 3_000, timeoutMs: 2_000 };
const DEFAULT_JOURNAL_RESOLUTION: JournalResolutionConfig = { intervalMs: 30_000, batchSize: 10 };

// A hostname, an IPv4 address or a bracketed IPv6 address, then a port.
const ENDPOINT_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;
const MAX_TIMEOUT_MS = 10 * 60_000;
// The chaincode splits balances over exactly this many lanes; the gateway may use fewer, never more.
const CHAINCODE_BALANCE_LANES = 64;

/**
 * Reads and validates the gateway configuration from `env`.
 *
 * Takes the environment as a parameter (rather than reading `process.env`) so tests can call it freely.
 * Empty values count as unset, so `VAR=` in a shell script falls back to the default.
 *
 * @throws {@link ConfigError} listing every problem found.
 */
export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const problems: string[] = [];
  const { read, integer, required, existingFile } = envReader(env, problems);

  // 0 (off) or a real interval: a probe every few milliseconds would only load the ordering nodes.
  const orderingProbeInterval = (): number => {
    const value = integer('LOULAN_ORDERING_PROBE_INTERVAL_MS', DEFAULT_ORDERING_PROBE.intervalMs, 0, 60_000);
    if (value !== 0 && value < 500) {
      problems.push(`LOULAN_ORDERING_PROBE_INTERVAL_MS must be 0 (off) or from 500 to 60000, got "${value}"`);
      return DEFAULT_ORDERING_PROBE.intervalMs;
    }
    return value;
  };

  const endpoint = required('LOULAN_PEER_ENDPOINT');
  if (endpoint !== '' && !isEndpoint(endpoint)) {
    problems.push(`LOULAN_PEER_ENDPOINT must be host:port with a port from 1 to 65535, got "${endpoint}"`);
  }

  const logLevel = read('LOULAN_LOG_LEVEL') ?? 'info';
  if (!isLogLevel(logLevel)) {
    problems.push(`LOULAN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const hostAlias = read('LOULAN_PEER_HOST_ALIAS');
  const config: GatewayConfig = {
    http: {
      host: read('LOULAN_GATEWAY_HOST') ?? '127.0.0.1',
      // 0 lets the OS pick a free port, which tests rely on.
      port: integer('LOULAN_GATEWAY_PORT', 3000, 0, 65_535),
    },
    peer: {
      endpoint,
      ...(hostAlias === undefined ? {} : { hostAlias }),
      tlsCaFile: existingFile('LOULAN_PEER_TLS_CA_FILE'),
    },
    identity: {
      mspId: required('LOULAN_MSP_ID'),
      certFile: existingFile('LOULAN_IDENTITY_CERT_FILE'),
      keyFile: existingFile('LOULAN_IDENTITY_KEY_FILE'),
    },
    channel: read('LOULAN_CHANNEL') ?? 'loulan',
    chaincode: read('LOULAN_CHAINCODE') ?? 'loulan',
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
    timeouts: {
      evaluateMs: integer('LOULAN_EVALUATE_TIMEOUT_MS', DEFAULT_TIMEOUTS.evaluateMs, 1, MAX_TIMEOUT_MS),
      endorseMs: integer('LOULAN_ENDORSE_TIMEOUT_MS', DEFAULT_TIMEOUTS.endorseMs, 1, MAX_TIMEOUT_MS),
      submitMs: integer('LOULAN_SUBMIT_TIMEOUT_MS', DEFAULT_TIMEOUTS.submitMs, 1, MAX_TIMEOUT_MS),
      commitStatusMs: integer('LOULAN_COMMIT_STATUS_TIMEOUT_MS', DEFAULT_TIMEOUTS.commitStatusMs, 1, MAX_TIMEOUT_MS),
      writeMs: integer('LOULAN_WRITE_DEADLINE_MS', DEFAULT_TIMEOUTS.writeMs, 1, MAX_TIMEOUT_MS),
    },
    submitRetries: integer('LOULAN_SUBMIT_RETRIES', 5, 0, 20),
    orderingProbe: {
      intervalMs: orderingProbeInterval(),
      timeoutMs: integer('LOULAN_ORDERING_PROBE_TIMEOUT_MS', DEFAULT_ORDERING_PROBE.timeoutMs, 1, 60_000),
    },
    journalResolution: {
      intervalMs: integer('LOULAN_JOURNAL_RESOLVE_INTERVAL_MS', DEFAULT_JOURNAL_RESOLUTION.intervalMs, 1_000, MAX_TIMEOUT_MS),
      batchSize: integer('LOULAN_JOURNAL_RESOLVE_BATCH', DEFAULT_JOURNAL_RESOLUTION.batchSize, 1, 1_000),
    },
    identityCacheSize: integer('LOULAN_IDENTITY_CACHE_SIZE', 1_000, 1, 1_000_000),
    balanceLanes: integer('LOULAN_BALANCE_LANES', CHAINCODE_BALANCE_LANES, 1, CHAINCODE_BALANCE_LANES),
    members: loadMembersConfig(env, problems),
  };

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}

function isEndpoint(value: string): boolean {
  const port = ENDPOINT_PATTERN.exec(value)?.[3];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65_535;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
