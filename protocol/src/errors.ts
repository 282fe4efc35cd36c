/**
 * Ledger error codes and their wire format: how the chaincode reports a refusal, and how a
 * client reads it back.
 *
 * ## Wire format
 *
 * fabric-shim answers a thrown error with its message alone, and the peer and the gateway
 * wrap that message further (for example `chaincode response 500, <message>`). So the
 * chaincode's error message is the whole payload, one line of compact JSON with the keys in
 * this order:
 *
 * ```text
 * {"code":"NOT_FOUND","message":"marker \"m1\" not found","details":{"markerId":"m1"}}
 * ```
 *
 * - `code`: one of {@link LEDGER_ERROR_CODES}, UPPER_SNAKE_CASE. Codes are API: never
 *   renamed, only added.
 * - `message`: human-readable text. It may change between releases; never branch on it.
 * - `details`: optional, a flat object of string, number, boolean or null values.
 *
 * ## Reading it back
 *
 * {@link parseLedgerError} finds this JSON anywhere inside a longer string, so it accepts the
 * chaincode's message as is and the peer's or gateway's wrapped versions of it. It reads in
 * one of two ways:
 *
 * - strict (the default): exactly what this version writes, a known code and flat details.
 *   The chaincode's own tests read this way, so a payload it would not write is a failure.
 * - tolerant (`{ tolerant: true }`): for clients, which may talk to a newer chaincode, since
 *   the chaincode is upgraded in place. Any UPPER_SNAKE_CASE code is accepted (codes are only
 *   ever added), and details are kept when they are an object and left out otherwise, so
 *   that a newer refusal still reaches the client as a refusal with its code.
 *
 * This package imports nothing, so that the chaincode, the gateway and the tests share it.
 *
 * @packageDocumentation
 */

/** Every code the chaincode can report. */
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

/** The grammar of every code, present and future: what a tolerant reader accepts. */
export const LEDGER_ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** Machine-readable context for an error; flat so that it encodes the same way everywhere. */
export type LedgerErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

/** The decoded content of a ledger error, as this version writes it. */
export interface LedgerErrorPayload {
  readonly code: LedgerErrorCode;
  /** Human-readable text, not meant for parsing. */
  readonly message: string;
  readonly details?: LedgerErrorDetails;
}

/** A ledger error as a tolerant reader decodes it: possibly from a newer chaincode. */
export interface TolerantLedgerErrorPayload {
  /** UPPER_SNAKE_CASE; one of {@link LEDGER_ERROR_CODES} unless the chaincode is newer. */
  readonly code: string;
  /** Human-readable text, not meant for parsing. */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Asks {@link parseLedgerError} for a tolerant reading, see the module documentation. */
export interface TolerantReading {
  readonly tolerant: true;
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
 * Recovers a ledger error from a message that contains its wire form anywhere, e.g. the raw
 * chaincode message or a peer/gateway message wrapping it. Every JSON object in the text is
 * tried, first to last, so the surrounding wording may change without breaking this.
 *
 * @param message - the error text received
 * @returns the decoded payload, or undefined when `message` holds no well-formed ledger error
 *   with a known code (an unexpected failure, or a code newer than this package)
 */
export function parseLedgerError(message: string): LedgerErrorPayload | undefined;
/**
 * Recovers a ledger error, reading tolerantly (see the module documentation).
 *
 * @param message - the error text received
 * @param options - `{ tolerant: true }`
 * @returns the decoded payload, or undefined when `message` holds no object with an
 *   UPPER_SNAKE_CASE `code` and a string `message`
 */
export function parseLedgerError(message: string, options: TolerantReading): TolerantLedgerErrorPayload | undefined;
export function parseLedgerError(message: string, options?: TolerantReading): TolerantLedgerErrorPayload | undefined {
  const tolerant = options?.tolerant === true;
  for (let start = message.indexOf('{'); start !== -1; start = message.indexOf('{', start + 1)) {
    const end = endOfJsonObject(message, start);
    if (end === -1) {
      continue;
    }
    const payload = toPayload(parseJson(message.slice(start, end)), tolerant);
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

function toFlatDetails(value: unknown): LedgerErrorDetails | undefined {
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

function isAcceptedCode(code: unknown, tolerant: boolean): code is string {
  return tolerant ? typeof code === 'string' && LEDGER_ERROR_CODE_PATTERN.test(code) : isLedgerErrorCode(code);
}

function toPayload(value: unknown, tolerant: boolean): TolerantLedgerErrorPayload | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { code, message, details } = value;
  if (!isAcceptedCode(code, tolerant) || typeof message !== 'string') {
    return undefined;
  }
  if (details === undefined) {
    return { code, message };
  }
  if (tolerant) {
    // A newer chaincode's details are kept as they are; a non-object is dropped, not the refusal.
    return isRecord(details) ? { code, message, details } : { code, message };
  }
  // A strict reader refuses anything this version would not write.
  const flat = toFlatDetails(details);
  return flat === undefined ? undefined : { code, message, details: flat };
}
