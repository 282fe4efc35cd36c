/**
 * Calendar arithmetic in Asia/Shanghai (UTC+8, no daylight saving), where the ledger's days
 * and months live (docs/rules.md#units). Pure functions on epoch milliseconds: the only "now" is the
 * transaction time the caller passes in.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from './errors';

/** Offset of Asia/Shanghai from UTC; China has no daylight saving time. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

const MONTH_PATTERN = /^(\d{4})(0[1-9]|1[0-2])$/;
// Strict ISO 8601 with an explicit offset: a time without one would be read in the peer's
// local zone, which may differ between endorsers.
const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The calendar month of an instant in Asia/Shanghai.
 *
 * @param epochMs - the instant
 * @returns `yyyymm`, e.g. `202501`
 */
export function shanghaiMonth(epochMs: number): string {
  const local = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Checks a `yyyymm` month argument.
 *
 * @param value - the argument as received
 * @param field - argument name reported in the error
 * @returns the month, unchanged
 * @throws InvalidArgumentError when it is not `yyyymm` with a month 01-12
 */
export function parseMonth(value: unknown, field: string): string {
  if (typeof value !== 'string' || !MONTH_PATTERN.test(value)) {
    throw new InvalidArgumentError(`${field} must be a month written yyyymm`, { field });
  }
  return value;
}

/**
 * The month after a month.
 *
 * @param month - `yyyymm`
 * @returns the following `yyyymm`
 */
export function nextMonth(month: string): string {
  const [year, monthIndex] = splitMonth(month);
  return monthIndex === 11 ? `${year + 1}01` : `${year}${String(monthIndex + 2).padStart(2, '0')}`;
}

/**
 * The first instant of the month after `month`, in Asia/Shanghai: the moment `month` is over.
 *
 * @param month - `yyyymm`
 * @returns epoch milliseconds of the 1st of the next month, 00:00 UTC+8
 */
export function startOfNextMonth(month: string): number {
  const [year, monthIndex] = splitMonth(month);
  return Date.UTC(year, monthIndex + 1, 1) - SHANGHAI_OFFSET_MS;
}

/**
 * The first instant of a month in Asia/Shanghai.
 *
 * @param month - `yyyymm`
 * @returns epoch milliseconds of the 1st, 00:00 UTC+8
 */
export function startOfMonth(month: string): number {
  const [year, monthIndex] = splitMonth(month);
  return Date.UTC(year, monthIndex, 1) - SHANGHAI_OFFSET_MS;
}

/**
 * Every Asia/Shanghai month that overlaps the interval [fromMs, toMs], oldest first.
 *
 * @param fromMs - start of the interval
 * @param toMs - end of the interval, not before `fromMs`
 * @returns the `yyyymm` months
 */
export function monthsCovering(fromMs: number, toMs: number): string[] {
  const last = shanghaiMonth(toMs);
  const months = [shanghaiMonth(fromMs)];
  // Bounded: callers pass windows of weeks, so this loops a handful of times.
  while (months[months.length - 1] !== last && months.length < 1200) {
    months.push(nextMonth(months[months.length - 1] as string));
  }
  return months;
}

/**
 * Parses a strict ISO 8601 instant with an explicit offset (`Z` or `±hh:mm`), at most
 * millisecond precision, and rejects impossible dates such as 2025-02-30.
 *
 * @param value - the argument as received
 * @param field - argument name reported in the error
 * @returns epoch milliseconds
 * @throws InvalidArgumentError when it is not such an instant
 */
export function parseInstant(value: unknown, field: string): number {
  const match = typeof value === 'string' ? INSTANT_PATTERN.exec(value) : null;
  if (match === null) {
    throw new InvalidArgumentError(`${field} must be an ISO 8601 time with an offset, e.g. 2025-01-31T20:15:00+08:00`, {
      field,
    });
  }
  const fields = match.slice(1, 7).map(Number) as CalendarFields;
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  const local = calendarMillis(fields, millis, field);
  if (match[8] === 'Z') {
    return local;
  }
  const offsetMs = offsetMillis(Number(match[10]), Number(match[11]), field);
  return match[9] === '+' ? local - offsetMs : local + offsetMs;
}

/** Year, month (1-12), day, hour, minute and second, as written. */
type CalendarFields = [number, number, number, number, number, number];

/** The written calendar time read as UTC; refused when the date does not exist, such as 2025-02-30. */
function calendarMillis(fields: CalendarFields, millis: number, field: string): number {
  const [year, month, day, hour, minute, second] = fields;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new InvalidArgumentError(`${field} is not a valid calendar time`, { field });
  }
  return local;
}

/** The size of a `hh:mm` UTC offset in milliseconds; refused beyond 14 hours or 59 minutes. */
function offsetMillis(offsetHours: number, offsetMinutes: number, field: string): number {
  if (offsetHours > 14 || offsetMinutes > 59) {
    throw new InvalidArgumentError(`${field} has an invalid UTC offset`, { field });
  }
  return (offsetHours * 60 + offsetMinutes) * 60_000;
}

/**
 * Formats an instant the way records and keys store it: ISO 8601 UTC with milliseconds,
 * which also sorts chronologically as text.
 *
 * @param epochMs - the instant
 * @returns e.g. `2025-01-31T12:15:00.000Z`
 */
export function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function splitMonth(month: string): [number, number] {
  const match = MONTH_PATTERN.exec(month);
  if (match === null) {
    throw new InvalidArgumentError('month must be written yyyymm', { month: month.slice(0, 16) });
  }
  return [Number(match[1]), Number(match[2]) - 1];
}
