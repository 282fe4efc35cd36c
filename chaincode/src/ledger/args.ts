/**
 * Checks for transaction arguments that are not key parts. Every argument arrives as a
 * string; numbers are parsed here rather than by fabric-contract-api so that a bad value
 * fails with a typed INVALID_ARGUMENT instead of a framework message.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from './errors';

/** Largest number of points one argument may carry: 10^12 points, 10 billion yuan at 1 fen. */
export const MAX_POINTS_ARGUMENT = 1_000_000_000_000;

/** Largest amount in fen one argument may carry: 10^12 fen, 10 billion yuan. */
export const MAX_FEN_ARGUMENT = 1_000_000_000_000;

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;
// Control characters corrupt logs, and lone surrogates would be rewritten to U+FFFD when
// stored as UTF-8, making an identical retry look like a different value.
const FORBIDDEN_TEXT_CHARS = /[\p{Cc}\p{Cs}]/u;

/**
 * Decodes a JSON document argument without checking its shape; each caller checks that and
 * answers both a syntax error and a wrong shape with its own INVALID_ARGUMENT.
 *
 * @param json - the argument as received
 * @returns the decoded value, or undefined when the argument is not a string holding JSON (no
 *   JSON text decodes to undefined)
 */
export function decodeJson(json: unknown): unknown {
  if (typeof json !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * Parses a non-negative decimal integer with no sign, no leading zeros and no exponent.
 *
 * @param value - the argument as received
 * @param field - argument name reported in the error
 * @param min - smallest allowed value
 * @param max - largest allowed value, at most Number.MAX_SAFE_INTEGER
 * @returns the integer
 * @throws InvalidArgumentError when it is not such an integer within [min, max]
 */
export function parseInteger(value: unknown, field: string, min: number, max: number): number {
  const parsed = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new InvalidArgumentError(`${field} must be a whole number from ${min} to ${max}`, { field, min, max });
  }
  return parsed;
}

/**
 * Checks a free-text argument such as a display name.
 *
 * @param value - the argument as received
 * @param field - argument name reported in the error
 * @param maxLength - longest allowed text, in UTF-16 code units
 * @returns the text, unchanged
 * @throws InvalidArgumentError when it is empty, too long or holds control characters
 */
export function parseText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength || FORBIDDEN_TEXT_CHARS.test(value)) {
    throw new InvalidArgumentError(`${field} must be 1-${maxLength} characters without control characters`, {
      field,
      length: typeof value === 'string' ? value.length : null,
    });
  }
  return value;
}

/**
 * Adds two non-negative amounts, refusing to leave the range where numbers are exact.
 *
 * @param a - first amount
 * @param b - second amount
 * @returns a + b
 * @throws Error when the sum is not a safe integer; inputs are bounded far below this, so
 *   reaching it is a defect, not a client error
 */
export function safeAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new Error(`amount overflow adding ${a} and ${b}`);
  }
  return sum;
}
