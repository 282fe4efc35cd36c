/**
 * Exact products of money and points. Amounts are stored as JavaScript numbers, which hold
 * integers exactly only up to `Number.MAX_SAFE_INTEGER` (2^53 − 1). A product of two allowed
 * inputs can pass that even when the final result is small (10^12 points × 10^4 bps = 10^16),
 * and a rounded product can floor to one unit too many, so every product here is formed as a
 * BigInt and only the final, checked result becomes a number again.
 *
 * @packageDocumentation
 */

/**
 * `floor(a × b / divisor)`, computed exactly. Rounds toward −∞ like `Math.floor`, so a
 * negative product (a loss) floors away from zero.
 *
 * @param a - a safe integer
 * @param b - a safe integer
 * @param divisor - a positive safe integer
 * @returns the floored quotient
 * @throws Error when an input is out of range or the quotient is not a safe integer; callers
 *   bound their inputs so that this cannot happen, so reaching it is a defect, not a client
 *   error
 */
export function mulDivFloor(a: number, b: number, divisor: number): number {
  if (!Number.isSafeInteger(divisor) || divisor <= 0) {
    throw new Error(`divisor ${divisor} is not a positive safe integer`);
  }
  const product = exactProduct(a, b);
  const d = BigInt(divisor);
  const quotient = product / d;
  // BigInt division truncates toward zero; floor needs one less for a negative inexact result.
  return toSafeNumber(product < 0n && quotient * d !== product ? quotient - 1n : quotient, `${a} × ${b} / ${divisor}`);
}

/**
 * `a × b`, computed exactly.
 *
 * @param a - a safe integer
 * @param b - a safe integer
 * @returns the product
 * @throws Error when an input or the product is not a safe integer; as for
 *   {@link mulDivFloor}, callers bound their inputs, so this is a defect
 */
export function safeMul(a: number, b: number): number {
  return toSafeNumber(exactProduct(a, b), `${a} × ${b}`);
}

/**
 * `a × b` when it is at most `max`, for products whose size a client chooses (a quantity
 * times a price): the caller refuses a larger one with its own typed error.
 *
 * @param a - a non-negative safe integer
 * @param b - a non-negative safe integer
 * @param max - the largest acceptable product, a safe integer
 * @returns the exact product, or undefined when it exceeds `max`
 * @throws Error when an input is negative or not a safe integer (a defect)
 */
export function mulAtMost(a: number, b: number, max: number): number | undefined {
  if (a < 0 || b < 0 || !Number.isSafeInteger(max)) {
    throw new Error(`mulAtMost needs non-negative factors and a safe maximum, got ${a}, ${b}, ${max}`);
  }
  const product = exactProduct(a, b);
  return product > BigInt(max) ? undefined : Number(product);
}

function exactProduct(a: number, b: number): bigint {
  // BigInt() of an unsafe number converts its already rounded value, so refuse those.
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) {
    throw new Error(`factors ${a} and ${b} must be safe integers`);
  }
  return BigInt(a) * BigInt(b);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`amount overflow computing ${what}`);
  }
  return Number(value);
}
