/**
 * One page of a party's reconciliation report (docs/shelf.md "Reconciliation report"). A page is
 * counted in rows, as the CSV has them: one per sales line, or one for a statement without lines.
 * A statement whose lines do not fit continues on the next page, and the bookmark says where: the
 * day, the shelf and the first line not yet answered.
 *
 * @packageDocumentation
 */
import { parseInteger } from '../ledger/args';
import { InvalidArgumentError } from '../ledger/errors';
import { isValidKeyPart } from '../ledger/keys';
import type { JsonValue } from '../ledger/state';
import type { Stub } from '../ledger/stub';
import { partyDayPointers, readDayLines, statements as storedStatements } from './repository';
import type { Statement, StatementIndex } from './statement';

/** Most rows one report page holds. */
export const MAX_REPORT_PAGE_ROWS = 500;

/** Where a report page starts: a statement of the period and its first line to answer. */
export type ReportPosition = { readonly day: string; readonly shelfId: string; readonly line: number };

/** One page of a report, before the caller adds the party and the period. */
export type ReportPage = {
  readonly statements: JsonValue[];
  /** Amounts of the statements that start on this page, by status. */
  readonly totals: { pendingFen: number; disputedFen: number; paidFen: number };
  /** Where the next page starts; null after the last one. */
  readonly next: ReportPosition | null;
};

/**
 * Checks a report page size.
 *
 * @param value - the argument as received
 * @returns 1 to {@link MAX_REPORT_PAGE_ROWS}
 * @throws InvalidArgumentError otherwise
 */
export function parseReportPageSize(value: unknown): number {
  return parseInteger(value, 'pageSize', 1, MAX_REPORT_PAGE_ROWS);
}

/** @returns the bookmark of the page that starts at `position`: base64url of `[day, shelfId, line]` */
export function encodeReportBookmark(position: ReportPosition): string {
  return Buffer.from(JSON.stringify([position.day, position.shelfId, position.line])).toString('base64url');
}

/**
 * Reads a bookmark back.
 *
 * @param value - `""` or a bookmark {@link encodeReportBookmark} made for this period
 * @param days - the period's days
 * @returns the position, or null for the first page
 * @throws InvalidArgumentError for anything else
 */
export function decodeReportBookmark(value: unknown, days: readonly string[]): ReportPosition | null {
  if (value === '') {
    return null;
  }
  const position = typeof value === 'string' && value.length <= 1_000 ? bookmarkPosition(value, days) : undefined;
  // Only the exact text encodeReportBookmark makes is accepted, so one position has one bookmark.
  if (position === undefined || encodeReportBookmark(position) !== value) {
    throw new InvalidArgumentError('bookmark is not one returned for this report', { field: 'bookmark' });
  }
  return position;
}

/** The position a bookmark names; undefined when it is not `[day, shelfId, line]` with a day of `days`. */
function bookmarkPosition(bookmark: string, days: readonly string[]): ReportPosition | undefined {
  const fields = bookmarkFields(bookmark);
  if (fields === undefined) {
    return undefined;
  }
  const [day, shelfId, line] = fields;
  if (
    typeof day !== 'string' ||
    !days.includes(day) ||
    !isValidKeyPart(shelfId) ||
    typeof line !== 'number' ||
    !Number.isSafeInteger(line) ||
    line < 0
  ) {
    return undefined;
  }
  return { day, shelfId, line };
}

/** The three fields of a bookmark's JSON array; undefined when it holds no such array. */
function bookmarkFields(bookmark: string): readonly [unknown, unknown, unknown] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return isTriple(parsed) ? parsed : undefined;
}

function isTriple(value: unknown): value is readonly [unknown, unknown, unknown] {
  return Array.isArray(value) && value.length === 3;
}

/**
 * Reads one page of a party's statements of `days`, in day then shelf order, with the sales lines
 * behind each in sale id order. Reads only the statements on the page (and the pointer after it): at
 * most `pageSize` statements, and the lines of those that have any.
 *
 * @param stub - normally `ctx.stub` of a read-only transaction
 * @param party - the checked party
 * @param days - the checked period
 * @param pageSize - from {@link parseReportPageSize}
 * @param start - from {@link decodeReportBookmark}
 * @returns the page
 * @throws InvalidArgumentError when the bookmark points past a statement's lines
 */
export async function readReportPage(
  stub: Stub,
  party: string,
  days: readonly string[],
  pageSize: number,
  start: ReportPosition | null,
): Promise<ReportPage> {
  const statements: JsonValue[] = [];
  const totals = { pendingFen: 0, disputedFen: 0, paidFen: 0 };
  let rows = 0;
  for await (const entry of statementPointers(stub, party, days, start)) {
    const from = start !== null && entry.day === start.day && entry.shelfId === start.shelfId ? start.line : 0;
    if (rows === pageSize) {
      return { statements, totals, next: { day: entry.day, shelfId: entry.shelfId, line: from } };
    }
    const statement = await storedStatements.read(stub, entry.shelfId, entry.day);
    if (statement === undefined) {
      throw new Error(`statement index points at a missing statement ${entry.shelfId} ${entry.day}`);
    }
    // A settled day's lines never change, so the count the statement recorded says whether to read them.
    const lines = statement.lines === 0 ? [] : await readDayLines(stub, entry.shelfId, entry.day);
    if (from > 0 && from >= lines.length) {
      throw new InvalidArgumentError('bookmark points past the lines of its statement', { field: 'bookmark' });
    }
    const salesLines = lines.slice(from, from + pageSize - rows);
    const share = partyShare(statement, party);
    if (from === 0) {
      totals[`${statement.status}Fen`] += share.partyAmountFen;
    }
    statements.push({ ...statement, ...share, salesLinesFrom: from, salesLines });
    rows += Math.max(salesLines.length, 1);
    if (from + salesLines.length < lines.length) {
      return { statements, totals, next: { day: entry.day, shelfId: entry.shelfId, line: from + salesLines.length } };
    }
  }
  return { statements, totals, next: null };
}

function partyShare(statement: Statement, party: string): { partyRole: string; partyAmountFen: number } {
  if (party === statement.supplier) return { partyRole: 'supplier', partyAmountFen: statement.supplierFen };
  if (party === statement.siteProvider) return { partyRole: 'site-provider', partyAmountFen: statement.siteFen };
  return { partyRole: 'shelf-operator', partyAmountFen: statement.operatorFen };
}

/** The party's statement pointers from `start` on, day by day. */
async function* statementPointers(
  stub: Stub,
  party: string,
  days: readonly string[],
  start: ReportPosition | null,
): AsyncGenerator<StatementIndex> {
  const first = start === null ? 0 : days.indexOf(start.day);
  for (const day of days.slice(first)) {
    yield* partyDayPointers(stub, party, day, start !== null && day === start.day ? start.shelfId : '');
  }
}
