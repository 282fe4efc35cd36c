import type { Gateway, Status } from '@hyperledger/fabric-gateway';

import type { Logger } from '../logger';
import { fromFabricError, NetworkUnavailableError } from './errors';
import type { JournalEntry, PendingQuery, TransactionJournal } from './journal';
import type { FabricMetrics } from './metrics';
import { isStillUnknown } from './retry';

/** The part of a fabric-gateway `Gateway` that replays pre-signed requests. */
export type ReplayGateway = Pick<Gateway, 'newCommit' | 'newTransaction'>;

/** Settings of a {@link TransactionResolver}. */
export interface ResolverOptions {
  readonly gateway: ReplayGateway;
  readonly journal: TransactionJournal;
  readonly metrics: FabricMetrics;
  readonly logger: Logger;
  readonly submitTimeoutMs: number;
  readonly commitStatusTimeoutMs: number;
  /** Times the same signed envelope is sent again when the peer still does not know the transaction. */
  readonly resubmits: number;
}

/** Counts of how the pending journal entries of one resolution run ended. */
export interface PendingResolution {
  readonly committed: number;
  readonly invalid: number;
  readonly unknown: number;
}

/** Which pending entries one {@link TransactionResolver.resolvePending} run takes, and how long each may take. */
export interface PendingRun extends PendingQuery {
  /** Time allowed to each entry's look-up, resubmission included. */
  readonly entryBudgetMs: number;
  /** Stops the run before the next entry, e.g. at shutdown. */
  readonly signal?: AbortSignal;
}

/**
 * Finds out what became of a journalled transaction, by its id only.
 *
 * It asks for the commit status; when the peer has not seen the transaction committed within the deadline,
 * it sends the *same* signed envelope again and asks once more. It never endorses again: a new proposal
 * would be a new transaction, and might commit twice. A duplicate of an envelope that did commit is
 * invalidated by the peers as DUPLICATE_TXID and changes nothing.
 */
export class TransactionResolver {
  constructor(private readonly options: ResolverOptions) {}

  /**
   * Resolves `entry` and settles it in the journal, giving up at `deadlineAt`.
   *
   * @param deadlineAt - epoch milliseconds after which no further query or resubmission starts; the
   *   time left is shared between the status queries still to come.
   * @returns the commit status (valid or not).
   * @throws {@link NetworkUnavailableError} with `outcomeUnknown` when it is still unknown; the entry stays pending.
   */
  async resolve(entry: JournalEntry, deadlineAt: number): Promise<Status> {
    const { gateway, journal, metrics, resubmits } = this.options;
    for (let round = 0; ; round++) {
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) {
        break;
      }
      // A transaction the peer does not know yet must leave time for the resubmission and a last query.
      const wait = Math.min(this.options.commitStatusTimeoutMs, Math.floor(remaining / (resubmits - round + 1)));
      try {
        const status = await gateway.newCommit(entry.commitRequest).getStatus({ deadline: Date.now() + wait });
        journal.settle(entry.transactionId, {
          state: status.successful ? 'COMMITTED' : 'INVALID',
          validationCode: status.code,
          blockNumber: status.blockNumber,
        });
        metrics.resolved(status.successful ? 'committed' : 'invalid');
        return status;
      } catch (err) {
        if (!isStillUnknown(err)) {
          throw fromFabricError(err, entry.transactionId);
        }
      }
      if (round >= resubmits) {
        break;
      }
      await this.resubmit(entry, deadlineAt);
    }
    metrics.resolved('unknown');
    throw new NetworkUnavailableError(`outcome of transaction ${entry.transactionId} is not known yet`, {
      transactionId: entry.transactionId,
      outcomeUnknown: true,
    });
  }

  /**
   * Resolves the pending journal entries `run` selects, one at a time so that neither a restart nor a long
   * outage floods the peer. An entry still unknown is postponed behind the others for the next run.
   *
   * @returns how many entries ended in each state.
   */
  async resolvePending(run: PendingRun): Promise<PendingResolution> {
    const { journal, logger, metrics } = this.options;
    const counts = { committed: 0, invalid: 0, unknown: 0 };
    for (const entry of journal.pending(run)) {
      if (run.signal?.aborted === true) {
        break;
      }
      try {
        const status = await this.resolve(entry, Date.now() + run.entryBudgetMs);
        counts[status.successful ? 'committed' : 'invalid']++;
      } catch (err) {
        counts.unknown++;
        journal.postpone(entry.transactionId);
        logger.warn({ err, transactionId: entry.transactionId }, 'pending transaction still unresolved');
      }
    }
    metrics.pendingTransactions(journal.pendingCount());
    return counts;
  }

  private async resubmit(entry: JournalEntry, deadlineAt: number): Promise<void> {
    const remaining = deadlineAt - Date.now();
    if (remaining <= 0) {
      return;
    }
    try {
      await this.options.gateway
        .newTransaction(entry.transaction)
        .submit({ deadline: Date.now() + Math.min(this.options.submitTimeoutMs, remaining) });
      this.options.metrics.resubmitted();
    } catch (err) {
      // The next status query tells whether it matters; a refused duplicate is expected.
      this.options.logger.warn({ err, transactionId: entry.transactionId }, 'resubmitting the signed envelope failed');
    }
  }
}
