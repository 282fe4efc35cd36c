import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, StatusCode, type Status } from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import pino from 'pino';
import { signedCommitStatusRequest } from '../src/fabric/commit-request';
import { NetworkUnavailableError } from '../src/fabric/errors';
import { SqliteTransactionJournal, TRANSACTION_JOURNAL_MIGRATIONS, type JournalEntry } from '../src/fabric/journal';
import { NO_FABRIC_METRICS } from '../src/fabric/metrics';
import { TransactionResolver, type ReplayGateway } from '../src/fabric/resolver';
import { openDatabase } from '../src/storage/database';
import { serviceError } from './support/grpc';

function entry(id: string): JournalEntry {
  return {
    transactionId: id,
    transaction: Buffer.from(`envelope-${id}`),
    commitRequest: Buffer.from(`commit-${id}`),
    fingerprint: 'f'.repeat(64),
  };
}

function journalAt(clock: { now: Date }): SqliteTransactionJournal {
  return new SqliteTransactionJournal(openDatabase(':memory:', TRANSACTION_JOURNAL_MIGRATIONS), () => clock.now);
}

describe('SqliteTransactionJournal', () => {
  it('lists recorded entries as pending until they are settled', () => {
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const journal = journalAt(clock);

    journal.record(entry('tx-1'));
    journal.record(entry('tx-2'));
    journal.settle('tx-1', { state: 'COMMITTED', validationCode: 0, blockNumber: 5n });

    expect(journal.pending()).toEqual([
      {
        transactionId: 'tx-2',
        transaction: Buffer.from('envelope-tx-2'),
        commitRequest: Buffer.from('commit-tx-2'),
        fingerprint: 'f'.repeat(64),
      },
    ]);
  });

  it('prunes settled entries older than the cut-off, never pending ones', () => {
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const journal = journalAt(clock);
    journal.record(entry('tx-old'));
    journal.record(entry('tx-pending'));
    journal.settle('tx-old', { state: 'REJECTED' });
    clock.now = new Date('2025-01-09T00:00:00Z');

    expect(journal.pruneSettled(new Date('2025-01-02T00:00:00Z'))).toBe(1);
    expect(journal.pending().map((e) => e.transactionId)).toEqual(['tx-pending']);
  });
});

describe('signedCommitStatusRequest', () => {
  it('is a signed request for the transaction, from the caller', async () => {
    const signer = jest.fn(async () => Buffer.from('sig'));
    const bytes = await signedCommitStatusRequest('loulan', 'tx-1', {
      identity: { mspId: 'PlatformMSP', credentials: Buffer.from('cert') },
      signer,
    });

    const signed = gatewayProtos.SignedCommitStatusRequest.deserializeBinary(bytes);
    const request = gatewayProtos.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8());
    const creator = msp.SerializedIdentity.deserializeBinary(request.getIdentity_asU8());
    expect(request.getChannelId()).toBe('loulan');
    expect(request.getTransactionId()).toBe('tx-1');
    expect(creator.getMspid()).toBe('PlatformMSP');
    expect(Buffer.from(signed.getSignature_asU8()).toString()).toBe('sig');
    expect(signer).toHaveBeenCalledTimes(1);
  });
});

const stillUnknown = (): CommitStatusError =>
  new CommitStatusError({
    code: GrpcStatus.DEADLINE_EXCEEDED,
    details: [],
    cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded'),
    transactionId: 'tx-1',
  });

function status(code: Status['code'], blockNumber = 3n): Status {
  return { transactionId: 'tx-1', code, blockNumber, successful: code === StatusCode.VALID };
}

/** A replay gateway whose commit-status answers follow `answers` (an Error is thrown). */
function replay(answers: Array<Status | Error>) {
  const getStatus = jest.fn(async () => {
    const next = answers.shift();
    if (next === undefined || next instanceof Error) {
      throw next ?? stillUnknown();
    }
    return next;
  });
  const submit = jest.fn(async () => ({}));
  const newCommit = jest.fn(() => ({ getStatus }));
  const newTransaction = jest.fn(() => ({ submit }));
  return { gateway: { newCommit, newTransaction } as unknown as ReplayGateway, newCommit, newTransaction, submit };
}

function resolverWith(gateway: ReplayGateway, journal: SqliteTransactionJournal): TransactionResolver {
  return new TransactionResolver({
    gateway,
    journal,
    metrics: NO_FABRIC_METRICS,
    logger: pino({ level: 'silent' }),
    submitTimeoutMs: 100,
    commitStatusTimeoutMs: 100,
    resubmits: 1,
  });
}

describe('TransactionResolver', () => {
  it('settles a transaction the peer knows, without resubmitting', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([status(StatusCode.VALID, 12n)]);

    const result = await resolverWith(fake.gateway, journal).resolve(entry('tx-1'));

    expect(result).toMatchObject({ successful: true, blockNumber: 12n });
    expect(fake.newCommit).toHaveBeenCalledWith(Buffer.from('commit-tx-1'));
    expect(fake.newTransaction).not.toHaveBeenCalled();
    expect(journal.pending()).toEqual([]);
  });

  it('resubmits the same signed envelope when the peer does not know the transaction', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([stillUnknown(), status(StatusCode.VALID)]);

    await resolverWith(fake.gateway, journal).resolve(entry('tx-1'));

    expect(fake.newTransaction).toHaveBeenCalledTimes(1);
    expect(fake.newTransaction).toHaveBeenCalledWith(Buffer.from('envelope-tx-1'));
    expect(journal.pending()).toEqual([]);
  });

  it('reports an invalidated transaction as settled, not unknown', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([status(StatusCode.MVCC_READ_CONFLICT)]);

    const result = await resolverWith(fake.gateway, journal).resolve(entry('tx-1'));

    expect(result.successful).toBe(false);
    expect(journal.pending()).toEqual([]);
  });

  it('leaves the entry pending and says so when the outcome stays unknown', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([stillUnknown(), stillUnknown()]);

    const failure = resolverWith(fake.gateway, journal).resolve(entry('tx-1'));

    await expect(failure).rejects.toBeInstanceOf(NetworkUnavailableError);
    await expect(failure).rejects.toMatchObject({
      outcomeUnknown: true,
      details: { transactionId: 'tx-1', outcomeUnknown: true },
    });
    expect(fake.newTransaction).toHaveBeenCalledTimes(1);
    expect(journal.pending().map((e) => e.transactionId)).toEqual(['tx-1']);
  });

  it('resolves every pending entry at start-up and counts the outcomes', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    journal.record(entry('tx-2'));
    journal.record(entry('tx-3'));
    const fake = replay([
      status(StatusCode.VALID),
      status(StatusCode.MVCC_READ_CONFLICT),
      stillUnknown(),
      stillUnknown(),
    ]);

    const counts = await resolverWith(fake.gateway, journal).resolvePending();

    expect(counts).toEqual({ committed: 1, invalid: 1, unknown: 1 });
    expect(journal.pending().map((e) => e.transactionId)).toEqual(['tx-3']);
  });
});
