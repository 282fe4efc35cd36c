/**
 * Typed ledger errors whose code survives the trip from chaincode to client.
 *
 * ## Wire format
 *
 * fabric-shim answers a thrown error with `shim.error(error.message)`: the message is the
 * only part that leaves the chaincode, and the peer and the gateway wrap it further (for
 * example `chaincode response 500, <message>`). So a {@link LedgerError}'s `message` is the
 * whole payload, one line of compact JSON with the keys in this order:
 *
 * ```text
 * {"code":"NOT_FOUND","message":"marker \"m1\" not found","details":{"markerId":"m1"}}
 * ```
 *
 * - `code`: one of {@link LEDGER_ERROR_CODES}. Codes are API: never renamed, only added.
 * - `message`: human-readable text. It may change between releases; never branch on it.
 * - `details`: optional, a flat object of string, number, boolean or null values.
 *
 * {@link parseLedgerError} finds this JSON anywhere inside a longer string, so it accepts
 * the chaincode's message as is and the peer's or gateway's wrapped versions of it.
 *
 * This module imports nothing, so that the gateway can reuse it unchanged.
 *
 * @packageDocumentation
 */

/** Every code a {@link LedgerError} can carry. */
export const LEDGER_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'DUPLICATE_REQUEST',
  'ALREADY_EXISTS',
  'INSUFFICIENT_POINTS',
  'SOLD_OUT',
  'ALREADY_REWARDED',
  'REDEMPTION_CAP_EXCEEDED',
  'CAP_EXCEEDED',
  'INSUFFICIENT_COUPONS',
  'COUPON_EXPIRED',
  'COUPON_NOT_ACCEPTED',
  'BELOW_MINIMUM_SPEND',
  'ALREADY_SETTLED',
  'ACCOUNT_NOT_OPEN',
  'ACCOUNT_HELD',
  'TIME_SKEW',
  'RANGE_TOO_LARGE',
  'REQUEST_COMMITTED',
] as const;

/**
 * Stable error code.
 *
 * - `INVALID_ARGUMENT`: the request is malformed; retrying it unchanged cannot succeed.
 * - `NOT_FOUND`: the addressed record does not exist.
 * - `FORBIDDEN`: the submitting identity may not do this.
 * - `CONFLICT`: the ledger state does not allow the operation now.
 * - `DUPLICATE_REQUEST`: an idempotency key was reused with different content.
 * - `ALREADY_EXISTS`: the record to create exists already (under another request id).
 * - `INSUFFICIENT_POINTS`: the account to debit holds fewer points than the operation needs.
 * - `SOLD_OUT`: a product has less stock than the quantity asked for.
 * - `ALREADY_REWARDED`: the monthly reward of that merchant and month has been paid.
 * - `REDEMPTION_CAP_EXCEEDED`: more points redeemed than the redemption cap allows for the
 *   purchase amount.
 * - `CAP_EXCEEDED`: a subscription would take a JOSP plan above its cap or an investor above
 *   the plan's per-investor maximum.
 * - `INSUFFICIENT_COUPONS`: the holder holds fewer coupons of the class than the operation needs.
 * - `COUPON_EXPIRED`: the coupon class's validity window has ended.
 * - `COUPON_NOT_ACCEPTED`: the merchant does not accept coupons of the class.
 * - `BELOW_MINIMUM_SPEND`: the purchase amount is below the coupon class's minimum spend.
 * - `ALREADY_SETTLED`: the shelf-day has been settled already.
 * - `ACCOUNT_NOT_OPEN`: the account was never opened, so it can neither act nor be credited.
 * - `ACCOUNT_HELD`: the account id is owned by another organisation or role.
 * - `TIME_SKEW`: the proposal's timestamp is too far from the endorsing peer's clock.
 * - `RANGE_TOO_LARGE`: a key range the operation must read in full holds more records than the
 *   peer returns from one range read (its `totalQueryLimit`), so the operation is refused rather
 *   than computed on part of the data.
 * - `REQUEST_COMMITTED`: the request (same caller, business id and content) was executed
 *   already, by transaction `details.txId`; nothing runs again, and its first answer is read
 *   with `points:GetRequest`. A refusal rather than the stored answer, so that a retry never
 *   becomes a transaction of its own.
 */
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

/** Machine-readable context for an error; flat so that it encodes the same way everywhere. */
export type LedgerErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

/** The decoded content of a ledger error, as a client sees it. */
export interface LedgerErrorPayload {
  readonly code: LedgerErrorCode;
  /** Human-readable text, not meant for parsing. */
  readonly message: string;
  readonly details?: LedgerErrorDetails;
}

/**
 * Tells whether a value is one of the known {@link LedgerErrorCode}s.
 *
 * @param value - any value, typically a decoded `code` field
 * @returns true when `value` is a known code
 */
export function isLedgerErrorCode(value: unknown): value is LedgerErrorCode {
  return typeof value === 'string' && (LEDGER_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Encodes a payload in the wire format described in this module's documentation.
 *
 * @param payload - code, human text and optional details
 * @returns the compact JSON string, keys in the order code, message, details
 */
export function encodeLedgerError(payload: LedgerErrorPayload): string {
  // Built by hand rather than by spreading `payload` so that the key order, which clients
  // may match on textually, cannot depend on how the caller assembled the object.
  const wire: { code: LedgerErrorCode; message: string; details?: LedgerErrorDetails } = {
    code: payload.code,
    message: payload.message,
  };
  if (payload.details !== undefined) {
    wire.details = payload.details;
  }
  return JSON.stringify(wire);
}

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
   * @returns the same content that {@link parseLedgerError} recovers from `message`
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

const PAYLOAD_START = '{"code":';

/**
 * Recovers a ledger error from a message that contains its wire form anywhere, e.g. the
 * raw chaincode message or a peer/gateway message wrapping it.
 *
 * @param message - the error text received by the client
 * @returns the decoded payload, or undefined when `message` holds no well-formed ledger
 *   error with a known code (an unexpected failure, or a code newer than this module)
 */
export function parseLedgerError(message: string): LedgerErrorPayload | undefined {
  for (let start = message.indexOf(PAYLOAD_START); start !== -1; start = message.indexOf(PAYLOAD_START, start + 1)) {
    const end = endOfJsonObject(message, start);
    if (end === -1) {
      continue;
    }
    const payload = toPayload(parseJson(message.slice(start, end)));
    if (payload !== undefined) {
      return payload;
    }
  }
  return undefined;
}

/**
 * Finds where the JSON object opening at `start` closes, so that text the peer appends
 * after it does not break parsing. Braces inside strings are skipped.
 */
function endOfJsonObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        i++;
      } else if (ch === '"') {
        inString = false;
      }
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) {
        return i + 1;
      }
    }
  }
  return -1;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toDetails(value: unknown): LedgerErrorDetails | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const details: Record<string, string | number | boolean | null> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      return undefined;
    }
    details[key] = item;
  }
  return details;
}

function toPayload(value: unknown): LedgerErrorPayload | undefined {
  if (!isRecord(value) || !isLedgerErrorCode(value.code) || typeof value.message !== 'string') {
    return undefined;
  }
  if (value.details === undefined) {
    return { code: value.code, message: value.message };
  }
  const details = toDetails(value.details);
  return details === undefined ? undefined : { code: value.code, message: value.message, details };
}
