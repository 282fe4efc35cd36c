import { array, object, optional, record, string } from '../contract/decode';
import type { MonitoringConfig } from './config';

/** One scraped process as Prometheus last saw it. */
export interface NodeHealth {
  /** `peer0-bank`, `orderer3`, `ca-retail`, `gateway`, `host` (labels written by monitoring/monitor.sh). */
  readonly node: string;
  readonly kind: string;
  /** Prometheus' target health: `up`, `down` or `unknown` (not scraped yet). */
  readonly health: string;
  readonly lastError: string;
}

/** One alert Alertmanager holds as active (firing, not silenced or inhibited). */
export interface FiringAlert {
  readonly name: string;
  readonly severity: string;
  /** The node the alert is about, when it is about one. */
  readonly node: string | null;
  readonly summary: string;
  readonly startsAt: string;
}

/** `GET /v1/monitoring/status`: what the explorer's dashboard shows of the monitoring. */
export interface MonitoringStatus {
  /** False when neither Prometheus nor Alertmanager is configured: the lists are then empty. */
  readonly configured: boolean;
  /** Null when Prometheus is not configured or did not answer (see {@link problems}). */
  readonly nodes: readonly NodeHealth[] | null;
  /** Null when Alertmanager is not configured or did not answer. */
  readonly alerts: readonly FiringAlert[] | null;
  /** Why a configured service gave no answer, one line each. */
  readonly problems: readonly string[];
}

/** Fetches a URL and parses its JSON body; rejects on a network error, a timeout or a non-2xx status. */
export type FetchJson = (url: URL, timeoutMs: number) => Promise<unknown>;

const TARGETS = object({
  data: object({
    activeTargets: array(object({ labels: record(string), health: string, lastError: optional(string) })),
  }),
});
const ALERTS = array(object({ labels: record(string), annotations: optional(record(string)), startsAt: string }));

/**
 * Reads node health from Prometheus' targets and the active alerts from Alertmanager's API, each at its
 * configured URL, for the explorer. Either may be absent or down without failing the other.
 */
export class MonitoringStatusSource {
  constructor(
    private readonly config: MonitoringConfig,
    private readonly fetchJson: FetchJson = fetchJsonWithTimeout,
  ) {}

  /** The health of every scraped node and the active alerts, as far as they could be read. */
  async status(): Promise<MonitoringStatus> {
    const { prometheusUrl, alertmanagerUrl } = this.config;
    const problems: string[] = [];
    const read = async <T>(base: URL | null, path: string, what: string, decode: (body: unknown) => T): Promise<T | null> => {
      if (base === null) {
        return null;
      }
      try {
        return decode(await this.fetchJson(new URL(path, base), this.config.requestTimeoutMs));
      } catch (err) {
        problems.push(`${what} at ${base.origin}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }
    };
    const [nodes, alerts] = await Promise.all([
      read(prometheusUrl, 'api/v1/targets?state=active', 'Prometheus', nodeHealth),
      read(alertmanagerUrl, 'api/v2/alerts?active=true&silenced=false&inhibited=false', 'Alertmanager', firingAlerts),
    ]);
    return { configured: prometheusUrl !== null || alertmanagerUrl !== null, nodes, alerts, problems };
  }
}

function nodeHealth(body: unknown): NodeHealth[] {
  return TARGETS(body, '$')
    .data.activeTargets.map((target) => ({
      node: target.labels['node'] ?? target.labels['instance'] ?? '',
      kind: target.labels['kind'] ?? '',
      health: target.health,
      lastError: target.lastError ?? '',
    }))
    .sort((a, b) => a.node.localeCompare(b.node));
}

function firingAlerts(body: unknown): FiringAlert[] {
  return ALERTS(body, '$')
    .map((alert) => ({
      name: alert.labels['alertname'] ?? '',
      severity: alert.labels['severity'] ?? '',
      node: alert.labels['node'] ?? null,
      summary: alert.annotations?.['summary'] ?? '',
      startsAt: alert.startsAt,
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

async function fetchJsonWithTimeout(url: URL, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return response.json();
}
