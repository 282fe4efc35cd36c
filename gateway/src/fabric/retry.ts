import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { parseLedgerError } from '@loulan/protocol';

import type { RetryReason } from './metrics';

/** Bounds of the re-endorsement loop of a submit. */
export interface RetryPolicy {
  /** Fresh proposals after the first one; 0 disables retries. */
  readonly maxRetries: number;
  /** Backoff ceiling of the first retry, doubled for each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Default backoff: short, because conflicts clear as soon as the competing block is committed. */
export const DEFAULT_BACKOFF = { baseDelayMs: 25, maxDelayMs: 1_000 } as const;

/**
 * The detail message the gateway peer adds for an endorser whose proposal response differs from the
 * first endorser's (hyperledger/fabric internal/pkg/gateway/endorsement.go, `processEndorsement`); the
 * whole endorsement then fails with gRPC ABORTED "failed to collect enough transaction endorsements".
 * With deterministic chaincode the usual cause is endorsers at different ledger heights.
 */
export const PAYLOAD_MISMATCH_DETAIL = 'ProposalResponsePayloads do not match';

const RETRYABLE_VALIDATION_CODES: ReadonlyMap<number, RetryReason> = new Map([
  [StatusCode.MVCC_READ_CONFLICT, 'MVCC_READ_CONFLICT'],
  [StatusCode.PHANTOM_READ_CONFLICT, 'PHANTOM_READ_CONFLICT'],
]);

/** The retry reason of a commit status code, or `undefined` when that invalidation is final. */
export function retryReasonForValidationCode(code: number): RetryReason | undefined {
  return RETRYABLE_VALIDATION_CODES.get(code);
}

// fabric-gateway's errors carry the gRPC status as a plain number, compared here as one.
const ABORTED: number = GrpcStatus.ABORTED;

/**
 * True for an endorsement that failed only because endorsers returned different responses: no detail
 * carries a chaincode error (a business refusal is never retried) and at least one reports the mismatch.
 */
export function isEndorsementMismatch(err: unknown): boolean {
  return (
    err instanceof EndorseError &&
    err.code === ABORTED &&
    err.details.some((detail) => detail.message === PAYLOAD_MISMATCH_DETAIL) &&
    err.details.every((detail) => parseLedgerError(detail.message, { tolerant: true }) === undefined)
  );
}

// The envelope may have reached the orderer: only these submit failures leave the outcome open.
const UNKNOWN_OUTCOME_SUBMIT_CODES: ReadonlySet<number> = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
  GrpcStatus.UNKNOWN,
  GrpcStatus.INTERNAL,
]);

/**
 * True when an error thrown after the transaction was handed to `submit()` leaves its outcome unknown:
 * any commit-status failure, a submit failure that is not a definite refusal, or a non-Fabric error
 * (e.g. the process-local deadline) that gives no answer at all.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  if (err instanceof CommitStatusError) {
    return true;
  }
  if (err instanceof GatewayError) {
    return UNKNOWN_OUTCOME_SUBMIT_CODES.has(err.code);
  }
  return true;
}

const STILL_UNKNOWN_CODES: ReadonlySet<number> = new Set([GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.UNAVAILABLE]);

/** True when a commit-status query failed because the peer has not seen the transaction committed in time. */
export function isStillUnknown(err: unknown): boolean {
  return err instanceof GatewayError && STILL_UNKNOWN_CODES.has(err.code);
}

/**
 * Delay before retry number `retry` (1-based): "full jitter" exponential backoff, so the competing
 * requests that caused a conflict do not collide again in lockstep.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
