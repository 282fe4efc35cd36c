import { createServer } from 'node:net';
import { join } from 'node:path';

import { status as GrpcStatus } from '@grpc/grpc-js';
import { EndorseError, StatusCode } from '@hyperledger/fabric-gateway';
import pino from 'pino';

import { ConfigError, type FabricTimeouts, type GatewayConfig } from '../src/config';
import { type AdapterGateway, type AdapterOptions, connectFabric, fabricGatewayFor } from '../src/fabric/connection';
import { ChaincodeError, NetworkUnavailableError, TransactionFailedError } from '../src/fabric/errors';
import type { CallerIdentity } from '../src/fabric/gateway';
import { SqliteTransactionJournal, TRANSACTION_JOURNAL_MIGRATIONS } from '../src/fabric/journal';
import { openDatabase } from '../src/storage/database';
import { testConfig } from './support/fakes';
import { serviceError } from './support/grpc';
import { createTestPki, type TestPki } from './support/pki';

const timeouts: FabricTimeouts = { evaluateMs: 1_000, endorseMs: 2_000, submitMs: 3_000, commitStatusMs: 4_000, writeMs: 10_000 };

/** A scripted stand-in for the gateway → proposal → transaction → commit objects of fabric-gateway. */
function scriptedNetwork(options: { endorseError?: Error; successful?: boolean } = {}) {
  const status = {
    successful: options.successful ?? true,
    code: options.successful === false ? StatusCode.ENDORSEMENT_POLICY_FAILURE : StatusCode.VALID,
    blockNumber: 42n,
    transactionId: 'tx-1',
  };
  // Each step takes its call options (with the deadline) as its only argument.
  const submitted = { getStatus: jest.fn<Promise<typeof status>, [options?: unknown]>().mockResolvedValue(status) };
  const signed = {
    getBytes: () => Buffer.from('signed'),
    getResult: () => Buffer.from('"done"'),
    submit: jest.fn<Promise<typeof submitted>, [options?: unknown]>().mockResolvedValue(submitted),
  };
  const endorsed = { getBytes: () => Buffer.from('unsigned'), getDigest: () => Buffer.from('digest') };
  const endorse = jest.fn<Promise<typeof endorsed>, [options?: unknown]>();
  const proposal = {
    getTransactionId: () => 'tx-1',
    evaluate: jest.fn<Promise<Buffer>, [options?: unknown]>().mockResolvedValue(Buffer.from('{"ok":true}')),
    endorse: options.endorseError === undefined ? endorse.mockResolvedValue(endorsed) : endorse.mockRejectedValue(options.endorseError),
  };
  const contract = { newProposal: jest.fn().mockReturnValue(proposal) };
  const network = { getContract: jest.fn().mockReturnValue(contract) };
  const gateway = {
    getNetwork: jest.fn().mockReturnValue(network),
    newSignedTransaction: jest.fn().mockReturnValue(signed),
    newCommit: jest.fn(),
    newTransaction: jest.fn(),
  };
  return {
    gateway: gateway as unknown as AdapterGateway,
    getContract: network.getContract,
    contract,
    proposal,
    signed,
    submitted,
  };
}

const service: CallerIdentity = {
  identity: { mspId: 'PlatformMSP', credentials: Buffer.from('service-cert') },
  signer: async () => Buffer.from('service-signature'),
};

function adapter(fake: ReturnType<typeof scriptedNetwork>, overrides: Partial<AdapterOptions> = {}): ReturnType<typeof fabricGatewayFor> {
  return fabricGatewayFor({
    gatewayFor: () => fake.gateway,
    service,
    channel: 'loulan',
    chaincode: 'loulan',
    timeouts,
    policy: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    journal: new SqliteTransactionJournal(openDatabase(':memory:', TRANSACTION_JOURNAL_MIGRATIONS)),
    logger: pino({ level: 'silent' }),
    release: () => undefined,
    ...overrides,
  });
}

function expectDeadline(options: unknown, timeoutMs: number, before: number): void {
  const deadline = (options as { deadline: number }).deadline;
  expect(deadline).toBeGreaterThanOrEqual(before + timeoutMs);
  expect(deadline).toBeLessThanOrEqual(Date.now() + timeoutMs);
}

describe('fabricGatewayFor', () => {
  it('evaluates on the named contract of the configured chaincode with the evaluate deadline', async () => {
    const fake = scriptedNetwork();
    const fabric = adapter(fake);
    const before = Date.now();

    const result = await fabric.evaluate('points', 'GetBalance', ['m-1']);

    expect(Buffer.from(result).toString()).toBe('{"ok":true}');
    expect(fake.getContract).toHaveBeenCalledWith('loulan', 'points');
    expect(fake.contract.newProposal).toHaveBeenCalledWith('GetBalance', { arguments: ['m-1'] });
    expectDeadline(fake.proposal.evaluate.mock.calls[0]?.[0], timeouts.evaluateMs, before);
  });

  it('lets a call shorten the evaluate deadline', async () => {
    const fake = scriptedNetwork();
    const fabric = adapter(fake);
    const before = Date.now();

    await fabric.evaluate('system', 'Ping', [], { timeoutMs: 50 });

    expectDeadline(fake.proposal.evaluate.mock.calls[0]?.[0], 50, before);
  });

  it('submits step by step and returns result, transaction id and block number', async () => {
    const fake = scriptedNetwork();
    const fabric = adapter(fake);
    const before = Date.now();

    const outcome = await fabric.submit('points', 'Earn', ['m-1', '5']);

    expect(outcome).toEqual({ result: Buffer.from('"done"'), transactionId: 'tx-1', blockNumber: 42n });
    expectDeadline(fake.proposal.endorse.mock.calls[0]?.[0], timeouts.endorseMs, before);
    expectDeadline(fake.signed.submit.mock.calls[0]?.[0], timeouts.submitMs, before);
    expectDeadline(fake.submitted.getStatus.mock.calls[0]?.[0], timeouts.commitStatusMs, before);
  });

  it('rejects with TransactionFailedError when the transaction is invalidated', async () => {
    const fake = scriptedNetwork({ successful: false });
    const fabric = adapter(fake);

    const failure = fabric.submit('points', 'Earn', ['m-1', '5']);

    await expect(failure).rejects.toBeInstanceOf(TransactionFailedError);
    await expect(failure).rejects.toMatchObject({
      transactionId: 'tx-1',
      validationCode: StatusCode.ENDORSEMENT_POLICY_FAILURE,
    });
  });

  it('translates endorsement failures into chaincode errors', async () => {
    const endorseError = new EndorseError({
      code: GrpcStatus.ABORTED,
      details: [
        {
          address: 'peer0:7051',
          mspId: 'Org1MSP',
          message: 'chaincode response 500, {"code":"INSUFFICIENT_POINTS","message":"balance too low"}',
        },
      ],
      cause: serviceError(GrpcStatus.ABORTED, 'failed to endorse transaction'),
      transactionId: 'tx-1',
    });
    const fabric = adapter(scriptedNetwork({ endorseError }));

    const failure = fabric.submit('points', 'Redeem', ['m-1', '500']);

    await expect(failure).rejects.toBeInstanceOf(ChaincodeError);
    await expect(failure).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS', transactionId: 'tx-1' });
  });

  it('resolves a batch of pending entries: an earlier process’s at once, its own once past the write deadline', async () => {
    jest.useFakeTimers();
    try {
      const fake = scriptedNetwork();
      const journal = new SqliteTransactionJournal(openDatabase(':memory:', TRANSACTION_JOURNAL_MIGRATIONS));
      const record = (id: string): void => {
        journal.record({ transactionId: id, transaction: Buffer.from(id), commitRequest: Buffer.from(`commit-${id}`), fingerprint: 'f' });
      };
      const getStatus = jest.fn().mockResolvedValue({ successful: true, code: StatusCode.VALID, blockNumber: 3n, transactionId: 'x' });
      jest.mocked(fake.gateway.newCommit).mockReturnValue({ getStatus } as unknown as ReturnType<AdapterGateway['newCommit']>);
      const pendingIds = (): string[] => journal.pending().map((entry) => entry.transactionId);
      record('tx-earlier-1');
      record('tx-earlier-2');
      jest.advanceTimersByTime(1);
      const fabric = adapter(fake, { journal });
      jest.advanceTimersByTime(1);
      record('tx-mine');

      expect(await fabric.resolvePending(1)).toEqual({ committed: 1, invalid: 0, unknown: 0 });
      expect(fake.gateway.newCommit).toHaveBeenCalledWith(Buffer.from('commit-tx-earlier-1'));
      expect(pendingIds()).toEqual(['tx-earlier-2', 'tx-mine']);
      await fabric.resolvePending(10);
      expect(pendingIds()).toEqual(['tx-mine']);
      // Exactly one write deadline old: a request could still be waiting for it.
      jest.advanceTimersByTime(timeouts.writeMs);
      await fabric.resolvePending(10);
      expect(pendingIds()).toEqual(['tx-mine']);
      jest.advanceTimersByTime(1);
      await fabric.resolvePending(10);
      expect(pendingIds()).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('releases the connection once however often it is closed', () => {
    const release = jest.fn();
    const fabric = adapter(scriptedNetwork(), { release });

    fabric.close();
    fabric.close();

    expect(release).toHaveBeenCalledTimes(1);
  });
});

describe('connectFabric', () => {
  let pki: TestPki;

  beforeAll(() => {
    pki = createTestPki();
  });

  function configWith(peer: Partial<GatewayConfig['peer']>, identity: Partial<GatewayConfig['identity']> = {}): GatewayConfig {
    const base = testConfig();
    return {
      ...base,
      peer: { ...base.peer, tlsCaFile: pki.certFile, ...peer },
      identity: { ...base.identity, certFile: pki.certFile, keyFile: pki.keyFile, ...identity },
    };
  }

  it('reports every unparsable PEM file as a configuration problem', () => {
    const notPem = join(__dirname, 'fabric-connection.test.ts');

    const err = thrownBy(() => connectForTest(configWith({ tlsCaFile: notPem }, { certFile: notPem, keyFile: notPem })));

    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      expect.stringMatching(/^LOULAN_PEER_TLS_CA_FILE: .* is not a valid PEM certificate/),
      expect.stringMatching(/^LOULAN_IDENTITY_CERT_FILE: .* is not a valid PEM certificate/),
      expect.stringMatching(/^LOULAN_IDENTITY_KEY_FILE: .* is not a valid PEM private key/),
    ]);
  });

  it('refuses a key that does not match the certificate', () => {
    expect(() => connectForTest(configWith({}, { keyFile: pki.otherKeyFile }))).toThrow(
      'LOULAN_IDENTITY_KEY_FILE does not hold the private key of LOULAN_IDENTITY_CERT_FILE',
    );
  });

  it('fails calls with NetworkUnavailableError when nothing listens at the peer endpoint', async () => {
    const port = await unusedPort();
    const fabric = connectForTest(configWith({ endpoint: `127.0.0.1:${port}`, hostAlias: 'peer0.org1.loulan.test' }));
    try {
      await expect(fabric.evaluate('system', 'Ping', [], { timeoutMs: 3_000 })).rejects.toBeInstanceOf(NetworkUnavailableError);
    } finally {
      fabric.close();
    }
  });
});

/** connectFabric with a throw-away journal. */
function connectForTest(config: GatewayConfig): ReturnType<typeof connectFabric> {
  return connectFabric(config, {
    journal: new SqliteTransactionJournal(openDatabase(':memory:', TRANSACTION_JOURNAL_MIGRATIONS)),
    logger: pino({ level: 'silent' }),
  });
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

/** A port that was free a moment ago, so connecting to it is refused. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') {
    throw new Error('expected a TCP address');
  }
  return address.port;
}

describe('fabricGatewayFor identities', () => {
  const member: CallerIdentity = {
    identity: { mspId: 'Org1MSP', credentials: Buffer.from('member-cert') },
    signer: jest.fn(async () => Buffer.from('member-signature')),
  };

  it('evaluates and submits under the caller’s identity, the service identity otherwise', async () => {
    const fake = scriptedNetwork();
    const gatewayFor = jest.fn<AdapterGateway, [caller: CallerIdentity]>().mockReturnValue(fake.gateway);
    const fabric = adapter(fake, { gatewayFor });

    await fabric.evaluate('points', 'GetBalance', ['a'], { caller: member });
    await fabric.submit('points', 'Mint', ['r', '1'], { caller: member });
    await fabric.evaluate('system', 'Ping', []);

    expect(gatewayFor.mock.calls.map(([caller]) => caller)).toEqual([service, member, member, service]);
    // The envelope is signed by the member's own signer before it is sent.
    expect(member.signer).toHaveBeenCalledWith(Buffer.from('digest'));
  });
});
