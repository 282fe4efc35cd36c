import request from 'supertest';

import { createApp } from '../src/app';
import { ConfigError } from '../src/config';
import { renderMonitoring } from '../src/explorer/view/monitoring';
import { createMetrics } from '../src/metrics';
import { DEFAULT_MONITORING_CONFIG, loadMonitoringConfig, type MonitoringConfig } from '../src/monitoring/config';
import { checkInvariantPeriodically } from '../src/monitoring/invariant-check';
import { type FetchJson, MonitoringStatusSource } from '../src/monitoring/status';
import type { Invariant } from '../src/points/results';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers, testMember } from './support/members-fixtures';

const PROMETHEUS = 'http://127.0.0.1:17090';
const ALERTMANAGER = 'http://127.0.0.1:17093';
const configured: MonitoringConfig = {
  ...DEFAULT_MONITORING_CONFIG,
  prometheusUrl: new URL(PROMETHEUS),
  alertmanagerUrl: new URL(ALERTMANAGER),
};

const TARGETS = {
  status: 'success',
  data: {
    activeTargets: [
      { labels: { node: 'peer0-bank', kind: 'peer', job: 'fabric-bank' }, health: 'down', lastError: 'connection refused' },
      { labels: { node: 'orderer1', kind: 'orderer', job: 'fabric-platform' }, health: 'up', lastError: '' },
    ],
  },
};
const ALERTS = [
  {
    labels: { alertname: 'NodeDown', severity: 'critical', node: 'peer0-bank' },
    annotations: { summary: 'peer0-bank does not answer its metrics endpoint' },
    startsAt: '2025-03-01T10:00:00.000Z',
    status: { state: 'active' },
  },
];

/** Answers each service's API from `bodies` by URL prefix; records the URLs asked. */
function fakeFetch(bodies: Record<string, unknown>, asked: string[] = []): FetchJson {
  return async (url) => {
    asked.push(url.href);
    const entry = Object.entries(bodies).find(([prefix]) => url.href.startsWith(prefix));
    if (entry === undefined) {
      throw new Error('connection refused');
    }
    return Promise.resolve(entry[1]);
  };
}

describe('monitoring configuration', () => {
  it('is off unless the URLs are set, and reads them and the check interval', () => {
    expect(loadMonitoringConfig({})).toEqual(DEFAULT_MONITORING_CONFIG);
    const config = loadMonitoringConfig({
      LOULAN_PROMETHEUS_URL: PROMETHEUS,
      LOULAN_ALERTMANAGER_URL: ALERTMANAGER,
      LOULAN_INVARIANT_CHECK_INTERVAL_MS: '5000',
    });
    expect(config.prometheusUrl?.href).toBe(`${PROMETHEUS}/`);
    expect(config.alertmanagerUrl?.href).toBe(`${ALERTMANAGER}/`);
    expect(config.invariantCheckIntervalMs).toBe(5000);
  });

  it('refuses a URL that is not http(s) and an interval out of range, naming each', () => {
    const problems = (env: NodeJS.ProcessEnv): readonly string[] => {
      try {
        loadMonitoringConfig(env);
      } catch (err) {
        if (err instanceof ConfigError) {
          return err.problems;
        }
        throw err;
      }
      return [];
    };

    expect(
      problems({
        LOULAN_PROMETHEUS_URL: 'file:///etc/passwd',
        LOULAN_ALERTMANAGER_URL: 'not a url',
        LOULAN_INVARIANT_CHECK_INTERVAL_MS: '10',
      }),
    ).toEqual([
      'LOULAN_PROMETHEUS_URL must be an http(s) URL, got "file:///etc/passwd"',
      'LOULAN_ALERTMANAGER_URL must be an http(s) URL, got "not a url"',
      'LOULAN_INVARIANT_CHECK_INTERVAL_MS must be an integer between 1000 and 3600000, got "10"',
    ]);
  });
});

describe('points invariant check', () => {
  const invariant = (holds: boolean): Invariant => ({ minted: 100, burned: 0, balances: holds ? 100 : 90, escrows: 0, holds });
  const caller = {
    identity: { mspId: 'PlatformMSP', credentials: new Uint8Array() },
    signer: async (): Promise<Uint8Array> => Promise.resolve(new Uint8Array()),
  };

  async function gaugesAfter(check: () => Promise<Invariant>): Promise<{ metrics: string; lines: Array<Record<string, unknown>> }> {
    const metrics = createMetrics();
    const { logger, lines } = memoryLogger();
    let done: () => void = () => undefined;
    const ran = new Promise<void>((resolve) => (done = resolve));
    const task = checkInvariantPeriodically({
      points: { checkInvariant: () => check().finally(() => setImmediate(done)) },
      caller,
      metrics: metrics.invariant,
      logger,
      intervalMs: 60_000,
      clock: () => new Date('2025-03-01T10:00:00.000Z'),
    });
    await ran;
    task.stop();
    return { metrics: await metrics.registry.metrics(), lines };
  }

  it('exports a holding invariant with the time of the check', async () => {
    const { metrics } = await gaugesAfter(async () => Promise.resolve(invariant(true)));

    expect(metrics).toContain('loulan_points_invariant_holds 1');
    expect(metrics).toContain('loulan_points_invariant_checked_timestamp_seconds 1740823200');
  });

  it('exports a broken invariant as 0 and logs it as an error', async () => {
    const { metrics, lines } = await gaugesAfter(async () => Promise.resolve(invariant(false)));

    expect(metrics).toContain('loulan_points_invariant_holds 0');
    expect(metrics).toContain('loulan_points_invariant_checked_timestamp_seconds 1740823200');
    expect(lines.some((line) => line['level'] === 50 && line['msg'] === 'the points invariant does not hold')).toBe(true);
  });

  it('leaves the last-check time at 0 when the ledger cannot be read, so the staleness alert can fire', async () => {
    const { metrics, lines } = await gaugesAfter(async () => Promise.reject(new Error('peer unreachable')));

    expect(metrics).toContain('loulan_points_invariant_checked_timestamp_seconds 0');
    expect(lines.some((line) => line['msg'] === 'points invariant check failed')).toBe(true);
  });
});

describe('monitoring status source', () => {
  it('reads node health from Prometheus and active alerts from Alertmanager', async () => {
    const asked: string[] = [];
    const status = await new MonitoringStatusSource(
      configured,
      fakeFetch({ [PROMETHEUS]: TARGETS, [ALERTMANAGER]: ALERTS }, asked),
    ).status();

    expect(status).toEqual({
      configured: true,
      nodes: [
        { node: 'orderer1', kind: 'orderer', health: 'up', lastError: '' },
        { node: 'peer0-bank', kind: 'peer', health: 'down', lastError: 'connection refused' },
      ],
      alerts: [
        {
          name: 'NodeDown',
          severity: 'critical',
          node: 'peer0-bank',
          summary: 'peer0-bank does not answer its metrics endpoint',
          startsAt: '2025-03-01T10:00:00.000Z',
        },
      ],
      problems: [],
    });
    expect(asked).toContain(`${ALERTMANAGER}/api/v2/alerts?active=true&silenced=false&inhibited=false`);
  });

  it('keeps what one service answered when the other is down or answers nonsense', async () => {
    const down = await new MonitoringStatusSource(configured, fakeFetch({ [PROMETHEUS]: TARGETS })).status();
    expect(down.nodes).toHaveLength(2);
    expect(down.alerts).toBeNull();
    expect(down.problems).toEqual([`Alertmanager at ${ALERTMANAGER}: connection refused`]);

    const nonsense = await new MonitoringStatusSource(
      configured,
      fakeFetch({ [PROMETHEUS]: { data: 1 }, [ALERTMANAGER]: ALERTS }),
    ).status();
    expect(nonsense.nodes).toBeNull();
    expect(nonsense.alerts).toHaveLength(1);
    expect(nonsense.problems).toHaveLength(1);
  });

  it('asks nothing when not configured', async () => {
    const asked: string[] = [];
    const status = await new MonitoringStatusSource(DEFAULT_MONITORING_CONFIG, fakeFetch({}, asked)).status();

    expect(status).toEqual({ configured: false, nodes: null, alerts: null, problems: [] });
    expect(asked).toEqual([]);
  });
});

describe('GET /v1/monitoring/status', () => {
  const members = {
    'auditor-key': testMember({ memberId: 'aud', role: 'auditor', account: null }),
    'consumer-key': testMember({ memberId: 'alice', role: 'consumer', account: 'alice' }),
  };
  const app = createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    monitoring: new MonitoringStatusSource(configured, fakeFetch({ [PROMETHEUS]: TARGETS, [ALERTMANAGER]: ALERTS })),
  });

  it('answers an auditor the status', async () => {
    const response = await request(app).get('/v1/monitoring/status').set('Authorization', 'Bearer auditor-key');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ configured: true, alerts: [{ name: 'NodeDown', node: 'peer0-bank' }] });
  });

  it('refuses a consumer: the status names every node of every organisation', async () => {
    const response = await request(app).get('/v1/monitoring/status').set('Authorization', 'Bearer consumer-key');

    expect(response.status).toBe(403);
  });
});

describe('explorer monitoring view', () => {
  it('shows each node with its health and the firing alerts, escaped', () => {
    const html = renderMonitoring({
      configured: true,
      nodes: [
        { node: 'peer0-bank', kind: 'peer', health: 'down', lastError: '<refused>' },
        { node: 'orderer1', kind: 'orderer', health: 'up', lastError: '' },
      ],
      alerts: [
        { name: 'NodeDown', severity: 'critical', node: 'peer0-bank', summary: 'peer0-bank <down>', startsAt: '2025-03-01T10:00:00.000Z' },
      ],
      problems: [],
    });

    expect(html).toMatch(/data-node="peer0-bank"><td>peer0-bank<\/td><td>peer<\/td><td class="bad" data-testid="node-health">down<\/td>/);
    expect(html).toMatch(/data-node="orderer1">.*<td class="ok" data-testid="node-health">up<\/td>/);
    expect(html).toContain('data-testid="alert-row"><td class="bad">NodeDown</td><td>critical</td><td>peer0-bank</td>');
    expect(html).toContain('2025-03-01 10:00:00 UTC');
    expect(html).not.toContain('<refused>');
    expect(html).not.toContain('<down>');
  });

  it('says so when no alert fires, when a service did not answer, and when nothing is configured', () => {
    const quiet = renderMonitoring({ configured: true, nodes: null, alerts: [], problems: ['Prometheus at http://x: HTTP 503'] });
    expect(quiet).toContain('data-testid="no-alerts"');
    expect(quiet).toContain('Prometheus did not answer.');
    expect(quiet).toContain('Prometheus at http://x: HTTP 503');

    expect(renderMonitoring({ configured: false, nodes: null, alerts: null, problems: [] })).toContain('Monitoring is not configured');
    expect(renderMonitoring(null)).toContain('could not be read');
  });
});
