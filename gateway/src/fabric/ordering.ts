/**
 * Whether the ordering service can still reach a quorum, seen from the gateway — what /readyz reports.
 *
 * The check is a background probe, so a readiness request never waits for it and probes never pile up:
 * 1. the channel configuration, read from the gateway's own peer (cscc `GetChannelConfig`), names every
 *    ordering node's client endpoint (`Endpoints` of each orderer organisation), the TLS roots of its
 *    organisation and the consensus type — the very list the peer's Fabric Gateway submits to, so the
 *    gateway needs no orderer addresses of its own;
 * 2. each endpoint gets one HTTP/2 connection over TLS, verified against those roots (a gRPC server is an
 *    HTTP/2 server), within the probe deadline, all at once;
 * 3. ordering is ready when at least a quorum of them answered: for BFT the SmartBFT quorum
 *    ⌈(N + f + 1) / 2⌉ with f = ⌊(N − 1) / 3⌋, as the peer's gateway computes it for a BFT submit (3 of 4),
 *    otherwise (Raft) a majority, ⌊N / 2⌋ + 1 (also 3 of 4).
 *
 * Why this and not something else: a probe transaction would order a block every few seconds forever;
 * osnadmin and the operations endpoints' /metrics need each organisation's client certificates, their
 * /healthz does not cover consensus, and none of their addresses is in the channel configuration; the
 * outcome of recent submissions says nothing while there is no traffic. The limit of this probe: it sees nodes that are down or unreachable (the usual way a quorum
 * is lost), not live nodes that cannot agree — for that case the write deadline still bounds every
 * request (see TransactionSubmitter).
 *
 * @packageDocumentation
 */
import { connect } from 'node:http2';

import { common, msp, orderer } from '@hyperledger/fabric-protos';

import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import { groupsOf, valuesOf } from './config-maps';
import type { FabricGateway } from './gateway';
import type { FabricMetrics } from './metrics';
import { type PeriodicTask, runPeriodically } from './periodic';

/** An ordering node's client endpoint, as the channel configuration lists it. */
export interface OrderingEndpoint {
  /** `host:port`, exactly as configured in the channel. */
  readonly address: string;
  readonly mspId: string;
  /** PEM certificates that may have issued the node's TLS certificate (its organisation's TLS roots). */
  readonly tlsRootCerts: readonly string[];
}

/** What the channel configuration says about the ordering service. */
export interface OrderingTopology {
  /** `BFT`, `etcdraft`, … (the `ConsensusType` of the channel's orderer group). */
  readonly consensusType: string;
  readonly endpoints: readonly OrderingEndpoint[];
  /** Nodes that must answer for the service to order. */
  readonly quorum: number;
}

/** The latest probe's result, as /readyz shows it. */
export interface OrderingHealth {
  readonly ready: boolean;
  /** Ordering nodes that answered. */
  readonly reachable: number;
  /** Ordering nodes the channel configuration lists (0 when it could not be read). */
  readonly nodes: number;
  readonly quorum: number;
  /** When this probe finished, ISO-8601. */
  readonly checkedAt: string;
  /** Why ordering is not ready; absent when it is. */
  readonly problem?: string;
}

/** The nodes that must answer, out of `nodes`, for a service of `consensusType` to order. */
export function quorumSize(consensusType: string, nodes: number): number {
  if (consensusType === 'BFT') {
    const faulty = Math.floor((nodes - 1) / 3);
    return Math.ceil((nodes + faulty + 1) / 2);
  }
  return Math.floor(nodes / 2) + 1;
}

/**
 * Reads the ordering endpoints, their TLS roots and the consensus type from a channel configuration
 * (`common.Config` bytes, as cscc `GetChannelConfig` answers).
 *
 * @throws Error when the configuration has no orderer group or lists no endpoint (a pre-2.x layout with a
 *   channel-wide `OrdererAddresses` value is not supported; Fabric 3 refuses it with the `V3_0` capability).
 */
export function orderingTopology(configBytes: Uint8Array): OrderingTopology {
  const channelGroup = common.Config.deserializeBinary(configBytes).getChannelGroup();
  const ordererGroup = channelGroup === undefined ? undefined : groupsOf(channelGroup).get('Orderer');
  if (ordererGroup === undefined) {
    throw new Error('the channel configuration has no orderer group');
  }
  const consensus = valuesOf(ordererGroup).get('ConsensusType');
  const consensusType = consensus === undefined ? '' : orderer.ConsensusType.deserializeBinary(consensus.getValue_asU8()).getType();
  const endpoints: OrderingEndpoint[] = [];
  groupsOf(ordererGroup).forEach((organisation) => {
    endpoints.push(...organisationEndpoints(organisation));
  });
  if (endpoints.length === 0) {
    throw new Error('the channel configuration lists no ordering endpoint');
  }
  return { consensusType, endpoints, quorum: quorumSize(consensusType, endpoints.length) };
}

function organisationEndpoints(organisation: common.ConfigGroup): OrderingEndpoint[] {
  const values = valuesOf(organisation);
  const addresses = values.get('Endpoints');
  const mspValue = values.get('MSP');
  if (addresses === undefined || mspValue === undefined) {
    return [];
  }
  const mspConfig = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(mspValue.getValue_asU8()).getConfig_asU8());
  const tlsRootCerts = [...mspConfig.getTlsRootCertsList_asU8(), ...mspConfig.getTlsIntermediateCertsList_asU8()].map((pem) =>
    Buffer.from(pem).toString('utf8'),
  );
  return common.OrdererAddresses.deserializeBinary(addresses.getValue_asU8())
    .getAddressesList()
    .map((address) => ({ address, mspId: mspConfig.getName(), tlsRootCerts }));
}

/**
 * True when an HTTP/2 connection over TLS to `endpoint`, with a certificate issued by one of its TLS roots,
 * is established within `timeoutMs`. node:http2 rather than a gRPC client: grpc-js sends an IP address as
 * the TLS server name, which Node deprecates with a warning, and a connection is all the probe needs.
 */
export function answersWithin(endpoint: OrderingEndpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const session = connect(`https://${endpoint.address}`, { ca: [...endpoint.tlsRootCerts] });
    let done = false;
    const finish = (answered: boolean): void => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      if (answered) {
        session.close();
      } else {
        session.destroy();
      }
      resolve(answered);
    };
    const timer = setTimeout(() => {
      finish(false);
    }, timeoutMs);
    session.once('connect', () => {
      finish(true);
    });
    // `on`, not `once`: an error of the session while it closes must not become an uncaught exception.
    session.on('error', () => {
      finish(false);
    });
  });
}

/**
 * Reads the ordering topology of `channel` from the channel configuration the peer holds (cscc
 * `GetChannelConfig`, allowed to the channel's readers), with the service identity of `fabric`.
 */
export function channelTopologyReader(fabric: FabricGateway, channel: string): (timeoutMs: number) => Promise<OrderingTopology> {
  return async (timeoutMs) => orderingTopology(await fabric.evaluate('', 'GetChannelConfig', [channel], { chaincode: 'cscc', timeoutMs }));
}

/**
 * The monitor `config.orderingProbe` asks for, reading the channel configuration through `fabric` and
 * probing with {@link answersWithin}; `undefined` when the probe is turned off (interval 0).
 */
export function orderingMonitorFor(
  fabric: FabricGateway,
  config: Pick<GatewayConfig, 'channel' | 'orderingProbe'>,
  deps: { readonly metrics: FabricMetrics; readonly logger: Logger },
): OrderingMonitor | undefined {
  if (config.orderingProbe.intervalMs === 0) {
    return undefined;
  }
  return new OrderingMonitor({
    loadTopology: channelTopologyReader(fabric, config.channel),
    probe: answersWithin,
    timeoutMs: config.orderingProbe.timeoutMs,
    ...deps,
  });
}

/** Collaborators and settings of an {@link OrderingMonitor}. */
export interface OrderingMonitorOptions {
  /** Reads the current topology (in production: cscc `GetChannelConfig` through the peer). */
  readonly loadTopology: (timeoutMs: number) => Promise<OrderingTopology>;
  /** Whether one node answers within the deadline; {@link answersWithin} in production. */
  readonly probe: (endpoint: OrderingEndpoint, timeoutMs: number) => Promise<boolean>;
  /** Deadline of the topology read and of each node's probe. */
  readonly timeoutMs: number;
  readonly metrics: FabricMetrics;
  readonly logger: Logger;
  readonly now?: () => Date;
}

// Channel configurations change rarely (adding a node is a config transaction): re-read once a minute.
const TOPOLOGY_MAX_AGE_MS = 60_000;

/** Keeps the latest {@link OrderingHealth}, probed in the background by {@link OrderingMonitor.start}. */
export class OrderingMonitor {
  private latest: OrderingHealth | undefined;
  private topology: { readonly value: OrderingTopology; readonly loadedAt: number } | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: OrderingMonitorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The latest probe's result; `undefined` until the first probe has finished. */
  current(): OrderingHealth | undefined {
    return this.latest;
  }

  /** Probes now, then every `intervalMs` after each probe ends. */
  start(intervalMs: number): PeriodicTask {
    return runPeriodically(
      async () => {
        await this.probe();
      },
      intervalMs,
      (err: unknown) => {
        this.options.logger.error({ err }, 'ordering probe failed');
      },
    );
  }

  /** Runs one probe and keeps its result. */
  async probe(): Promise<OrderingHealth> {
    const { health, cause } = await this.check();
    const previous = this.latest;
    this.latest = health;
    this.options.metrics.orderingProbed(health.reachable, health.ready);
    // Transitions only: the probe runs every few seconds for the life of the process.
    if (previous?.ready !== health.ready) {
      const { logger } = this.options;
      if (health.ready) {
        logger.info({ ordering: health }, 'ordering service reachable with a quorum');
      } else {
        logger.warn({ ordering: health, err: cause }, 'ordering service not ready');
      }
    }
    return health;
  }

  private async check(): Promise<{ readonly health: OrderingHealth; readonly cause?: unknown }> {
    const { timeoutMs } = this.options;
    let topology: OrderingTopology;
    try {
      topology = await this.currentTopology();
    } catch (err) {
      // The peer's own words stay in the log: /readyz is anonymous.
      return { health: this.health({ reachable: 0, nodes: 0, quorum: 0 }, 'channel configuration unavailable'), cause: err };
    }
    const answers = await Promise.all(topology.endpoints.map((endpoint) => this.options.probe(endpoint, timeoutMs)));
    const reachable = answers.filter(Boolean).length;
    const counts = { reachable, nodes: topology.endpoints.length, quorum: topology.quorum };
    return {
      health:
        reachable >= topology.quorum
          ? this.health(counts)
          : this.health(counts, `${reachable} of ${counts.nodes} ordering nodes reachable, ${topology.quorum} needed`),
    };
  }

  private async currentTopology(): Promise<OrderingTopology> {
    const at = this.now().getTime();
    if (this.topology !== undefined && at - this.topology.loadedAt < TOPOLOGY_MAX_AGE_MS) {
      return this.topology.value;
    }
    const value = await this.options.loadTopology(this.options.timeoutMs);
    this.topology = { value, loadedAt: at };
    return value;
  }

  private health(counts: Pick<OrderingHealth, 'reachable' | 'nodes' | 'quorum'>, problem?: string): OrderingHealth {
    return {
      ready: problem === undefined,
      ...counts,
      checkedAt: this.now().toISOString(),
      ...(problem === undefined ? {} : { problem }),
    };
  }
}
