/**
 * Fabric connections for integration tests, built with the gateway's own adapter
 * (connectFabric) and configuration loader, so tests submit exactly as the gateway does.
 */
import { join } from 'node:path';

import { loadConfig } from '../../gateway/src/config';
import { connectFabric } from '../../gateway/src/fabric/connection';
import type { FabricGateway } from '../../gateway/src/fabric/gateway';
import { SqliteTransactionJournal, TRANSACTION_JOURNAL_MIGRATIONS } from '../../gateway/src/fabric/journal';
import { createLogger } from '../../gateway/src/logger';
import { openDatabase } from '../../gateway/src/storage/database';
import { type Org, STATE_DIR } from './network';
import { orgEndpoint, orgHost, readEnvFile } from './topology';

export { readEnvFile } from './topology';

const MSP_ID: Record<Org, string> = { platform: 'PlatformMSP', retail: 'RetailMSP', bank: 'BankMSP' };

/** The running gateway's configuration, as `make up` wrote it. */
export function gatewayEnv(): Record<string, string> {
  return readEnvFile(join(STATE_DIR, 'gateway.env'));
}

/** Base URL of the running REST gateway. */
export function gatewayUrl(): string {
  const env = gatewayEnv();
  return `http://${env.LOULAN_GATEWAY_HOST ?? orgHost('platform')}:${env.LOULAN_GATEWAY_PORT ?? ''}`;
}

/** Whose certificate a test connection signs with: an org's gateway service identity, or the platform admin's. */
export type TestIdentity = 'gateway' | 'platform-admin';

/**
 * Connects to an org's own peer with that org's gateway service identity, or with the platform
 * admin's (who alone may write markers).
 *
 * @param overrides - extra LOULAN_* variables, e.g. a shorter commit-status timeout.
 */
export function connectAs(org: Org, overrides: Record<string, string> = {}, as: TestIdentity = 'gateway'): FabricGateway {
  const identity =
    as === 'gateway' ? join(STATE_DIR, 'crypto', org, 'users/gateway/msp') : join(STATE_DIR, 'crypto', 'platform', 'users/admin/msp');
  const config = loadConfig({
    ...gatewayEnv(),
    LOULAN_PEER_ENDPOINT: orgEndpoint(org, `PEER_${org.toUpperCase()}_PORT`),
    LOULAN_PEER_HOST_ALIAS: `peer0.${org}.loulan`,
    LOULAN_PEER_TLS_CA_FILE: join(STATE_DIR, 'ca', org, 'ca-cert.pem'),
    LOULAN_MSP_ID: as === 'gateway' ? MSP_ID[org] : MSP_ID.platform,
    LOULAN_IDENTITY_CERT_FILE: join(identity, 'signcerts/cert.pem'),
    LOULAN_IDENTITY_KEY_FILE: join(identity, 'keystore/key.pem'),
    ...overrides,
  });
  // A journal of its own, in memory: tests never resume another process's transactions.
  const journal = new SqliteTransactionJournal(openDatabase(':memory:', TRANSACTION_JOURNAL_MIGRATIONS));
  return connectFabric(config, { journal, logger: createLogger('silent') });
}

/** Decodes a chaincode result as JSON. */
export function json(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/** A marker id unique to this run, so tests never collide with earlier data on the ledger. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
