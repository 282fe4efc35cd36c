/** Why a submit was attempted again with a fresh proposal. */
export type RetryReason = 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'ENDORSEMENT_MISMATCH';

/** Final outcome of one {@link FabricGateway.submit} call, as counted by the metrics. */
export type SubmitOutcome = 'committed' | 'invalid' | 'rejected' | 'unknown';

/** How a pending transaction was resolved by its id. */
export type ResolutionOutcome = 'committed' | 'invalid' | 'unknown';

/**
 * Observation hooks of the Fabric adapter, kept free of any metrics library so the adapter can be tested
 * without one; src/metrics.ts implements them with prom-client.
 */
export interface FabricMetrics {
  /** Whole submit, retries included. */
  observeSubmit(seconds: number, outcome: SubmitOutcome): void;
  /** From handing the transaction to ordering until its commit status is known. */
  observeCommit(seconds: number): void;
  retried(reason: RetryReason): void;
  /** A transaction invalidated by a read conflict, whether or not it is retried. */
  conflicted(reason: Extract<RetryReason, 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT'>): void;
  resolved(outcome: ResolutionOutcome): void;
  resubmitted(): void;
  /** Journal entries still pending after a background resolution run. */
  pendingTransactions(count: number): void;
  /** Outcome of one probe of the ordering service: nodes that answered, and whether they make a quorum. */
  orderingProbed(reachable: number, quorum: boolean): void;
}

/** Metrics that record nothing, for tests and tools. */
export const NO_FABRIC_METRICS: FabricMetrics = {
  observeSubmit: () => undefined,
  observeCommit: () => undefined,
  retried: () => undefined,
  conflicted: () => undefined,
  resolved: () => undefined,
  resubmitted: () => undefined,
  pendingTransactions: () => undefined,
  orderingProbed: () => undefined,
};
