import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, type Status, StatusCode } from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import pino from 'pino';

import { signedCommitStatusRequest } from '../src/fabric/commit-request';
import { type FabricConnection, resolvePendingPeriodically } from '../src/fabric/connection';
import { NetworkUnavailableError } from '../src/fabric/errors';
import { type JournalEntry, SqliteTransactionJournal, TRANSACTION_JOURNAL_MIGRATIONS } from '../src/fabric/journal';
import { NO_FABRIC_METRICS } from '../src/fabric/metrics';
import { type ReplayGateway, TransactionResolver } from '../src/fabric/resolver';
import { openDatabase } from '../src/storage/database';
import { memoryLogger } from './support/fakes';
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

    const result = await resolverWith(fake.gateway, journal).resolve(entry('tx-1'), Date.now() + 1_000);

    expect(result).toMatchObject({ successful: true, blockNumber: 12n });
    expect(fake.newCommit).toHaveBeenCalledWith(Buffer.from('commit-tx-1'));
    expect(fake.newTransaction).not.toHaveBeenCalled();
    expect(journal.pending()).toEqual([]);
  });

  it('resubmits the same signed envelope when the peer does not know the transaction', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([stillUnknown(), status(StatusCode.VALID)]);

    await resolverWith(fake.gateway, journal).resolve(entry('tx-1'), Date.now() + 1_000);

    expect(fake.newTransaction).toHaveBeenCalledTimes(1);
    expect(fake.newTransaction).toHaveBeenCalledWith(Buffer.from('envelope-tx-1'));
    expect(journal.pending()).toEqual([]);
  });

  it('reports an invalidated transaction as settled, not unknown', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([status(StatusCode.MVCC_READ_CONFLICT)]);

    const result = await resolverWith(fake.gateway, journal).resolve(entry('tx-1'), Date.now() + 1_000);

    expect(result.successful).toBe(false);
    expect(journal.pending()).toEqual([]);
  });

  it('leaves the entry pending and says so when the outcome stays unknown', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([stillUnknown(), stillUnknown()]);

    const failure = resolverWith(fake.gateway, journal).resolve(entry('tx-1'), Date.now() + 1_000);

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
    const fake = replay([status(StatusCode.VALID), status(StatusCode.MVCC_READ_CONFLICT), stillUnknown(), stillUnknown()]);

    const counts = await resolverWith(fake.gateway, journal).resolvePending({ entryBudgetMs: 1_000 });

    expect(counts).toEqual({ committed: 1, invalid: 1, unknown: 1 });
    expect(journal.pending().map((e) => e.transactionId)).toEqual(['tx-3']);
  });
});

describe('SqliteTransactionJournal for background resolution', () => {
  it('lists at most `limit` entries, only those recorded before the cut-off, least recently looked up first', () => {
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const journal = journalAt(clock);
    journal.record(entry('tx-1'));
    clock.now = new Date('2025-01-01T00:00:01Z');
    journal.record(entry('tx-2'));
    clock.now = new Date('2025-01-01T00:00:02Z');
    journal.record(entry('tx-3'));
    const ids = (query: Parameters<SqliteTransactionJournal['pending']>[0]): string[] => journal.pending(query).map((e) => e.transactionId);

    expect(ids({ limit: 2 })).toEqual(['tx-1', 'tx-2']);
    expect(ids({ recordedBefore: new Date('2025-01-01T00:00:02Z') })).toEqual(['tx-1', 'tx-2']);

    clock.now = new Date('2025-01-01T00:01:00Z');
    journal.postpone('tx-1');
    expect(ids({ limit: 2 })).toEqual(['tx-2', 'tx-3']);
    expect(ids({})).toEqual(['tx-2', 'tx-3', 'tx-1']);
    expect(journal.pendingCount()).toBe(3);
  });

  it('does not postpone a settled entry back to pending', () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    journal.settle('tx-1', { state: 'COMMITTED' });

    journal.postpone('tx-1');

    expect(journal.pending()).toEqual([]);
    expect(journal.pendingCount()).toBe(0);
  });
});

describe('TransactionResolver deadlines and batches', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shares the time left between the status queries, leaving room for the resubmission', async () => {
    jest.useFakeTimers();
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const deadlines: number[] = [];
    const gateway = {
      newCommit: () => ({
        getStatus: (options: { deadline: number }) => {
          deadlines.push(options.deadline);
          return new Promise((_, reject) =>
            setTimeout(() => {
              reject(stillUnknown());
            }, options.deadline - Date.now()),
          );
        },
      }),
      newTransaction: () => ({ submit: async () => ({}) }),
    } as unknown as ReplayGateway;
    const resolver = new TransactionResolver({
      gateway,
      journal,
      metrics: NO_FABRIC_METRICS,
      logger: pino({ level: 'silent' }),
      submitTimeoutMs: 5_000,
      commitStatusTimeoutMs: 60_000,
      resubmits: 1,
    });
    const start = Date.now();

    const failure = resolver.resolve(entry('tx-1'), start + 10_000);
    const checked = expect(failure).rejects.toMatchObject({ outcomeUnknown: true });
    await jest.advanceTimersByTimeAsync(10_000);

    await checked;
    expect(deadlines).toEqual([start + 5_000, start + 10_000]);
  });

  it('asks nothing once the deadline has passed', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    const fake = replay([status(StatusCode.VALID)]);

    await expect(resolverWith(fake.gateway, journal).resolve(entry('tx-1'), Date.now() - 1)).rejects.toMatchObject({
      code: 'NETWORK_UNAVAILABLE',
      outcomeUnknown: true,
    });
    expect(fake.newCommit).not.toHaveBeenCalled();
  });

  it('takes one batch per run and postpones what stays unknown, so later entries get their turn', async () => {
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const journal = journalAt(clock);
    for (const id of ['tx-1', 'tx-2', 'tx-3']) {
      journal.record(entry(id));
      clock.now = new Date(clock.now.getTime() + 1_000);
    }
    // tx-1 and tx-2 stay unknown (two queries each), tx-3 is committed; then every query is unknown.
    const fake = replay([stillUnknown(), stillUnknown(), stillUnknown(), stillUnknown(), status(StatusCode.VALID)]);
    const pendingTransactions = jest.fn();
    const resolver = new TransactionResolver({
      gateway: fake.gateway,
      journal,
      metrics: { ...NO_FABRIC_METRICS, pendingTransactions },
      logger: pino({ level: 'silent' }),
      submitTimeoutMs: 100,
      commitStatusTimeoutMs: 100,
      resubmits: 1,
    });

    expect(await resolver.resolvePending({ limit: 2, entryBudgetMs: 1_000 })).toEqual({ committed: 0, invalid: 0, unknown: 2 });
    expect(pendingTransactions).toHaveBeenLastCalledWith(3);

    // The next run, a while later: tx-3 first (never looked up), then tx-1, which stays unknown again.
    clock.now = new Date(clock.now.getTime() + 30_000);
    expect(await resolver.resolvePending({ limit: 2, entryBudgetMs: 1_000 })).toEqual({ committed: 1, invalid: 0, unknown: 1 });
    expect(journal.pending().map((e) => e.transactionId)).toEqual(['tx-2', 'tx-1']);
    expect(pendingTransactions).toHaveBeenLastCalledWith(2);
  });

  it('stops a run before its next entry once aborted', async () => {
    const journal = journalAt({ now: new Date() });
    journal.record(entry('tx-1'));
    journal.record(entry('tx-2'));
    const controller = new AbortController();
    // Shutdown comes while the first entry is being looked up.
    const gateway = {
      newCommit: () => ({
        getStatus: async () => {
          controller.abort();
          return status(StatusCode.VALID);
        },
      }),
      newTransaction: jest.fn(),
    } as unknown as ReplayGateway;

    const counts = await resolverWith(gateway, journal).resolvePending({ entryBudgetMs: 1_000, signal: controller.signal });

    expect(counts).toEqual({ committed: 1, invalid: 0, unknown: 0 });
    expect(journal.pending().map((e) => e.transactionId)).toEqual(['tx-2']);
  });
});

describe('resolvePendingPeriodically', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function fakeConnection(resolvePending: FabricConnection['resolvePending']): FabricConnection {
    return { evaluate: jest.fn(), submit: jest.fn(), close: jest.fn(), resolvePending };
  }

  it('runs at once, then one batch per interval after each run ends, and stops on request', async () => {
    const runs: Array<{ limit: number; signal?: AbortSignal }> = [];
    const resolvePending = jest.fn(async (limit: number, signal?: AbortSignal) => {
      runs.push({ limit, ...(signal === undefined ? {} : { signal }) });
      // A slow run: the next one is due 1 s after this one ends, not 1 s after it started.
      await new Promise((done) => setTimeout(done, 5_000));
      return { committed: 1, invalid: 0, unknown: 0 };
    });
    const { logger, lines } = memoryLogger();

    const task = resolvePendingPeriodically(fakeConnection(resolvePending), { intervalMs: 1_000, batchSize: 7 }, logger);
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(5_999);
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
    expect(runs.map((run) => run.limit)).toEqual([7, 7]);
    expect(lines.filter((line) => line.msg === 'pending transactions resolved')).toHaveLength(1);

    task.stop();
    expect(runs[1]?.signal?.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(2);
  });

  it('keeps its schedule after a failed run, and logs nothing for a run with nothing to do', async () => {
    const resolvePending = jest
      .fn<ReturnType<FabricConnection['resolvePending']>, Parameters<FabricConnection['resolvePending']>>()
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockResolvedValue({ committed: 0, invalid: 0, unknown: 0 });
    const { logger, lines } = memoryLogger();

    const task = resolvePendingPeriodically(fakeConnection(resolvePending), { intervalMs: 1_000, batchSize: 1 }, logger);
    await jest.advanceTimersByTimeAsync(2_000);
    task.stop();

    expect(resolvePending).toHaveBeenCalledTimes(3);
    expect(lines.map((line) => line.msg)).toEqual(['resolving pending transactions failed']);
  });
});
