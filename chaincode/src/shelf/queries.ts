/**
 * Read-only transactions of the shelf contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { type Caller, requireReadAccess } from '../ledger/caller';
import { daysBetween, parseDay } from '../ledger/day';
import { ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { parsePageSize } from '../ledger/paging';
import { stableStringify } from '../ledger/state';
import { POST_KINDS, type PostKind } from './records';
import { decodeReportBookmark, encodeReportBookmark, parseReportPageSize, readReportPage } from './report';
import { agreements, posts, readDayLines, shelves, statements } from './repository';
import type { Statement } from './statement';

/** Longest period of one reconciliation report. */
export const MAX_REPORT_DAYS = 31;

/**
 * ListBoard (any): one page of posts of a kind, in a city or (city `""`) everywhere.
 *
 * @returns `{items, bookmark}` as JSON
 */
export async function listBoard(ctx: Context, kind: string, city: string, pageSize: string, bookmark: string): Promise<string> {
  await readingCaller(ctx);
  const postKind = POST_KINDS.find((item): item is PostKind => item === kind);
  if (postKind === undefined) {
    throw new InvalidArgumentError(`kind must be one of ${POST_KINDS.join(', ')}`, { field: 'kind' });
  }
  const range = city === '' ? [postKind] : [postKind, requireKeyPart(city, 'city')];
  return stableStringify(await posts.page(ctx.stub, parsePageSize(pageSize), bookmark, ...range));
}

/**
 * GetShelf (any): the shelf with every agreement version.
 *
 * @returns `{shelfId, operator, latestVersion, activeVersion, agreements}` as JSON
 */
export async function getShelf(ctx: Context, shelfId: string): Promise<string> {
  await readingCaller(ctx);
  const shelf = await shelves.require(ctx.stub, 'shelfId', shelfId);
  return stableStringify({ ...shelf, agreements: await agreements.all(ctx.stub, shelf.shelfId) });
}

function canReadStatement(caller: Caller, statement: Statement): boolean {
  return (
    caller.role === 'admin' ||
    caller.role === 'auditor' ||
    [statement.operator, statement.siteProvider, statement.supplier].includes(caller.account ?? '')
  );
}

/**
 * GetStatement (its parties, admin, auditor): a settled shelf-day with the lines it covers.
 *
 * @returns `{statement, salesLines}` as JSON
 */
export async function getStatement(ctx: Context, shelfId: string, day: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const id = requireKeyPart(shelfId, 'shelfId');
  const checkedDay = parseDay(day, 'day');
  const statement = await statements.read(ctx.stub, id, checkedDay);
  if (statement === undefined) {
    throw new NotFoundError(`shelf ${id} is not settled for ${checkedDay}`, { shelfId: id, day: checkedDay });
  }
  if (!canReadStatement(caller, statement)) {
    throw new ForbiddenError('only the parties, a platform admin or an auditor may read a statement', { role: caller.role });
  }
  return stableStringify({ statement, salesLines: await readDayLines(ctx.stub, id, checkedDay) });
}

/**
 * GetReport (the party, admin, auditor): one page of the party's statements settled for the days of
 * a period, with the sales lines behind each and totals by status of the statements that start on
 * the page (docs/shelf.md "Reconciliation report").
 *
 * @param pageSize - rows per page, 1 to `MAX_REPORT_PAGE_ROWS` (report.ts): a row is a sales line, or a statement without lines
 * @param bookmark - `""` for the first page, else the bookmark of the page before
 * @returns `{party, from, to, statements, totals, bookmark}` as JSON
 */
export async function getReport(
  ctx: Context,
  party: string,
  from: string,
  to: string,
  pageSize: string,
  bookmark: string,
): Promise<string> {
  const id = requireKeyPart(party, 'party');
  requireReadAccess(await readingCaller(ctx), id);
  const days = daysBetween(parseDay(from, 'from'), parseDay(to, 'to'), MAX_REPORT_DAYS);
  const size = parseReportPageSize(pageSize);
  const page = await readReportPage(ctx.stub, id, days, size, decodeReportBookmark(bookmark, days));
  return stableStringify({
    party: id,
    from: days[0] ?? from,
    to: days[days.length - 1] ?? to,
    statements: page.statements,
    totals: page.totals,
    bookmark: page.next === null ? '' : encodeReportBookmark(page.next),
  });
}
