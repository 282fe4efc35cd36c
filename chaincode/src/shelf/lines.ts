/**
 * Sales lines of a shelf batch (docs/rules.md#shelf-sales): parsing and checking of the batch document, free
 * of Fabric types. Every error names the index of the line at fault, because one bad line
 * rejects the whole batch.
 *
 * @packageDocumentation
 */
import { MAX_SHELF_BATCH_LINES } from '@loulan/protocol';

import { decodeJson, MAX_FEN_ARGUMENT } from '../ledger/args';
import { InvalidArgumentError, LedgerError } from '../ledger/errors';
import { isValidKeyPart } from '../ledger/keys';
import { isJsonObject } from '../ledger/state';
import { isoMillis, parseInstant } from '../ledger/time';

/** Longest batch document accepted, in UTF-16 code units. */
export const MAX_BATCH_JSON_LENGTH = 262_144;
/** Largest quantity of one line. */
export const MAX_LINE_QTY = 1_000_000;

/**
 * One canonical sales line. A refund is a line with negative qty, amount and cost that
 * names the sale it refunds in `refundOf`; a sale has `refundOf: null`.
 */
export type SaleLine = {
  readonly saleId: string;
  readonly sku: string;
  readonly qty: number;
  readonly amountFen: number;
  readonly costFen: number;
  /** ISO 8601 UTC with milliseconds, normalised so that equal instants compare equal. */
  readonly occurredAt: string;
  readonly refundOf: string | null;
};

const FIELDS = new Set(['saleId', 'sku', 'qty', 'amountFen', 'costFen', 'occurredAt', 'refundOf']);

/**
 * Re-throws a line's error with the line's index added to its details, keeping its code.
 *
 * @param index - position of the line in the batch, from 0
 * @param check - the check to run
 * @returns what `check` returns
 */
export function atLine<T>(index: number, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof LedgerError && error.details?.index === undefined) {
      throw new LedgerError(error.code, `line ${index}: ${error.reason}`, { ...error.details, index });
    }
    throw error;
  }
}

/**
 * Parses the batch document: a JSON array of 1 to `MAX_SHELF_BATCH_LINES` lines.
 *
 * @param json - the `linesJson` argument
 * @returns the canonical lines, in batch order
 * @throws InvalidArgumentError naming the first bad line's index
 */
export function parseBatch(json: unknown): SaleLine[] {
  if (typeof json !== 'string' || json.length > MAX_BATCH_JSON_LENGTH) {
    throw new InvalidArgumentError(`linesJson must be at most ${MAX_BATCH_JSON_LENGTH} characters`, { field: 'linesJson' });
  }
  const value = decodeJson(json);
  if (value === undefined) {
    throw new InvalidArgumentError('linesJson is not JSON', { field: 'linesJson' });
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SHELF_BATCH_LINES) {
    throw new InvalidArgumentError(`linesJson must be an array of 1 to ${MAX_SHELF_BATCH_LINES} lines`, { field: 'linesJson' });
  }
  const items: unknown[] = value;
  return items.map((item, index) => atLine(index, () => parseLine(item)));
}

function parseLine(value: unknown): SaleLine {
  if (!isJsonObject(value)) {
    throw new InvalidArgumentError('a line must be an object', { field: 'line' });
  }
  const unknownField = Object.keys(value).find((key) => !FIELDS.has(key));
  if (unknownField !== undefined) {
    throw new InvalidArgumentError('a line has an unknown field', { field: unknownField.slice(0, 64) });
  }
  const saleId = keyPart(value.saleId, 'saleId');
  const sku = keyPart(value.sku, 'sku');
  const refundOf = value.refundOf === undefined || value.refundOf === null ? null : keyPart(value.refundOf, 'refundOf');
  const qty = signedInteger(value.qty, 'qty', MAX_LINE_QTY);
  const amountFen = signedInteger(value.amountFen, 'amountFen', MAX_FEN_ARGUMENT);
  const costFen = signedInteger(value.costFen, 'costFen', MAX_FEN_ARGUMENT);
  const occurredAt = isoMillis(parseInstant(value.occurredAt, 'occurredAt'));
  const isRefund = refundOf !== null;
  if (qty === 0 || qty < 0 !== isRefund) {
    throw new InvalidArgumentError('qty is positive on a sale and negative on a refund (which names refundOf)', { field: 'qty' });
  }
  if (isRefund ? amountFen > 0 || costFen > 0 : amountFen < 0 || costFen < 0) {
    throw new InvalidArgumentError('amountFen and costFen take the sign of qty', { field: 'amountFen' });
  }
  if (refundOf === saleId) {
    throw new InvalidArgumentError('a refund has its own sale id', { field: 'refundOf' });
  }
  return { saleId, sku, qty, amountFen, costFen, occurredAt, refundOf };
}

function keyPart(value: unknown, field: string): string {
  if (!isValidKeyPart(value)) {
    throw new InvalidArgumentError(`${field} must be 1-128 characters of A-Z a-z 0-9 . _ : @ - starting with a letter or digit`, {
      field,
    });
  }
  return value;
}

function signedInteger(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > max) {
    throw new InvalidArgumentError(`${field} must be a whole number from -${max} to ${max}`, { field });
  }
  return value;
}

/**
 * Tells whether two lines say the same thing, so a resent sale is a duplicate, not a conflict.
 *
 * @param a - one line
 * @param b - the other
 * @returns true when every field is equal
 */
export function sameLine(a: SaleLine, b: SaleLine): boolean {
  return (
    a.saleId === b.saleId &&
    a.sku === b.sku &&
    a.qty === b.qty &&
    a.amountFen === b.amountFen &&
    a.costFen === b.costFen &&
    a.occurredAt === b.occurredAt &&
    a.refundOf === b.refundOf
  );
}
