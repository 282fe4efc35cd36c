/**
 * The bound on transaction time. Every time rule of the ledger (T+1, maturities, loan defaults,
 * occurred-at windows, months) reads the proposal timestamp, which the submitting client writes.
 * Endorsing peers therefore refuse a proposal whose timestamp is far from their own clock.
 *
 * @packageDocumentation
 */
import { TimeSkewError } from './errors';
import { isoMillis } from './time';

/**
 * The endorsing peer's clock, read here and nowhere else. It gates endorsement only: its value
 * is never written to state or returned, because endorsers' clocks differ and a write that
 * depended on one would split the endorsements of an honest proposal.
 *
 * @returns milliseconds since the Unix epoch on this peer
 */
export function endorserClockMs(): number {
  return Date.now();
}

/**
 * Refuses a transaction time further than `maxSkewMs` from the endorser's clock, in either
 * direction.
 *
 * @param txTimeMs - the proposal timestamp
 * @param endorserMs - from {@link endorserClockMs}
 * @param maxSkewMs - the platform's bound
 * @throws TimeSkewError when the timestamp is outside the bound
 */
export function requireTimeWithinSkew(txTimeMs: number, endorserMs: number, maxSkewMs: number): void {
  if (Math.abs(txTimeMs - endorserMs) > maxSkewMs) {
    throw new TimeSkewError(`the transaction time is more than ${maxSkewMs / 1000} s from the endorsing peer's clock`, {
      txTime: isoMillis(txTimeMs),
      endorserTime: isoMillis(endorserMs),
      maxSkewSeconds: maxSkewMs / 1000,
    });
  }
}
