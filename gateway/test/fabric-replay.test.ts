import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, type Status, StatusCode } from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos } from '@hyperledger/fabric-protos';
import pino from 'pino';

import { type AdapterGateway, fabricGatewayFor } from '../src/fabric/connection';
import { ChaincodeError, NetworkUnavailableError } from '../src/fabric/errors';
import type { CallerIdentity } from '../src/fabric/gateway';
import { SqliteTransactionJournal, TRANSACTION_JOURNAL_MIGRATIONS } from '../src/fabric/journal';
import { committedRequestOf, ReplayAnswerer, type ReplayGateway } from '../src/fabric/replay';
import { httpStatusFor } from '../src/http/errors';
import { openDatabase } from '../src/storage/database';
import { testConfig } from './support/fakes';
import { serviceError } from './support/grpc';

const service: CallerIdentity = {
  identity: { mspId: 'PlatformMSP', credentials: Buffer.from('service-cert') },
  signer: async () => Buffer.from('service-signature'),
};
const merchant: CallerIdentity = {
  identity: { mspId: 'RetailMSP', credentials: Buffer.from('merchant-cert') },
  signer: async () => Buffer.from('merchant-signature'),
};

const FIRST_TX = 'tx-first';
const FIRST_RESULT = '{"orderId":"o-1","pointsEarned":20,"txId":"tx-first"}';

/** The peer's endorsement refusal carrying a chaincode error, as fabric-gateway reports it. */
function refusal(chaincodeError: object, transactionId = 'tx-retry'): EndorseError {
  return new EndorseError({
    code: GrpcStatus.ABORTED,
    details: [{ address: 'peer0:7051', mspId: 'RetailMSP', message: `chaincode response 500, ${JSON.stringify(chaincodeError)}` }],
    cause: serviceError(GrpcStatus.ABORTED, 'failed to endorse transaction'),
    transactionId,
  });
}

const COMMITTED = refusal({
  code: 'REQUEST_COMMITTED',
  message: 'request o-1 was executed by transaction tx-first',
  details: { requestId: 'o-1', txId: FIRST_TX },
});

interface Script {
  /** What each endorsement of the write does, attempt by attempt; endorsed when absent. */
  readonly endorse?: Error | ReadonlyArray<Error | undefined>;
  /** Validation code of each ordered attempt; VALID when absent. */
  readonly validation?: readonly Status['code'][];
  /** What `points:GetRequest` answers or throws. */
  readonly record?: unknown;
  /** What the commit status of the first transaction answers or throws. */
  readonly status?: Partial<Status> | Error;
}

/** What endorsement number `attempt` (from 0) does under `endorse`: the one error for all, or its own. */
function endorseErrorAt(endorse: Script['endorse'], attempt: number): Error | undefined {
  return endorse === undefined || endorse instanceof Error ? endorse : endorse[attempt];
}

/** A fabric-gateway stand-in recording what the adapter asks of it. */
function scripted(script: Script) {
  const proposals: Array<{ name: string; options: unknown }> = [];
  const contracts: Array<string | undefined> = [];
  const commitRequests: Uint8Array[] = [];
  const submitted = jest.fn();
  let endorsements = 0;
  const newProposal = jest.fn((name: string, options: unknown) => {
    proposals.push({ name, options });
    const endorseError = endorseErrorAt(script.endorse, endorsements);
    return {
      getTransactionId: () => (name === 'GetRequest' ? 'tx-query' : 'tx-retry'),
      evaluate: jest.fn(async () => {
        if (script.record instanceof Error) {
          throw script.record;
        }
        return Buffer.from(typeof script.record === 'string' ? script.record : JSON.stringify(script.record));
      }),
      endorse: jest.fn(async () => {
        endorsements += 1;
        if (endorseError !== undefined) {
          throw endorseError;
        }
        return { getBytes: () => Buffer.from('unsigned'), getDigest: () => Buffer.from('digest') };
      }),
    };
  });
  const gateway = {
    getNetwork: () => ({
      getContract: (_chaincode: string, contract?: string) => {
        contracts.push(contract);
        return { newProposal };
      },
    }),
    newSignedTransaction: jest.fn(() => ({
      getBytes: () => Buffer.from('signed'),
      getResult: () => Buffer.from('{"fresh":true}'),
      submit: submitted.mockImplementation(async () => {
        const code = script.validation?.[submitted.mock.calls.length - 1] ?? StatusCode.VALID;
        return {
          getStatus: async (): Promise<Status> => ({
            successful: code === StatusCode.VALID,
            code,
            blockNumber: 99n,
            transactionId: 'tx-retry',
          }),
        };
      }),
    })),
    newCommit: jest.fn((bytes: Uint8Array) => {
      commitRequests.push(bytes);
      return {
        getStatus: async (): Promise<Status> => {
          if (script.status instanceof Error) {
            throw script.status;
          }
          return { successful: true, code: StatusCode.VALID, blockNumber: 41n, transactionId: FIRST_TX, ...script.status };
        },
      };
    }),
    newTransaction: jest.fn(),
  };
  return { gateway, proposals, contracts, commitRequests, submitted };
}

const record = { requestId: 'o-1', txId: FIRST_TX, result: FIRST_RESULT };

function answerer(): ReplayAnswerer {
  return new ReplayAnswerer({
    channel: 'loulan',
    chaincode: 'loulan',
    peerOrganization: 'PlatformMSP',
    evaluateTimeoutMs: 1_000,
    commitStatusTimeoutMs: 4_000,
  });
}

function transactionIdOf(commitRequest: Uint8Array): string {
  const signed = gatewayProtos.SignedCommitStatusRequest.deserializeBinary(commitRequest);
  return gatewayProtos.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8()).getTransactionId();
}

describe('a retried write through the Fabric adapter', () => {
  function adapter(fake: ReturnType<typeof scripted>, maxRetries = 0) {
    return fabricGatewayFor({
      gatewayFor: () => fake.gateway as unknown as AdapterGateway,
      service,
      channel: 'loulan',
      chaincode: 'loulan',
      timeouts: testConfig().timeouts,
      policy: { maxRetries, baseDelayMs: 1, maxDelayMs: 1 },
      journal: new SqliteTransactionJournal(openDatabase(':memory:', TRANSACTION_JOURNAL_MIGRATIONS)),
      logger: pino({ level: 'silent' }),
      release: () => undefined,
    });
  }

  it('answers the first result, transaction and block, and orders nothing', async () => {
    const fake = scripted({ endorse: COMMITTED, record });

    const outcome = await adapter(fake).submit('points', 'RecordPurchase', ['o-1', 'alice', '2000', '', '7'], { caller: merchant });

    expect(outcome).toEqual({ result: Buffer.from(FIRST_RESULT), transactionId: FIRST_TX, blockNumber: 41n });
    expect(fake.gateway.newSignedTransaction).not.toHaveBeenCalled();
    expect(fake.submitted).not.toHaveBeenCalled();
    // The block is the commit status of the first transaction; the record is read on the gateway peer's org.
    expect(fake.commitRequests.map(transactionIdOf)).toEqual([FIRST_TX]);
    expect(fake.proposals[1]).toEqual({ name: 'GetRequest', options: { arguments: ['o-1'], endorsingOrganizations: ['PlatformMSP'] } });
    expect(fake.contracts[1]).toBe('points');
  });

  it('answers the first execution to a retry that raced it: read conflict, then the refusal on re-endorsement', async () => {
    const fake = scripted({ endorse: [undefined, COMMITTED], validation: [StatusCode.MVCC_READ_CONFLICT], record });

    const outcome = await adapter(fake, 1).submit('points', 'RecordPurchase', ['o-1', 'alice', '2000', '', '9'], { caller: merchant });

    expect(outcome).toEqual({ result: Buffer.from(FIRST_RESULT), transactionId: FIRST_TX, blockNumber: 41n });
    // Only the invalidated attempt was ordered; nothing valid was added for the retry.
    expect(fake.submitted).toHaveBeenCalledTimes(1);
  });

  it('leaves a first execution alone: its own result, transaction and block', async () => {
    const fake = scripted({ record });

    const outcome = await adapter(fake).submit('points', 'RecordPurchase', ['o-1', 'alice', '2000', '', '7'], { caller: merchant });

    expect(outcome).toEqual({ result: Buffer.from('{"fresh":true}'), transactionId: 'tx-retry', blockNumber: 99n });
    expect(fake.gateway.newCommit).not.toHaveBeenCalled();
    expect(fake.proposals.map((p) => p.name)).toEqual(['RecordPurchase']);
  });

  it('keeps DUPLICATE_REQUEST for the same id with another content, reading nothing', async () => {
    const duplicate = refusal({ code: 'DUPLICATE_REQUEST', message: 'used', details: { requestId: 'o-1', txId: FIRST_TX } });
    const fake = scripted({ endorse: duplicate, record });

    const failure = adapter(fake).submit('points', 'RecordPurchase', ['o-1', 'alice', '9999', '', '7'], { caller: merchant });

    await expect(failure).rejects.toBeInstanceOf(ChaincodeError);
    await expect(failure).rejects.toMatchObject({ code: 'DUPLICATE_REQUEST' });
    expect(fake.gateway.newCommit).not.toHaveBeenCalled();
    expect(fake.proposals).toHaveLength(1);
  });
});

describe('ReplayAnswerer', () => {
  const committed = { requestId: 'o-1', txId: FIRST_TX };

  it('refuses to answer a record of another transaction than the refusal named', async () => {
    const fake = scripted({ record: { ...record, txId: 'tx-other' } });

    await expect(answerer().firstAnswer(fake.gateway as unknown as ReplayGateway, merchant, committed)).rejects.toThrow(/tx-other/);
  });

  it('refuses to answer from a transaction the peer reports invalid', async () => {
    const fake = scripted({ record, status: { successful: false, code: StatusCode.MVCC_READ_CONFLICT } });

    const failure = answerer().firstAnswer(fake.gateway as unknown as ReplayGateway, merchant, committed);

    await expect(failure).rejects.toThrow(/not valid/);
    await expect(failure).rejects.not.toBeInstanceOf(ChaincodeError);
  });

  it('answers 503 without outcomeUnknown when the peer does not confirm the first commit in time', async () => {
    const timeout = new CommitStatusError({
      code: GrpcStatus.DEADLINE_EXCEEDED,
      details: [],
      cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded'),
      transactionId: FIRST_TX,
    });
    const fake = scripted({ record, status: timeout });

    const failure = answerer().firstAnswer(fake.gateway as unknown as ReplayGateway, merchant, committed);

    await expect(failure).rejects.toBeInstanceOf(NetworkUnavailableError);
    await expect(failure).rejects.toMatchObject({ outcomeUnknown: false, details: undefined });
  });

  it('turns a refused record read into a gateway fault, never a client error', async () => {
    const notFound = refusal({ code: 'NOT_FOUND', message: 'request o-1 was not executed for this caller' }, 'tx-query');
    const fake = scripted({ record: notFound });

    const failure = answerer().firstAnswer(fake.gateway as unknown as ReplayGateway, merchant, committed);

    await expect(failure).rejects.toThrow(/GetRequest failed/);
    await expect(failure).rejects.not.toBeInstanceOf(ChaincodeError);
  });

  it('refuses an answer that is not a request record', async () => {
    const fake = scripted({ record: { txId: FIRST_TX, result: { not: 'text' } } });

    await expect(answerer().firstAnswer(fake.gateway as unknown as ReplayGateway, merchant, committed)).rejects.toThrow(
      /other than a request record/,
    );
  });
});

describe('committedRequestOf', () => {
  it('reads the business id and transaction of a REQUEST_COMMITTED refusal', () => {
    const err = new ChaincodeError('REQUEST_COMMITTED', 'executed', { details: { requestId: 'r-1', txId: 'tx-1' } });
    expect(committedRequestOf(err)).toEqual({ requestId: 'r-1', txId: 'tx-1' });
  });

  it.each([
    ['another chaincode code', new ChaincodeError('DUPLICATE_REQUEST', 'used', { details: { requestId: 'r-1', txId: 'tx-1' } })],
    ['a refusal without its transaction', new ChaincodeError('REQUEST_COMMITTED', 'executed', { details: { requestId: 'r-1' } })],
    ['a network failure', new NetworkUnavailableError('down')],
    ['a plain error', new Error('REQUEST_COMMITTED')],
  ])('ignores %s', (_what, err) => {
    expect(committedRequestOf(err)).toBeUndefined();
  });

  it('would be a gateway fault (500), not a business refusal (422), if one ever reached the HTTP layer', () => {
    const err = new ChaincodeError('REQUEST_COMMITTED', 'executed', { details: { requestId: 'r-1', txId: 'tx-1' } });
    expect(httpStatusFor(err)).toBe(500);
  });
});
