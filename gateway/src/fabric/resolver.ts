import type { Gateway, Status } from '@hyperledger/fabric-gateway';
import type { Logger } from '../logger';
import { fromFabricError, NetworkUnavailableError } from './errors';
import type { JournalEntry, TransactionJournal } from './journal';
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
   * Resolves `entry` and settles it in the journal.
   *
   * @returns the commit status (valid or not).
   * @throws {@link NetworkUnavailableError} with `outcomeUnknown` when it is still unknown; the entry stays pending.
   */
  async resolve(entry: JournalEntry): Promise<Status> {
    const { gateway, journal, metrics, resubmits } = this.options;
    for (let round = 0; ; round++) {
      try {
        const status = await gateway
          .newCommit(entry.commitRequest)
          .getStatus({ deadline: Date.now() + this.options.commitStatusTimeoutMs });
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
      await this.resubmit(entry);
    }
    metrics.resolved('unknown');
    throw new NetworkUnavailableError(`outcome of transaction ${entry.transactionId} is not known yet`, {
      transactionId: entry.transactionId,
      outcomeUnknown: true,
    });
  }

  /**
   * Resolves every pending journal entry, one at a time so a restart does not flood the peer.
   *
   * @returns how many entries ended in each state; entries still unknown stay pending for the next run.
   */
  async resolvePending(): Promise<{ committed: number; invalid: number; unknown: number }> {
    const counts = { committed: 0, invalid: 0, unknown: 0 };
    for (const entry of this.options.journal.pending()) {
      try {
        const status = await this.resolve(entry);
        counts[status.successful ? 'committed' : 'invalid']++;
      } catch (err) {
        counts.unknown++;
        this.options.logger.warn({ err, transactionId: entry.transactionId }, 'pending transaction still unresolved');
      }
    }
    return counts;
  }

  private async resubmit(entry: JournalEntry): Promise<void> {
    try {
      await this.options.gateway
        .newTransaction(entry.transaction)
        .submit({ deadline: Date.now() + this.options.submitTimeoutMs });
      this.options.metrics.resubmitted();
    } catch (err) {
      // The next status query tells whether it matters; a refused duplicate is expected.
      this.options.logger.warn({ err, transactionId: entry.transactionId }, 'resubmitting the signed envelope failed');
    }
  }
}
