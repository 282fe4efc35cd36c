/**
 * `make monitor` end to end (docs/operations.md, "Monitoring"): Prometheus scrapes every node of the
 * network under test, and stopping a peer makes NodeDown fire in Alertmanager; restarting it resolves
 * the alert. The monitor runs with short scrape and evaluation intervals and `for:` so that this takes
 * seconds; the deadlines below are generous because the machine is shared.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { eventually, net, ROOT_DIR, STATE_DIR } from '../../support/network';

const execFileAsync = promisify(execFile);
const PROMETHEUS = 'http://127.0.0.1:17090';
const ALERTMANAGER = 'http://127.0.0.1:17093';
const PEER = 'peer0-bank';
const SHORT = {
  LOULAN_MONITOR_SCRAPE_INTERVAL: '2s',
  LOULAN_MONITOR_EVAL_INTERVAL: '2s',
  LOULAN_MONITOR_NODE_DOWN_FOR: '6s',
};

async function script(path: string, ...args: string[]): Promise<void> {
  await execFileAsync(join(ROOT_DIR, path), args, { env: { ...process.env, ...SHORT, LOULAN_STATE_DIR: STATE_DIR } });
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response.json();
}

interface Target {
  readonly labels: Record<string, string>;
  readonly health: string;
}
interface Alert {
  readonly labels: Record<string, string>;
}

async function targetHealth(node: string): Promise<string | undefined> {
  const body = (await getJson(`${PROMETHEUS}/api/v1/targets?state=active`)) as { data: { activeTargets: Target[] } };
  return body.data.activeTargets.find((t) => t.labels['node'] === node)?.health;
}

async function nodeDownAlerts(node: string): Promise<Alert[]> {
  const alerts = (await getJson(`${ALERTMANAGER}/api/v2/alerts?active=true`)) as Alert[];
  return alerts.filter((a) => a.labels['alertname'] === 'NodeDown' && a.labels['node'] === node);
}

describe('monitoring: a stopped peer', () => {
  beforeAll(async () => {
    await script('network/install-monitoring.sh');
    // A monitor left running keeps its own intervals; this test needs the short ones.
    await script('monitoring/monitor.sh', 'down');
    await script('monitoring/monitor.sh', 'up');
  }, 300_000);

  afterAll(async () => {
    await script('monitoring/monitor.sh', 'down');
  }, 60_000);

  it('fires NodeDown in Alertmanager, which resolves once the peer is back', async () => {
    await eventually(async () => {
      expect(await targetHealth(PEER)).toBe('up');
    }, 60_000);
    expect(await nodeDownAlerts(PEER)).toEqual([]);

    await net('stop-node', PEER);
    try {
      const firing = await eventually(
        async () => {
          const alerts = await nodeDownAlerts(PEER);
          expect(alerts).toHaveLength(1);
          return alerts[0];
        },
        120_000,
        1_000,
      );
      expect(firing?.labels).toMatchObject({ severity: 'critical', kind: 'peer', org: 'bank' });
    } finally {
      await net('start-node', PEER);
    }

    await eventually(
      async () => {
        expect(await nodeDownAlerts(PEER)).toEqual([]);
      },
      120_000,
      1_000,
    );
    expect(await targetHealth(PEER)).toBe('up');
  }, 420_000);
});
