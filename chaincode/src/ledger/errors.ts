/**
 * Typed ledger errors whose code survives the trip from chaincode to client.
 *
 * fabric-shim answers a thrown error with `shim.error(error.message)`: the message is the
 * only part that leaves the chaincode. So a {@link LedgerError}'s `message` is the whole
 * payload, encoded by `encodeLedgerError` in the wire format of `@loulan/protocol`, where the
 * codes and the one parser, `parseLedgerError`, live too: the gateway reads with the same.
 *
 * @packageDocumentation
 */
import { encodeLedgerError, type LedgerErrorCode, type LedgerErrorDetails, type LedgerErrorPayload } from '@loulan/protocol';

/**
 * Base class of every error the chaincode reports on purpose.
 *
 * `message` holds the encoded wire form (see the module documentation), because it is all
 * that fabric-shim sends back; the human text alone is in {@link LedgerError.reason}.
 */
export class LedgerError extends Error {
  /** Stable code, see {@link LedgerErrorCode}. */
  readonly code: LedgerErrorCode;
  /** Human-readable text without the wire envelope. */
  readonly reason: string;
  /** Optional machine-readable context. */
  readonly details?: LedgerErrorDetails;

  /**
   * @param code - stable error code
   * @param reason - human-readable text
   * @param details - optional flat, machine-readable context
   */
  constructor(code: LedgerErrorCode, reason: string, details?: LedgerErrorDetails) {
    super(encodeLedgerError(details === undefined ? { code, message: reason } : { code, message: reason, details }));
    this.name = 'LedgerError';
    this.code = code;
    this.reason = reason;
    if (details !== undefined) {
      this.details = details;
    }
  }

  /**
   * @returns the same content that `parseLedgerError` of `@loulan/protocol` recovers from `message`
   */
  toPayload(): LedgerErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.reason }
      : { code: this.code, message: this.reason, details: this.details };
  }
}

/** The request is malformed; retrying it unchanged cannot succeed. */
export class InvalidArgumentError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('INVALID_ARGUMENT', reason, details);
    this.name = 'InvalidArgumentError';
  }
}

/** The addressed record does not exist. */
export class NotFoundError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('NOT_FOUND', reason, details);
    this.name = 'NotFoundError';
  }
}

/** The account was never opened: it can neither act nor be credited. */
export class AccountNotOpenError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - the account concerned
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('ACCOUNT_NOT_OPEN', reason, details);
    this.name = 'AccountNotOpenError';
  }
}

/** The account id is owned by another organisation or role. */
export class AccountHeldError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - the account concerned
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('ACCOUNT_HELD', reason, details);
    this.name = 'AccountHeldError';
  }
}

/** The proposal's timestamp is further from the endorser's clock than the platform allows. */
export class TimeSkewError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - the timestamps compared
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('TIME_SKEW', reason, details);
    this.name = 'TimeSkewError';
  }
}

/** A key range that must be read in full came back shorter than the ledger holds it. */
export class RangeTooLargeError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - the range and the counts compared
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('RANGE_TOO_LARGE', reason, details);
    this.name = 'RangeTooLargeError';
  }
}

/** The submitting identity may not perform the operation. */
export class ForbiddenError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('FORBIDDEN', reason, details);
    this.name = 'ForbiddenError';
  }
}

/** The current ledger state does not allow the operation. */
export class ConflictError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('CONFLICT', reason, details);
    this.name = 'ConflictError';
  }
}

/** An idempotency key was reused with different content. */
export class DuplicateRequestError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('DUPLICATE_REQUEST', reason, details);
    this.name = 'DuplicateRequestError';
  }
}

/**
 * The request was executed already: its business id, caller and content match a stored
 * request record. Raised at endorsement, so the retry is never ordered.
 */
export class RequestCommittedError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - `requestId` and the `txId` that executed it
   */
  constructor(reason: string, details: { readonly requestId: string; readonly txId: string }) {
    super('REQUEST_COMMITTED', reason, details);
    this.name = 'RequestCommittedError';
  }
}

/** The record to create exists already, created under a different request id. */
export class AlreadyExistsError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('ALREADY_EXISTS', reason, details);
    this.name = 'AlreadyExistsError';
  }
}

/** The account to debit holds fewer points than needed; nothing was changed. */
export class InsufficientPointsError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('INSUFFICIENT_POINTS', reason, details);
    this.name = 'InsufficientPointsError';
  }
}

/** A product has less stock than the quantity asked for; nothing was changed. */
export class SoldOutError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('SOLD_OUT', reason, details);
    this.name = 'SoldOutError';
  }
}

/** The monthly reward of a merchant and month has been paid already. */
export class AlreadyRewardedError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('ALREADY_REWARDED', reason, details);
    this.name = 'AlreadyRewardedError';
  }
}

/** A purchase redeems more points than the redemption cap allows for its amount. */
export class RedemptionCapExceededError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('REDEMPTION_CAP_EXCEEDED', reason, details);
    this.name = 'RedemptionCapExceededError';
  }
}

/** A subscription would exceed a plan's cap or the per-investor maximum; nothing was changed. */
export class CapExceededError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('CAP_EXCEEDED', reason, details);
    this.name = 'CapExceededError';
  }
}

/** The holder holds fewer coupons of a class than needed; nothing was changed. */
export class InsufficientCouponsError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('INSUFFICIENT_COUPONS', reason, details);
    this.name = 'InsufficientCouponsError';
  }
}

/** A coupon class's validity window has ended. */
export class CouponExpiredError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('COUPON_EXPIRED', reason, details);
    this.name = 'CouponExpiredError';
  }
}

/** The merchant does not accept coupons of the class. */
export class CouponNotAcceptedError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('COUPON_NOT_ACCEPTED', reason, details);
    this.name = 'CouponNotAcceptedError';
  }
}

/** The purchase amount is below the coupon class's minimum spend. */
export class BelowMinimumSpendError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('BELOW_MINIMUM_SPEND', reason, details);
    this.name = 'BelowMinimumSpendError';
  }
}

/** A shelf-day has been settled already; it is settled once. */
export class AlreadySettledError extends LedgerError {
  /**
   * @param reason - human-readable text
   * @param details - optional machine-readable context
   */
  constructor(reason: string, details?: LedgerErrorDetails) {
    super('ALREADY_SETTLED', reason, details);
    this.name = 'AlreadySettledError';
  }
}
