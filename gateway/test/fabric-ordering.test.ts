import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

import { common, msp, orderer } from '@hyperledger/fabric-protos';

import { NO_FABRIC_METRICS } from '../src/fabric/metrics';
import {
  answersWithin,
  type OrderingEndpoint,
  OrderingMonitor,
  type OrderingTopology,
  orderingTopology,
  quorumSize,
} from '../src/fabric/ordering';
import { groupsOf, valuesOf } from './fabric-fakes';
import { memoryLogger } from './support/fakes';
import { localhostCertificate } from './support/pki';

/** A channel configuration whose orderer group has one organisation per entry of `orgs`. */
function channelConfig(consensusType: string, orgs: Record<string, { endpoints: string[]; tlsRoot: string }>): Uint8Array {
  const value = (bytes: Uint8Array): common.ConfigValue => {
    const configValue = new common.ConfigValue();
    configValue.setValue(bytes);
    return configValue;
  };
  const ordererGroup = new common.ConfigGroup();
  const consensus = new orderer.ConsensusType();
  consensus.setType(consensusType);
  valuesOf(ordererGroup).set('ConsensusType', value(consensus.serializeBinary()));
  for (const [mspId, org] of Object.entries(orgs)) {
    const fabricMsp = new msp.FabricMSPConfig();
    fabricMsp.setName(mspId);
    // Bytes, not a string: jspb would read a string as base64.
    fabricMsp.setTlsRootCertsList([Buffer.from(org.tlsRoot)]);
    const mspConfig = new msp.MSPConfig();
    mspConfig.setConfig(fabricMsp.serializeBinary());
    const addresses = new common.OrdererAddresses();
    addresses.setAddressesList(org.endpoints);
    const orgGroup = new common.ConfigGroup();
    valuesOf(orgGroup).set('MSP', value(mspConfig.serializeBinary()));
    valuesOf(orgGroup).set('Endpoints', value(addresses.serializeBinary()));
    groupsOf(ordererGroup).set(mspId, orgGroup);
  }
  const channelGroup = new common.ConfigGroup();
  groupsOf(channelGroup).set('Orderer', ordererGroup);
  const config = new common.Config();
  config.setChannelGroup(channelGroup);
  return config.serializeBinary();
}

const FOUR_NODES = {
  PlatformMSP: { endpoints: ['127.0.0.1:17050', '127.0.0.1:17150'], tlsRoot: 'platform-root' },
  RetailMSP: { endpoints: ['127.0.0.1:17250'], tlsRoot: 'retail-root' },
  BankMSP: { endpoints: ['127.0.0.1:17350'], tlsRoot: 'bank-root' },
};

describe('quorumSize', () => {
  it('is the SmartBFT quorum for BFT and a majority otherwise', () => {
    expect([1, 3, 4, 5, 7, 10].map((n) => quorumSize('BFT', n))).toEqual([1, 2, 3, 4, 5, 7]);
    expect([1, 3, 4, 5].map((n) => quorumSize('etcdraft', n))).toEqual([1, 2, 3, 3]);
  });
});

describe('orderingTopology', () => {
  it('lists every organisation’s endpoints with its TLS roots, and the quorum of their number', () => {
    const topology = orderingTopology(channelConfig('BFT', FOUR_NODES));

    expect(topology.consensusType).toBe('BFT');
    expect(topology.quorum).toBe(3);
    expect([...topology.endpoints].sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: '127.0.0.1:17050', mspId: 'PlatformMSP', tlsRootCerts: ['platform-root'] },
      { address: '127.0.0.1:17150', mspId: 'PlatformMSP', tlsRootCerts: ['platform-root'] },
      { address: '127.0.0.1:17250', mspId: 'RetailMSP', tlsRootCerts: ['retail-root'] },
      { address: '127.0.0.1:17350', mspId: 'BankMSP', tlsRootCerts: ['bank-root'] },
    ]);
  });

  it('refuses a configuration without ordering endpoints', () => {
    expect(() => orderingTopology(channelConfig('etcdraft', {}))).toThrow('lists no ordering endpoint');
    expect(() => orderingTopology(new common.Config().serializeBinary())).toThrow('no orderer group');
  });
});

/** A monitor whose nodes answer while their address is in `up`, at a clock the test moves. */
function monitorOver(topology: OrderingTopology, up: Set<string>) {
  const clock = { now: new Date('2025-01-01T00:00:00Z') };
  const loadTopology = jest.fn(async () => topology);
  const orderingProbed = jest.fn();
  const { logger, lines } = memoryLogger();
  const monitor = new OrderingMonitor({
    loadTopology,
    probe: async (endpoint: OrderingEndpoint) => up.has(endpoint.address),
    timeoutMs: 2_000,
    metrics: { ...NO_FABRIC_METRICS, orderingProbed },
    logger,
    now: () => clock.now,
  });
  return { monitor, clock, loadTopology, orderingProbed, lines };
}

describe('OrderingMonitor', () => {
  const topology = orderingTopology(channelConfig('BFT', FOUR_NODES));
  const all = (): Set<string> => new Set(topology.endpoints.map((endpoint) => endpoint.address));

  it('turns not ready when fewer than a quorum answer, and ready again when they are back', async () => {
    const up = all();
    const { monitor, orderingProbed, lines } = monitorOver(topology, up);
    expect(monitor.current()).toBeUndefined();

    expect(await monitor.probe()).toMatchObject({ ready: true, reachable: 4, nodes: 4, quorum: 3 });
    up.delete('127.0.0.1:17350');
    expect(await monitor.probe()).toMatchObject({ ready: true, reachable: 3 });
    up.delete('127.0.0.1:17250');
    expect(await monitor.probe()).toEqual({
      ready: false,
      reachable: 2,
      nodes: 4,
      quorum: 3,
      checkedAt: '2025-01-01T00:00:00.000Z',
      problem: '2 of 4 ordering nodes reachable, 3 needed',
    });
    expect(monitor.current()).toMatchObject({ ready: false });
    up.add('127.0.0.1:17250');
    up.add('127.0.0.1:17350');
    expect(await monitor.probe()).toMatchObject({ ready: true, reachable: 4 });

    expect(orderingProbed.mock.calls).toEqual([
      [4, true],
      [3, true],
      [2, false],
      [4, true],
    ]);
    // One line per transition, not per probe.
    expect(lines.map((line) => line.msg)).toEqual([
      'ordering service reachable with a quorum',
      'ordering service not ready',
      'ordering service reachable with a quorum',
    ]);
  });

  it('re-reads the channel configuration once a minute, not at every probe', async () => {
    const { monitor, clock, loadTopology } = monitorOver(topology, all());

    await monitor.probe();
    clock.now = new Date('2025-01-01T00:00:59Z');
    await monitor.probe();
    expect(loadTopology).toHaveBeenCalledTimes(1);
    clock.now = new Date('2025-01-01T00:01:00Z');
    await monitor.probe();
    expect(loadTopology).toHaveBeenCalledTimes(2);
  });

  it('is not ready when the channel configuration cannot be read, and keeps the peer’s words in the log', async () => {
    const { monitor, loadTopology, lines } = monitorOver(topology, all());
    loadTopology.mockRejectedValueOnce(new Error('access denied for [GetChannelConfig][loulan]'));

    const health = await monitor.probe();

    expect(health).toMatchObject({ ready: false, reachable: 0, nodes: 0, problem: 'channel configuration unavailable' });
    expect(JSON.stringify(health)).not.toContain('access denied');
    expect(lines).toContainEqual(
      expect.objectContaining<Record<string, unknown>>({
        msg: 'ordering service not ready',
        err: expect.objectContaining<Record<string, unknown>>({ message: expect.stringContaining('access denied') }),
      }),
    );
    // A failed read is not cached: the next probe tries again.
    expect(await monitor.probe()).toMatchObject({ ready: true });
  });

  it('probes in the background at the configured interval until stopped', async () => {
    jest.useFakeTimers();
    try {
      const up = all();
      const { monitor } = monitorOver(topology, up);

      const task = monitor.start(3_000);
      await jest.advanceTimersByTimeAsync(0);
      expect(monitor.current()).toMatchObject({ ready: true });
      up.clear();
      await jest.advanceTimersByTimeAsync(3_000);
      expect(monitor.current()).toMatchObject({ ready: false, reachable: 0 });
      task.stop();
      up.add('127.0.0.1:17050').add('127.0.0.1:17150').add('127.0.0.1:17250');
      await jest.advanceTimersByTimeAsync(30_000);
      expect(monitor.current()).toMatchObject({ ready: false });
    } finally {
      jest.useRealTimers();
    }
  });
});

/** A server listening on a free local port, and how to stop it with every connection it holds. */
interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function run(server: Server | Http2SecureServer): Promise<Running> {
  const sockets = new Set<Socket>();
  // Every TLS or HTTP/2 connection starts as one of these raw sockets.
  server.on('connection', (socket: Socket) => sockets.add(socket));
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    }),
  );
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        sockets.forEach((socket) => socket.destroy());
      }),
  };
}

describe('answersWithin', () => {
  const { cert, key } = localhostCertificate('orderer-test');
  const other = localhostCertificate('orderer-test');
  let http2: Running;
  let silent: Running;

  beforeAll(async () => {
    http2 = await run(createSecureServer({ cert, key }));
    // Accepts TCP connections and never says a word: a hung node.
    silent = await run(createServer(() => undefined));
  });
  afterAll(async () => {
    await http2.close();
    await silent.close();
  });

  const endpoint = (port: number, tlsRoot: string): OrderingEndpoint => ({
    address: `127.0.0.1:${port}`,
    mspId: 'PlatformMSP',
    tlsRootCerts: [tlsRoot],
  });

  it('is true for an HTTP/2 server whose certificate chains to the TLS roots', async () => {
    await expect(answersWithin(endpoint(http2.port, cert), 2_000)).resolves.toBe(true);
  });

  it('is false for a certificate from other roots, a closed port, and a node that does not answer in time', async () => {
    const released = await run(createServer());
    await released.close();
    await expect(answersWithin(endpoint(http2.port, other.cert), 2_000)).resolves.toBe(false);
    await expect(answersWithin(endpoint(silent.port, cert), 200)).resolves.toBe(false);
    await expect(answersWithin(endpoint(released.port, cert), 2_000)).resolves.toBe(false);
  });
});
