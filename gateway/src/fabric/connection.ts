import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';
import { connect, type Gateway } from '@hyperledger/fabric-gateway';

import { ConfigError, type FabricTimeouts, type GatewayConfig, type JournalResolutionConfig } from '../config';
import type { Logger } from '../logger';
import { fromFabricError } from './errors';
import type { CallerIdentity, FabricGateway } from './gateway';
import { GatewayPool } from './gateway-pool';
import type { TransactionJournal } from './journal';
import { type FabricMetrics, NO_FABRIC_METRICS } from './metrics';
import { type PeriodicTask, runPeriodically } from './periodic';
import { ReplayAnswerer } from './replay';
import { type PendingResolution, TransactionResolver } from './resolver';
import { DEFAULT_BACKOFF, type RetryPolicy } from './retry';
import { MESSAGE_DIGEST, messageSigner } from './signing';
import { TransactionSubmitter } from './submitter';

/** A {@link FabricGateway} that also owns the pending-transaction journal. */
export interface FabricConnection extends FabricGateway {
  /**
   * Resolves up to `limit` pending journal entries (see {@link TransactionResolver}), each within the write
   * deadline. It takes every entry an earlier process left, but this process's own only once they are older
   * than the write deadline: a younger one may belong to a request still waiting for its own commit.
   */
  resolvePending(limit: number, signal?: AbortSignal): Promise<PendingResolution>;
}

/** Collaborators of the adapter that do not come from the configuration. */
export interface FabricDeps {
  readonly journal: TransactionJournal;
  readonly logger: Logger;
  readonly metrics?: FabricMetrics;
}

/**
 * Connects to the organisation's gateway peer: one gRPC client for the whole process, and one
 * fabric-gateway `Gateway` per identity on top of it (the service identity from `config`, and every
 * caller's own identity).
 *
 * No network traffic happens here (gRPC connects lazily), so start-up does not depend on the peer
 * being up; /readyz reports that instead.
 *
 * @throws {@link ConfigError} when the PEM files cannot be parsed or the certificate does not match the key.
 */
export function connectFabric(config: GatewayConfig, deps: FabricDeps): FabricConnection {
  const { tlsCa, certificate, privateKey } = readCredentials(config);
  const client = new grpc.Client(
    config.peer.endpoint,
    grpc.credentials.createSsl(tlsCa),
    // Lets a peer whose certificate names e.g. peer0.org1 be reached through another address (localhost, NAT).
    config.peer.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': config.peer.hostAlias },
  );
  const pool = new GatewayPool(
    (caller) => connect({ client, identity: caller.identity, signer: caller.signer, hash: MESSAGE_DIGEST }),
    config.identityCacheSize,
  );
  return fabricGatewayFor({
    gatewayFor: (caller) => pool.get(caller),
    service: {
      identity: { mspId: config.identity.mspId, credentials: certificate },
      signer: messageSigner(privateKey),
    },
    channel: config.channel,
    chaincode: config.chaincode,
    timeouts: config.timeouts,
    policy: { maxRetries: config.submitRetries, ...DEFAULT_BACKOFF },
    ...deps,
    release: () => {
      // Gateways do not own the gRPC client, so both must be closed.
      pool.close();
      client.close();
    },
  });
}

/** The part of a fabric-gateway `Gateway` the adapter uses. */
export type AdapterGateway = Pick<Gateway, 'getNetwork' | 'newSignedTransaction' | 'newCommit' | 'newTransaction'>;

/** Everything {@link fabricGatewayFor} is built from. */
export interface AdapterOptions extends FabricDeps {
  /** The gateway bound to an identity (cached by the caller). */
  readonly gatewayFor: (caller: CallerIdentity) => AdapterGateway;
  /** The gateway's own identity: used when a call names no caller, and to resolve pending transactions. */
  readonly service: CallerIdentity;
  readonly channel: string;
  readonly chaincode: string;
  readonly timeouts: FabricTimeouts;
  readonly policy: RetryPolicy;
  /** Closes the underlying connection; called once, by the first `close()`. */
  readonly release: () => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Builds the {@link FabricConnection} on top of fabric-gateway gateways; exported so the call flow, the
 * retries, the journal and the error translation can be tested without a peer.
 */
export function fabricGatewayFor(options: AdapterOptions): FabricConnection {
  const { channel, chaincode, timeouts, service } = options;
  const metrics = options.metrics ?? NO_FABRIC_METRICS;
  // What an earlier process left undecided counts as pending until the first resolution run settles it.
  metrics.pendingTransactions(options.journal.pendingCount());
  const resolver = new TransactionResolver({
    gateway: options.gatewayFor(service),
    journal: options.journal,
    metrics,
    logger: options.logger,
    submitTimeoutMs: timeouts.submitMs,
    commitStatusTimeoutMs: timeouts.commitStatusMs,
    resubmits: 1,
  });
  const submitter = new TransactionSubmitter({
    channel,
    chaincode,
    timeouts,
    policy: options.policy,
    journal: options.journal,
    resolver,
    metrics,
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  // The service identity belongs to the organisation of the peer this adapter talks to.
  const replays = new ReplayAnswerer({
    channel,
    chaincode,
    peerOrganization: service.identity.mspId,
    evaluateTimeoutMs: timeouts.evaluateMs,
    commitStatusTimeoutMs: timeouts.commitStatusMs,
  });
  const startedAt = Date.now();
  let closed = false;
  return {
    async evaluate(contract, transaction, args, callOptions = {}) {
      const proposal = options
        .gatewayFor(callOptions.caller ?? service)
        .getNetwork(channel)
        // An empty contract name calls the transaction unqualified, as system chaincodes expect.
        .getContract(callOptions.chaincode ?? chaincode, contract === '' ? undefined : contract)
        .newProposal(transaction, {
          arguments: [...args],
          ...(callOptions.endorsingOrganizations === undefined ? {} : { endorsingOrganizations: [...callOptions.endorsingOrganizations] }),
        });
      try {
        return await proposal.evaluate({ deadline: Date.now() + (callOptions.timeoutMs ?? timeouts.evaluateMs) });
      } catch (err) {
        throw fromFabricError(err, proposal.getTransactionId());
      }
    },

    submit(contract, transaction, args, submitOptions = {}) {
      const caller = submitOptions.caller ?? service;
      const gateway = options.gatewayFor(caller);
      // A retry of an executed request is answered from its first execution (docs/security.md, "Exactly once").
      return replays.submitOnce(gateway, caller, () => submitter.submit(gateway, caller, { contract, transaction, args }));
    },

    resolvePending(limit, signal) {
      return resolver.resolvePending({
        limit,
        recordedBefore: new Date(Math.max(startedAt, Date.now() - timeouts.writeMs)),
        entryBudgetMs: timeouts.writeMs,
        ...(signal === undefined ? {} : { signal }),
      });
    },

    close() {
      if (!closed) {
        closed = true;
        options.release();
      }
    },
  };
}

/**
 * Resolves pending journal entries in the background: a first run at once (what an earlier process left
 * undecided), then one every `settings.intervalMs`, each taking at most `settings.batchSize` entries, so
 * an outcome left unknown by a write that hit its deadline is settled without waiting for a restart.
 * `stop()` ends the schedule and the current run before its next entry.
 */
export function resolvePendingPeriodically(fabric: FabricConnection, settings: JournalResolutionConfig, logger: Logger): PeriodicTask {
  return runPeriodically(
    async (signal) => {
      const counts = await fabric.resolvePending(settings.batchSize, signal);
      // Quiet when there was nothing to do: this runs every few seconds for the life of the process.
      if (counts.committed + counts.invalid + counts.unknown > 0) {
        logger.info(counts, 'pending transactions resolved');
      }
    },
    settings.intervalMs,
    (err: unknown) => {
      logger.error({ err }, 'resolving pending transactions failed');
    },
  );
}

/**
 * Reads and checks every PEM up front so a wrong file is reported at start-up, not at the first request.
 * Exported for the read model's block listener, which opens its own connection with the service identity.
 */
export function readCredentials(config: GatewayConfig): { tlsCa: Buffer; certificate: Buffer; privateKey: KeyObject } {
  const problems: string[] = [];
  const parse = <T>(variable: string, path: string, what: string, parser: (pem: Buffer) => T): T | undefined => {
    try {
      return parser(readFileSync(path));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push(`${variable}: ${path} is not a valid ${what} (${reason})`);
      return undefined;
    }
  };

  const tlsCa = parse('LOULAN_PEER_TLS_CA_FILE', config.peer.tlsCaFile, 'PEM certificate', (pem) => {
    new X509Certificate(pem);
    return pem;
  });
  const certificate = parse('LOULAN_IDENTITY_CERT_FILE', config.identity.certFile, 'PEM certificate', (pem) => ({
    pem,
    x509: new X509Certificate(pem),
  }));
  const privateKey = parse('LOULAN_IDENTITY_KEY_FILE', config.identity.keyFile, 'PEM private key', createPrivateKey);
  if (certificate !== undefined && privateKey !== undefined && !certificate.x509.checkPrivateKey(privateKey)) {
    problems.push('LOULAN_IDENTITY_KEY_FILE does not hold the private key of LOULAN_IDENTITY_CERT_FILE');
  }

  if (tlsCa === undefined || certificate === undefined || privateKey === undefined || problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { tlsCa, certificate: certificate.pem, privateKey };
}
