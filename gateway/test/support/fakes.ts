import pino from 'pino';

import type { GatewayConfig } from '../../src/config';
import type { FabricGateway, SubmitResult } from '../../src/fabric/gateway';
import type { Logger } from '../../src/logger';

/** A config whose files are never read: enough for createApp. */
export function testConfig(): GatewayConfig {
  return {
    http: { host: '127.0.0.1', port: 0 },
    peer: { endpoint: 'localhost:7051', tlsCaFile: '/unused/ca.pem' },
    identity: { mspId: 'Org1MSP', certFile: '/unused/cert.pem', keyFile: '/unused/key.pem' },
    channel: 'loulan',
    chaincode: 'loulan',
    logLevel: 'silent',
    timeouts: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000, writeMs: 20_000 },
    submitRetries: 5,
    orderingProbe: { intervalMs: 3_000, timeoutMs: 2_000 },
    journalResolution: { intervalMs: 30_000, batchSize: 10 },
    identityCacheSize: 1_000,
    balanceLanes: 64,
    members: { dbFile: ':memory:', masterKeyFile: '/unused/master.key', orgs: [] },
  };
}

/** A FabricGateway whose calls fail unless a test stubs them. */
export function fakeFabric(overrides: Partial<FabricGateway> = {}): FabricGateway {
  return {
    evaluate: () => Promise.reject(new Error('evaluate not stubbed')),
    submit: () => Promise.reject(new Error('submit not stubbed')),
    close: () => undefined,
    ...overrides,
  };
}

/** A mock of {@link FabricGateway.submit} whose recorded calls are typed as the method's parameters. */
export function submitMock(): jest.Mock<Promise<SubmitResult>, Parameters<FabricGateway['submit']>> {
  return jest.fn<Promise<SubmitResult>, Parameters<FabricGateway['submit']>>();
}

/** A logger that keeps its JSON lines in memory. */
export function memoryLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** UTF-8 bytes of `value` as JSON, as the chaincode would return it. */
export function jsonBytes(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}
