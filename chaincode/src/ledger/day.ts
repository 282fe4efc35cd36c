/**
 * Calendar days in Asia/Shanghai (UTC+8), written `yyyy-mm-dd`, for rules that work per day
 * such as T+1 settlement (docs/rules.md#shelf-settlement). Pure functions on epoch milliseconds.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from './errors';
import { DAY_MS, SHANGHAI_OFFSET_MS } from './time';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar day of an instant in Asia/Shanghai.
 *
 * @param epochMs - the instant
 * @returns `yyyy-mm-dd`
 */
export function shanghaiDay(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Checks a `yyyy-mm-dd` day argument, rejecting impossible dates such as 2025-02-30.
 *
 * @param value - the argument as received
 * @param field - argument name reported in the error
 * @returns the day, unchanged
 * @throws InvalidArgumentError when it is not a valid day
 */
export function parseDay(value: unknown, field: string): string {
  const match = typeof value === 'string' ? DAY_PATTERN.exec(value) : null;
  if (match === null || new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`${field} must be a day written yyyy-mm-dd`, { field });
  }
  return match[0];
}

/**
 * The first instant of a day in Asia/Shanghai.
 *
 * @param day - `yyyy-mm-dd`
 * @returns epoch milliseconds of 00:00 UTC+8 that day
 */
export function startOfDay(day: string): number {
  return Date.parse(`${parseDay(day, 'day')}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;
}

/**
 * The day after a day.
 *
 * @param day - `yyyy-mm-dd`
 * @returns the following `yyyy-mm-dd`
 */
export function nextDay(day: string): string {
  return shanghaiDay(startOfDay(day) + DAY_MS);
}

/**
 * Every day from `from` to `to`, both included, oldest first.
 *
 * @param from - first day
 * @param to - last day, not before `from`
 * @param maxDays - longest allowed period
 * @returns the days
 * @throws InvalidArgumentError when `to` is before `from` or the period is longer than `maxDays`
 */
export function daysBetween(from: string, to: string, maxDays: number): string[] {
  const count = Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS) + 1;
  if (count < 1 || count > maxDays) {
    throw new InvalidArgumentError(`a period runs forward over 1 to ${maxDays} days`, { from, to, maxDays });
  }
  return Array.from({ length: count }, (_, index) => shanghaiDay(startOfDay(from) + index * DAY_MS));
}
