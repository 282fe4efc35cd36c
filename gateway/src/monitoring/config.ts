import { ConfigError } from '../config';
import { envReader } from '../env';

/** Settings of the gateway's part in monitoring (docs/operations.md, "Monitoring"). */
export interface MonitoringConfig {
  /** Prometheus' base URL (`LOULAN_PROMETHEUS_URL`), whose targets give node health; null when not configured. */
  readonly prometheusUrl: URL | null;
  /** Alertmanager's base URL (`LOULAN_ALERTMANAGER_URL`), whose alerts the explorer lists; null when not configured. */
  readonly alertmanagerUrl: URL | null;
  /** Between two runs of the points invariant check (`LOULAN_INVARIANT_CHECK_INTERVAL_MS`). */
  readonly invariantCheckIntervalMs: number;
  /** Deadline of one call to Prometheus or Alertmanager. */
  readonly requestTimeoutMs: number;
}

/** Monitoring not configured, the invariant checked every minute: what tests and a bare gateway get. */
export const DEFAULT_MONITORING_CONFIG: MonitoringConfig = {
  prometheusUrl: null,
  alertmanagerUrl: null,
  invariantCheckIntervalMs: 60_000,
  requestTimeoutMs: 3_000,
};

/**
 * Reads `LOULAN_PROMETHEUS_URL`, `LOULAN_ALERTMANAGER_URL` and `LOULAN_INVARIANT_CHECK_INTERVAL_MS`.
 *
 * @throws ConfigError when a URL is not http(s) or the interval is not from 1 s to 1 h
 */
export function loadMonitoringConfig(env: NodeJS.ProcessEnv): MonitoringConfig {
  const problems: string[] = [];
  const { integer, read } = envReader(env, problems);
  const url = (name: string): URL | null => {
    const raw = read(name);
    if (raw === undefined) {
      return null;
    }
    const parsed = URL.canParse(raw) ? new URL(raw) : null;
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      problems.push(`${name} must be an http(s) URL, got "${raw}"`);
      return null;
    }
    return parsed;
  };
  const config: MonitoringConfig = {
    ...DEFAULT_MONITORING_CONFIG,
    prometheusUrl: url('LOULAN_PROMETHEUS_URL'),
    alertmanagerUrl: url('LOULAN_ALERTMANAGER_URL'),
    invariantCheckIntervalMs: integer(
      'LOULAN_INVARIANT_CHECK_INTERVAL_MS',
      DEFAULT_MONITORING_CONFIG.invariantCheckIntervalMs,
      1_000,
      3_600_000,
    ),
  };
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}
