import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError, type Status, StatusCode } from '@hyperledger/fabric-gateway';
import pino from 'pino';

import {
  ChaincodeError,
  FabricRequestError,
  NetworkUnavailableError,
  TransactionFailedError,
  TransactionTooLargeError,
} from '../src/fabric/errors';
import type { CallerIdentity } from '../src/fabric/gateway';
import type { JournalEntry, Settlement, TransactionJournal } from '../src/fabric/journal';
import { type FabricMetrics, NO_FABRIC_METRICS } from '../src/fabric/metrics';
import { type ReplayGateway, TransactionResolver } from '../src/fabric/resolver';
import { backoffDelayMs, isEndorsementMismatch, PAYLOAD_MISMATCH_DETAIL } from '../src/fabric/retry';
import { MIN_ORDERING_WINDOW_MS, type SubmitGateway, TransactionSubmitter } from '../src/fabric/submitter';
import { serviceError } from './support/grpc';

const caller: CallerIdentity = {
  identity: { mspId: 'PlatformMSP', credentials: Buffer.from('cert') },
  signer: async () => Buffer.from('signature'),
};

const timeouts = { evaluateMs: 1_000, endorseMs: 2_000, submitMs: 3_000, commitStatusMs: 4_000, writeMs: 60_000 };

/** In-memory journal recording the order of calls. */
class MemoryJournal implements TransactionJournal {
  readonly events: string[] = [];
  readonly entries = new Map<string, JournalEntry>();
  readonly settlements = new Map<string, Settlement>();
  record(entry: JournalEntry): void {
    this.events.push(`record:${entry.transactionId}`);
    this.entries.set(entry.transactionId, entry);
  }
  settle(transactionId: string, settlement: Settlement): void {
    this.events.push(`settle:${transactionId}:${settlement.state}`);
    this.settlements.set(transactionId, settlement);
  }
  pending(): JournalEntry[] {
    return [...this.entries.values()].filter((entry) => !this.settlements.has(entry.transactionId));
  }
  pendingCount(): number {
    return this.pending().length;
  }
  postpone(): void {
    // Order does not matter to these tests.
  }
  pruneSettled(): number {
    return 0;
  }
}

type Step = {
  endorse?: Error;
  status?: Status['code'];
  submitError?: Error;
  /** Endorsement answers only after this long (with fake timers). */
  endorseTakesMs?: number;
  /** The commit status never comes: the query fails with DEADLINE_EXCEEDED at its deadline. */
  commitHangs?: boolean;
};

/** The deadlines (epoch ms) each kind of call was given, in call order. */
interface Deadlines {
  readonly endorse: number[];
  readonly submit: number[];
  readonly status: number[];
}

/** Rejects with `error()` when `deadline` comes: how a gRPC call that gets no answer ends. */
function failAtDeadline(options: { deadline: number }, error: () => Error): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => {
      reject(error());
    }, options.deadline - Date.now()),
  );
}

function commitStatusTimeout(transactionId: string): CommitStatusError {
  return new CommitStatusError({
    code: GrpcStatus.DEADLINE_EXCEEDED,
    details: [],
    cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded'),
    transactionId,
  });
}

/** A fabric-gateway stand-in: attempt n uses `steps[n]`, transaction ids are tx-1, tx-2... */
function scripted(steps: Step[], journal: MemoryJournal) {
  let attempts = 0;
  const deadlines: Deadlines = { endorse: [], submit: [], status: [] };
  const newProposal = jest.fn(() => {
    const step = steps[attempts] ?? {};
    const id = `tx-${++attempts}`;
    return {
      getTransactionId: () => id,
      endorse: jest.fn(async (options: { deadline: number }) => {
        deadlines.endorse.push(options.deadline);
        if (step.endorseTakesMs !== undefined) {
          await new Promise((done) => setTimeout(done, step.endorseTakesMs));
        }
        if (step.endorse !== undefined) {
          throw step.endorse;
        }
        return { getBytes: () => Buffer.from(`unsigned-${id}`), getDigest: () => Buffer.from(`digest-${id}`) };
      }),
      step,
    };
  });
  const submitted: string[] = [];
  const newSignedTransaction = jest.fn((bytes: Uint8Array) => {
    const id = Buffer.from(bytes).toString().replace('unsigned-', '');
    const step = steps[Number(id.slice(3)) - 1] ?? {};
    return {
      getBytes: () => Buffer.from(`signed-${id}`),
      getResult: () => Buffer.from('{"ok":true}'),
      submit: jest.fn(async (options: { deadline: number }) => {
        deadlines.submit.push(options.deadline);
        // The journal entry must exist before anything reaches ordering.
        submitted.push(`${id}:journalled=${journal.entries.has(id)}`);
        if (step.submitError !== undefined) {
          throw step.submitError;
        }
        return {
          getStatus: async (statusOptions: { deadline: number }): Promise<Status> => {
            deadlines.status.push(statusOptions.deadline);
            if (step.commitHangs === true) {
              return failAtDeadline(statusOptions, () => commitStatusTimeout(id));
            }
            return {
              transactionId: id,
              blockNumber: 7n,
              code: step.status ?? StatusCode.VALID,
              successful: (step.status ?? StatusCode.VALID) === StatusCode.VALID,
            };
          },
        };
      }),
    };
  });
  const contract = { newProposal };
  const gateway = { getNetwork: () => ({ getContract: () => contract }), newSignedTransaction };
  return { gateway: gateway as unknown as SubmitGateway, newProposal, submitted, deadlines, attempts: () => attempts };
}

function submitterWith(
  journal: MemoryJournal,
  options: {
    maxRetries?: number;
    resolver?: TransactionResolver;
    metrics?: FabricMetrics;
    writeMs?: number;
    baseDelayMs?: number;
    timeouts?: typeof timeouts;
  } = {},
) {
  const sleep = jest.fn(async () => undefined);
  const stepTimeouts = options.timeouts ?? timeouts;
  const submitter = new TransactionSubmitter({
    channel: 'loulan',
    chaincode: 'loulan',
    timeouts: { ...stepTimeouts, writeMs: options.writeMs ?? stepTimeouts.writeMs },
    policy: { maxRetries: options.maxRetries ?? 5, baseDelayMs: options.baseDelayMs ?? 10, maxDelayMs: 10_000 },
    journal,
    resolver: options.resolver ?? stubResolver(jest.fn()),
    metrics: options.metrics ?? NO_FABRIC_METRICS,
    sleep,
    random: () => 0.5,
  });
  return { submitter, sleep };
}

const request = { contract: 'points', transaction: 'Mint', args: ['req-1', '500'] };

describe('TransactionSubmitter', () => {
  it('journals the signed envelope before submitting, then settles it as committed', async () => {
    const journal = new MemoryJournal();
    const fake = scripted([{}], journal);
    const { submitter } = submitterWith(journal);

    const outcome = await submitter.submit(fake.gateway, caller, request);

    expect(outcome).toEqual({ result: Buffer.from('{"ok":true}'), transactionId: 'tx-1', blockNumber: 7n });
    expect(fake.submitted).toEqual(['tx-1:journalled=true']);
    expect(journal.events).toEqual(['record:tx-1', 'settle:tx-1:COMMITTED']);
    const entry = journal.entries.get('tx-1');
    expect(Buffer.from(entry?.transaction ?? []).toString()).toBe('signed-tx-1');
    expect(entry?.commitRequest.length).toBeGreaterThan(0);
    expect(entry?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT])(
    'retries validation code %s with a fresh proposal until it commits',
    async (code) => {
      const journal = new MemoryJournal();
      const fake = scripted([{ status: code }, { status: code }, {}], journal);
      const metrics = { ...NO_FABRIC_METRICS, retried: jest.fn(), conflicted: jest.fn() };
      const { submitter, sleep } = submitterWith(journal, { metrics });

      const outcome = await submitter.submit(fake.gateway, caller, request);

      expect(outcome.transactionId).toBe('tx-3');
      expect(fake.newProposal).toHaveBeenCalledTimes(3);
      expect(sleep).toHaveBeenCalledTimes(2);
      expect(metrics.retried).toHaveBeenCalledTimes(2);
      expect(metrics.conflicted).toHaveBeenCalledTimes(2);
      expect(journal.settlements.get('tx-1')).toMatchObject({ state: 'INVALID', validationCode: code });
    },
  );

  it('gives up after the configured number of retries with TransactionFailedError', async () => {
    const journal = new MemoryJournal();
    const conflict = { status: StatusCode.MVCC_READ_CONFLICT };
    const fake = scripted([conflict, conflict, conflict, conflict], journal);
    const { submitter } = submitterWith(journal, { maxRetries: 2 });

    const failure = submitter.submit(fake.gateway, caller, request);

    await expect(failure).rejects.toBeInstanceOf(TransactionFailedError);
    await expect(failure).rejects.toMatchObject({ transactionId: 'tx-3' });
    expect(fake.attempts()).toBe(3);
  });

  it('does not retry other invalidations', async () => {
    const journal = new MemoryJournal();
    const fake = scripted([{ status: StatusCode.ENDORSEMENT_POLICY_FAILURE }, {}], journal);
    const { submitter } = submitterWith(journal);

    await expect(submitter.submit(fake.gateway, caller, request)).rejects.toBeInstanceOf(TransactionFailedError);
    expect(fake.attempts()).toBe(1);
  });

  it('never retries a business error of the chaincode', async () => {
    const journal = new MemoryJournal();
    const endorse = new EndorseError({
      code: GrpcStatus.ABORTED,
      details: [
        { address: 'peer0', mspId: 'PlatformMSP', message: 'chaincode response 500, {"code":"INSUFFICIENT_POINTS","message":"short"}' },
      ],
      cause: serviceError(GrpcStatus.ABORTED, 'failed to endorse transaction'),
      transactionId: 'tx-1',
    });
    const fake = scripted([{ endorse }, {}], journal);
    const { submitter } = submitterWith(journal);

    const failure = submitter.submit(fake.gateway, caller, request);

    await expect(failure).rejects.toBeInstanceOf(ChaincodeError);
    await expect(failure).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(fake.attempts()).toBe(1);
    expect(journal.events).toEqual([]);
  });

  it('retries endorsements refused because endorsers returned different payloads', async () => {
    const journal = new MemoryJournal();
    const endorse = mismatchError();
    const fake = scripted([{ endorse }, {}], journal);
    const { submitter } = submitterWith(journal);

    const outcome = await submitter.submit(fake.gateway, caller, request);

    expect(outcome.transactionId).toBe('tx-2');
  });

  it('gives up on endorsers that keep disagreeing with a retryable ENDORSEMENT_MISMATCH', async () => {
    const journal = new MemoryJournal();
    const endorse = mismatchError();
    const fake = scripted([{ endorse }, { endorse }, { endorse }], journal);
    const { submitter } = submitterWith(journal, { maxRetries: 2 });

    const failure = submitter.submit(fake.gateway, caller, request);

    await expect(failure).rejects.toMatchObject({ code: 'ENDORSEMENT_MISMATCH', details: { transactionId: 'tx-3' } });
    expect(fake.attempts()).toBe(3);
    expect(journal.events).toEqual([]);
  });

  it('resolves an unknown outcome by transaction id instead of endorsing again', async () => {
    const journal = new MemoryJournal();
    const lost = new CommitStatusError({
      code: GrpcStatus.DEADLINE_EXCEEDED,
      details: [],
      cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline'),
      transactionId: 'tx-1',
    });
    const fake = scripted([{ submitError: lost }], journal);
    const resolve = jest.fn(async (entry: JournalEntry): Promise<Status> => ({
      transactionId: entry.transactionId,
      blockNumber: 9n,
      code: StatusCode.VALID,
      successful: true,
    }));
    const { submitter } = submitterWith(journal, { resolver: stubResolver(resolve) });

    const outcome = await submitter.submit(fake.gateway, caller, request);

    expect(outcome).toMatchObject({ transactionId: 'tx-1', blockNumber: 9n });
    expect(resolve).toHaveBeenCalledWith(journal.entries.get('tx-1'), expect.any(Number));
    expect(fake.attempts()).toBe(1);
  });

  it('passes on a still-unknown outcome as NETWORK_UNAVAILABLE with outcomeUnknown', async () => {
    const journal = new MemoryJournal();
    const unavailable = serviceError(GrpcStatus.UNAVAILABLE, 'orderer gone');
    const fake = scripted([{ submitError: unavailable }], journal);
    const unknown = new NetworkUnavailableError('unknown', { transactionId: 'tx-1', outcomeUnknown: true });
    const { submitter } = submitterWith(journal, { resolver: stubResolver(jest.fn().mockRejectedValue(unknown)) });

    await expect(submitter.submit(fake.gateway, caller, request)).rejects.toBe(unknown);
    expect(journal.pending().map((entry) => entry.transactionId)).toEqual(['tx-1']);
  });
});

/** The defaults of LOULAN_*_TIMEOUT_MS and LOULAN_WRITE_DEADLINE_MS: alone, the steps add up to far more than the write. */
const PRODUCTION_TIMEOUTS = { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000, writeMs: 20_000 };
const PRODUCTION_WRITE_MS = PRODUCTION_TIMEOUTS.writeMs;

function gatewayError(code: number, message: string): GatewayError {
  return new GatewayError({ code, details: [], cause: serviceError(code, message), message });
}

/**
 * A peer that never learns the transaction's commit: status queries fail at their deadline and the
 * resubmitted envelope is refused like a submit without quorum.
 */
function commitNeverComes(): ReplayGateway {
  return {
    newCommit: () => ({ getStatus: (options: { deadline: number }) => failAtDeadline(options, () => commitStatusTimeout('tx-1')) }),
    newTransaction: () => ({ submit: () => Promise.reject(gatewayError(GrpcStatus.UNAVAILABLE, 'insufficient number of orderers')) }),
  } as unknown as ReplayGateway;
}

/** A resolver answering with `resolve`: the submitter calls nothing else of it. */
function stubResolver(resolve: TransactionResolver['resolve']): TransactionResolver {
  const resolver = realResolver(new MemoryJournal(), commitNeverComes());
  resolver.resolve = resolve;
  return resolver;
}

function realResolver(journal: MemoryJournal, gateway: ReplayGateway): TransactionResolver {
  return new TransactionResolver({
    gateway,
    journal,
    metrics: NO_FABRIC_METRICS,
    logger: pino({ level: 'silent' }),
    submitTimeoutMs: 5_000,
    commitStatusTimeoutMs: 60_000,
    resubmits: 1,
  });
}

describe('TransactionSubmitter write deadline', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('cuts each step’s deadline to what is left of the write deadline', async () => {
    const journal = new MemoryJournal();
    const fake = scripted([{}], journal);
    const { submitter } = submitterWith(journal, { writeMs: 2_500 });
    const start = Date.now();

    await submitter.submit(fake.gateway, caller, request);

    // Endorsement (2 000 ms) fits; submit (3 000 ms) and the commit status (4 000 ms) are cut.
    expect(fake.deadlines).toEqual({ endorse: [start + 2_000], submit: [start + 2_500], status: [start + 2_500] });
  });

  it.each([
    ['the commit status never comes', { commitHangs: true }],
    [
      'ordering refuses the submit for want of a quorum',
      { submitError: gatewayError(GrpcStatus.UNAVAILABLE, 'insufficient number of orderers') },
    ],
  ])('answers NETWORK_UNAVAILABLE with outcomeUnknown by the deadline when %s', async (_case, step: Step) => {
    const journal = new MemoryJournal();
    const fake = scripted([step], journal);
    const resolver = realResolver(journal, commitNeverComes());
    const { submitter } = submitterWith(journal, { timeouts: PRODUCTION_TIMEOUTS, resolver });
    const start = Date.now();
    let answeredAt: number | undefined;
    const outcome = submitter.submit(fake.gateway, caller, request).finally(() => {
      answeredAt = Date.now();
    });
    const checked = expect(outcome).rejects.toMatchObject({
      code: 'NETWORK_UNAVAILABLE',
      outcomeUnknown: true,
      details: { transactionId: 'tx-1', outcomeUnknown: true },
    });

    await jest.advanceTimersByTimeAsync(PRODUCTION_WRITE_MS);

    await checked;
    expect(answeredAt).toBeLessThanOrEqual(start + PRODUCTION_WRITE_MS);
    // Handed to ordering: it stays pending for the background resolution, and is never endorsed again.
    expect(journal.pending().map((entry) => entry.transactionId)).toEqual(['tx-1']);
    expect(fake.attempts()).toBe(1);
  });

  it('says the outcome is known when the endorsement itself ran out of time', async () => {
    const journal = new MemoryJournal();
    const timeout = new EndorseError({
      code: GrpcStatus.DEADLINE_EXCEEDED,
      details: [],
      cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded'),
      transactionId: 'tx-1',
    });
    const fake = scripted([{ endorse: timeout }], journal);
    const { submitter } = submitterWith(journal, { timeouts: PRODUCTION_TIMEOUTS });

    const failure = submitter.submit(fake.gateway, caller, request);

    await expect(failure).rejects.toBeInstanceOf(NetworkUnavailableError);
    await expect(failure).rejects.toMatchObject({ outcomeUnknown: false });
    await expect(failure.catch((err: unknown) => (err instanceof NetworkUnavailableError ? err.details : err))).resolves.toBeUndefined();
    expect(journal.events).toEqual([]);
  });

  it('refuses to hand a transaction to ordering with too little time left, outcome known', async () => {
    const journal = new MemoryJournal();
    const fake = scripted([{ endorseTakesMs: PRODUCTION_WRITE_MS - MIN_ORDERING_WINDOW_MS + 1 }], journal);
    const { submitter } = submitterWith(journal, { timeouts: PRODUCTION_TIMEOUTS });

    const failure = submitter.submit(fake.gateway, caller, request);
    const checked = expect(failure).rejects.toMatchObject({ code: 'NETWORK_UNAVAILABLE', outcomeUnknown: false, transactionId: 'tx-1' });
    await jest.advanceTimersByTimeAsync(PRODUCTION_WRITE_MS);

    await checked;
    expect(fake.submitted).toEqual([]);
    expect(journal.events).toEqual([]);
  });

  it('settles a submit that ordering refused outright as rejected, not as an unknown outcome', async () => {
    const journal = new MemoryJournal();
    const refused = gatewayError(GrpcStatus.ABORTED, 'received unsuccessful response from orderer: status=BAD_REQUEST');
    const fake = scripted([{ submitError: refused }], journal);
    const resolve = jest.fn();
    const { submitter } = submitterWith(journal, { resolver: stubResolver(resolve) });

    await expect(submitter.submit(fake.gateway, caller, request)).rejects.toBeInstanceOf(FabricRequestError);
    expect(journal.events).toEqual(['record:tx-1', 'settle:tx-1:REJECTED']);
    expect(resolve).not.toHaveBeenCalled();
  });

  it.each([
    ['SmartBFT', 'submitted request (537902) is bigger than request max bytes (512000)'],
    ['Raft', 'message payload is 11534336 bytes and exceeds maximum allowed 10485760 bytes'],
  ])('refuses at once a transaction %s ordering finds too large, settled as rejected', async (_, info) => {
    const journal = new MemoryJournal();
    const message = `received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE, info=rejected by Order: ${info}`;
    const fake = scripted([{ submitError: gatewayError(GrpcStatus.UNAVAILABLE, message) }], journal);
    const resolve = jest.fn();
    const { submitter } = submitterWith(journal, { resolver: stubResolver(resolve) });

    const failure = submitter.submit(fake.gateway, caller, request);
    await expect(failure).rejects.toBeInstanceOf(TransactionTooLargeError);
    await expect(failure).rejects.toMatchObject({ code: 'TRANSACTION_TOO_LARGE', details: { transactionId: 'tx-1' } });
    expect(journal.events).toEqual(['record:tx-1', 'settle:tx-1:REJECTED']);
    expect(resolve).not.toHaveBeenCalled();
  });

  it('starts no retry whose backoff would outlast the deadline, answering the definite conflict', async () => {
    const journal = new MemoryJournal();
    const fake = scripted([{ status: StatusCode.MVCC_READ_CONFLICT }, {}], journal);
    // random() = 0.5 of a 10 s ceiling: a 5 s backoff, with less than 5 s left of the write.
    const { submitter, sleep } = submitterWith(journal, { writeMs: 4_000, baseDelayMs: 10_000 });

    await expect(submitter.submit(fake.gateway, caller, request)).rejects.toBeInstanceOf(TransactionFailedError);
    expect(fake.attempts()).toBe(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});

function mismatchError(): EndorseError {
  return new EndorseError({
    code: GrpcStatus.ABORTED,
    details: [{ address: 'peer1.org2:7051', mspId: 'Org2MSP', message: PAYLOAD_MISMATCH_DETAIL }],
    cause: serviceError(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements'),
    transactionId: 'tx-1',
  });
}

describe('isEndorsementMismatch', () => {
  it('recognises the gateway peer’s payload mismatch detail', () => {
    expect(isEndorsementMismatch(mismatchError())).toBe(true);
  });

  it('ignores mismatches mixed with a chaincode error, and other endorsement failures', () => {
    const mixed = new EndorseError({
      code: GrpcStatus.ABORTED,
      details: [
        { address: 'p1', mspId: 'A', message: PAYLOAD_MISMATCH_DETAIL },
        { address: 'p2', mspId: 'B', message: 'chaincode response 500, {"code":"SOLD_OUT","message":"none left"}' },
      ],
      cause: serviceError(GrpcStatus.ABORTED, 'x'),
      transactionId: 't',
    });
    const timeout = new EndorseError({
      code: GrpcStatus.ABORTED,
      details: [{ address: 'p1', mspId: 'A', message: 'rpc error: code = DeadlineExceeded' }],
      cause: serviceError(GrpcStatus.ABORTED, 'x'),
      transactionId: 't',
    });

    expect(isEndorsementMismatch(mixed)).toBe(false);
    expect(isEndorsementMismatch(timeout)).toBe(false);
    expect(isEndorsementMismatch(new Error(PAYLOAD_MISMATCH_DETAIL))).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const policy = { maxRetries: 5, baseDelayMs: 25, maxDelayMs: 1_000 };

  it('grows exponentially up to the ceiling, with full jitter', () => {
    expect(backoffDelayMs(1, policy, () => 0.999)).toBe(24);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBe(99);
    expect(backoffDelayMs(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });
});
