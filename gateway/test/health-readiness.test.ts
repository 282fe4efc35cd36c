import request from 'supertest';

import { createApp } from '../src/app';
import { NO_FABRIC_METRICS } from '../src/fabric/metrics';
import { type OrderingEndpoint, type OrderingHealth, OrderingMonitor } from '../src/fabric/ordering';
import { createMetrics } from '../src/metrics';
import type { OrderingReadiness } from '../src/routes/health.routes';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers } from './support/members-fixtures';

function appWith(ordering: OrderingReadiness, evaluate = jest.fn().mockResolvedValue(jsonBytes({ chaincode: 'loulan' }))) {
  const app = createApp({
    fabric: fakeFabric({ evaluate }),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(),
    ordering,
  });
  return { app, evaluate };
}

const READY: OrderingHealth = { ready: true, reachable: 4, nodes: 4, quorum: 3, checkedAt: '2025-01-01T00:00:00.000Z' };

describe('GET /readyz with the ordering probe', () => {
  it('is not ready before the first probe, without pinging', async () => {
    const { app, evaluate } = appWith(() => undefined);

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({ code: 'NETWORK_UNAVAILABLE', message: 'ordering service not probed yet' });
    expect(evaluate).not.toHaveBeenCalled();
  });

  it('is not ready without a quorum of ordering nodes, and says how many answered', async () => {
    const lost: OrderingHealth = { ...READY, ready: false, reachable: 2, problem: '2 of 4 ordering nodes reachable, 3 needed' };
    const { app, evaluate } = appWith(() => lost);

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({
      code: 'NETWORK_UNAVAILABLE',
      message: 'ordering service not ready: 2 of 4 ordering nodes reachable, 3 needed',
      details: { ordering: lost },
    });
    expect(evaluate).not.toHaveBeenCalled();
  });

  it('is ready with a quorum and a chaincode that answers, showing the probe', async () => {
    const { app } = appWith(() => READY);

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', chaincode: { chaincode: 'loulan' }, ordering: READY });
  });

  it('still needs the chaincode when ordering is fine', async () => {
    const { app } = appWith(() => READY, jest.fn().mockRejectedValue(new Error('peer gone')));

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'NETWORK_UNAVAILABLE', message: 'chaincode ping failed' });
  });

  it('follows the ordering nodes going and coming back', async () => {
    const endpoints: OrderingEndpoint[] = ['o1:7050', 'o2:7050', 'o3:7050', 'o4:7050'].map((address) => ({
      address,
      mspId: 'PlatformMSP',
      tlsRootCerts: [],
    }));
    const up = new Set(endpoints.map((endpoint) => endpoint.address));
    const monitor = new OrderingMonitor({
      loadTopology: async () => ({ consensusType: 'BFT', endpoints, quorum: 3 }),
      probe: async (endpoint) => up.has(endpoint.address),
      timeoutMs: 100,
      metrics: NO_FABRIC_METRICS,
      logger: memoryLogger().logger,
    });
    const { app } = appWith(() => monitor.current());
    const readiness = async (): Promise<number> => (await request(app).get('/readyz')).status;

    await monitor.probe();
    expect(await readiness()).toBe(200);
    up.delete('o3:7050');
    up.delete('o4:7050');
    await monitor.probe();
    expect(await readiness()).toBe(503);
    up.add('o3:7050');
    await monitor.probe();
    expect(await readiness()).toBe(200);
  });
});

describe('/metrics of the probe and the journal', () => {
  it('shows the last ordering probe and the transactions still pending', async () => {
    const metrics = createMetrics();
    const app = createApp({
      fabric: fakeFabric(),
      logger: memoryLogger().logger,
      config: testConfig(),
      members: fakeMembers(),
      metrics,
    });
    metrics.fabric.orderingProbed(2, false);
    metrics.fabric.pendingTransactions(3);

    const text = (await request(app).get('/metrics')).text;

    expect(text).toMatch(/^loulan_fabric_ordering_nodes_reachable 2$/m);
    expect(text).toMatch(/^loulan_fabric_ordering_quorum 0$/m);
    expect(text).toMatch(/^loulan_fabric_pending_transactions 3$/m);
  });
});
