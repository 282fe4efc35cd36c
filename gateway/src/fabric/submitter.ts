import { createHash } from 'node:crypto';

import type { Gateway, Status } from '@hyperledger/fabric-gateway';

import type { FabricTimeouts } from '../config';
import { signedCommitStatusRequest } from './commit-request';
import {
  EndorsementMismatchError,
  fromFabricError,
  isOversizedTransaction,
  NetworkUnavailableError,
  TransactionFailedError,
  TransactionTooLargeError,
} from './errors';
import type { CallerIdentity, SubmitResult } from './gateway';
import type { JournalEntry, TransactionJournal } from './journal';
import type { FabricMetrics, RetryReason } from './metrics';
import type { TransactionResolver } from './resolver';
import { backoffDelayMs, isEndorsementMismatch, isOutcomeUnknown, type RetryPolicy, retryReasonForValidationCode } from './retry';

/** The part of a fabric-gateway `Gateway` (bound to the caller's identity) that a submit uses. */
export type SubmitGateway = Pick<Gateway, 'getNetwork' | 'newSignedTransaction'>;

/** One transaction to submit. */
export interface SubmitRequest {
  readonly contract: string;
  readonly transaction: string;
  readonly args: readonly string[];
}

/** Settings shared by every submit. */
export interface SubmitterOptions {
  readonly channel: string;
  readonly chaincode: string;
  readonly timeouts: FabricTimeouts;
  readonly policy: RetryPolicy;
  readonly journal: TransactionJournal;
  readonly resolver: TransactionResolver;
  readonly metrics: FabricMetrics;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Least time left for handing a transaction to ordering. With less, the envelope would most likely expire
 * on its way and leave an unknown outcome behind; refusing it first keeps the answer definite.
 */
export const MIN_ORDERING_WINDOW_MS = 500;

type Attempt =
  | { readonly kind: 'committed'; readonly result: SubmitResult }
  | { readonly kind: 'retry'; readonly reason: RetryReason; readonly error: Error };

/**
 * Endorse → sign → journal → submit → wait for the commit status, with bounded re-endorsement.
 *
 * Read conflicts (MVCC/phantom) and endorsers disagreeing because of different ledger heights are retried
 * with a *fresh* proposal: safe, because every mutating chaincode transaction is exactly-once per business
 * id, so a retry of something that did commit returns the stored result. Nothing else is retried.
 *
 * The whole submit ends by `timeouts.writeMs`: every step's deadline is cut to what is left, no retry
 * starts that cannot finish, and when time runs out the answer is {@link NetworkUnavailableError}, with
 * `outcomeUnknown` only if the envelope had been handed to ordering (it may still be ordered later).
 */
export class TransactionSubmitter {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: SubmitterOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Submits `request` signed by `caller` through `gateway` (a connection of that same identity). */
  async submit(gateway: SubmitGateway, caller: CallerIdentity, request: SubmitRequest): Promise<SubmitResult> {
    const started = performance.now();
    const deadlineAt = Date.now() + this.options.timeouts.writeMs;
    const fingerprint = fingerprintOf(request);
    const { metrics, policy } = this.options;
    try {
      for (let retry = 1; ; retry++) {
        const attempt = await this.attempt(gateway, caller, request, fingerprint, deadlineAt);
        if (attempt.kind === 'committed') {
          metrics.observeSubmit(seconds(started), 'committed');
          return attempt.result;
        }
        const delayMs = backoffDelayMs(retry, policy, this.random);
        // The last attempt's answer is definite (nothing of it was written); another would only end in a timeout.
        if (retry > policy.maxRetries || Date.now() + delayMs >= deadlineAt) {
          throw attempt.error;
        }
        metrics.retried(attempt.reason);
        await this.sleep(delayMs);
      }
    } catch (err) {
      metrics.observeSubmit(seconds(started), outcomeOf(err));
      throw err;
    }
  }

  private async attempt(
    gateway: SubmitGateway,
    caller: CallerIdentity,
    request: SubmitRequest,
    fingerprint: string,
    deadlineAt: number,
  ): Promise<Attempt> {
    const { channel, chaincode, timeouts, journal, resolver, metrics } = this.options;
    const proposal = gateway
      .getNetwork(channel)
      .getContract(chaincode, request.contract)
      .newProposal(request.transaction, { arguments: [...request.args] });
    const transactionId = proposal.getTransactionId();
    const until = (timeoutMs: number): { deadline: number } => ({ deadline: Math.min(Date.now() + timeoutMs, deadlineAt) });

    let endorsed;
    try {
      endorsed = await proposal.endorse(until(timeouts.endorseMs));
    } catch (err) {
      if (isEndorsementMismatch(err)) {
        return { kind: 'retry', reason: 'ENDORSEMENT_MISMATCH', error: new EndorsementMismatchError(transactionId, { cause: err }) };
      }
      throw fromFabricError(err, transactionId);
    }

    // Signed here rather than inside submit() so the journal holds the exact bytes that go to ordering.
    const signed = gateway.newSignedTransaction(endorsed.getBytes(), await caller.signer(endorsed.getDigest()));
    if (deadlineAt - Date.now() < MIN_ORDERING_WINDOW_MS) {
      // Refused before anything reached ordering: the transaction cannot commit, so the outcome is known.
      throw new NetworkUnavailableError(`write deadline of ${timeouts.writeMs} ms reached before ordering`, {
        transactionId,
      });
    }
    const entry: JournalEntry = {
      transactionId,
      transaction: signed.getBytes(),
      commitRequest: await signedCommitStatusRequest(channel, transactionId, caller),
      fingerprint,
    };
    journal.record(entry);

    const sent = performance.now();
    let status: Status;
    try {
      const submitted = await signed.submit(until(timeouts.submitMs));
      status = await submitted.getStatus(until(timeouts.commitStatusMs));
      journal.settle(transactionId, {
        state: status.successful ? 'COMMITTED' : 'INVALID',
        validationCode: status.code,
        blockNumber: status.blockNumber,
      });
    } catch (err) {
      if (isOversizedTransaction(err)) {
        journal.settle(transactionId, { state: 'REJECTED' });
        throw new TransactionTooLargeError(transactionId, { cause: err });
      }
      if (!isOutcomeUnknown(err)) {
        journal.settle(transactionId, { state: 'REJECTED' });
        throw fromFabricError(err, transactionId);
      }
      status = await resolver.resolve(entry, deadlineAt);
    }
    metrics.observeCommit(seconds(sent));

    if (status.successful) {
      return {
        kind: 'committed',
        result: { result: signed.getResult(), transactionId, blockNumber: status.blockNumber },
      };
    }
    const error = new TransactionFailedError(transactionId, status.code);
    const reason = retryReasonForValidationCode(status.code);
    if (reason === undefined) {
      throw error;
    }
    if (reason !== 'ENDORSEMENT_MISMATCH') {
      metrics.conflicted(reason);
    }
    return { kind: 'retry', reason, error };
  }
}

/** SHA-256 over contract, transaction name and arguments, unambiguous thanks to the JSON encoding. */
export function fingerprintOf(request: SubmitRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.contract, request.transaction, request.args]))
    .digest('hex');
}

function outcomeOf(err: unknown): 'invalid' | 'rejected' | 'unknown' {
  if (err instanceof TransactionFailedError) {
    return 'invalid';
  }
  return typeof err === 'object' && err !== null && 'outcomeUnknown' in err && err.outcomeUnknown === true ? 'unknown' : 'rejected';
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}
