import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';

import { jsonContent, type OpenApiObject } from './openapi-parts';
import type { QueryShape } from './operations';
import { PAGE_PARAMETERS, PageQueryDto } from './paging';

/*
 * CSV answers of listings (README "CSV exports"): one encoding for every module. A listing answers JSON
 * unless its query says `format=csv`; a CSV page is a whole file, header row included, and names the
 * next page in a `Link: <…>; rel="next"` header (RFC 8288), as the shelf report first did.
 */

/** A CSV cell's value: text, an exact integer (fen, points, counts), or nothing. */
export type CsvCell = string | number | null;

/**
 * The columns of a CSV file in the order written: each one's header (a name, never an integer-like
 * key, which an object would list first), and how a record gives its cell.
 */
export type CsvColumns<T> = Readonly<Record<string, (record: T) => CsvCell>>;

/** What a listing's query may ask for: JSON (the default) or CSV. */
export const ANSWER_FORMATS = ['json', 'csv'] as const;
/** One of {@link ANSWER_FORMATS}. */
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

/** The `format` query parameter of a listing that answers CSV too. */
export const FORMAT_PARAMETER: OpenApiObject = {
  name: 'format',
  in: 'query',
  schema: { type: 'string', enum: [...ANSWER_FORMATS], default: 'json' },
  description: '`csv` answers the page as a CSV file (`text/csv`), its next page in the `Link` header',
};

/** `?format&pageSize&bookmark` of a chaincode listing that answers CSV too. */
export class CsvPageQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(ANSWER_FORMATS) format?: AnswerFormat;
}

/** The query of a chaincode listing that answers CSV too. */
export const CSV_PAGE_QUERY: QueryShape<CsvPageQueryDto> = { dto: CsvPageQueryDto, parameters: [FORMAT_PARAMETER, ...PAGE_PARAMETERS] };

/** A text a spreadsheet would run as a formula, or whose first character it would drop or split on. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A text that has to be quoted (RFC 4180): it holds the separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) is prefixed with `'`
 * (CSV injection); numbers, negative ones included, are written as they are.
 */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV file: the header row, then one row per record; CRLF line ends, the last line ended too.
 *
 * @param columns - the file's columns, in order
 * @param records - one row each
 */
export function csvText<T>(columns: CsvColumns<T>, records: readonly T[]): string {
  const cells = Object.values(columns);
  const rows = [Object.keys(columns), ...records.map((record) => cells.map((cell) => cell(record)))];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** One page of a listing as a CSV file. */
export interface CsvPage<T> {
  /** The file name the answer suggests (`Content-Disposition: attachment`). */
  readonly filename: string;
  readonly columns: CsvColumns<T>;
  readonly records: readonly T[];
  /** The query of the next page, format, page size and bookmark included; null on the last page. */
  readonly next: Readonly<Record<string, string>> | null;
}

/**
 * The query of a listing's next page: the page's own query, each defined value as text, with the
 * bookmark the page answered; null when that bookmark is empty (the page was the last).
 *
 * @param query - the query as the page ran it, in the order its link should list it
 * @param bookmark - the bookmark (or cursor) of the next page, `""` or null after the last
 */
export function nextPageQuery(
  query: Readonly<Record<string, string | number | undefined>>,
  bookmark: string | null,
): Record<string, string> | null {
  if (bookmark === null || bookmark === '') {
    return null;
  }
  const defined = Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as const]));
  return { ...Object.fromEntries(defined), bookmark };
}

/**
 * Answers one page as a CSV file: `text/csv; charset=utf-8`, its file name in `Content-Disposition`,
 * and when more follow a `Link: <path?query>; rel="next"` header naming the next page on the same route.
 */
export function sendCsvPage<T>(res: Response, req: Request, page: CsvPage<T>): void {
  if (page.next !== null) {
    res.links({ next: `${req.baseUrl}${req.path}?${new URLSearchParams(page.next).toString()}` });
  }
  res.attachment(page.filename).type('text/csv; charset=utf-8').send(csvText(page.columns, page.records));
}

/**
 * Answers a listing's page as its query asks: JSON, or the CSV file {@link sendCsvPage} writes.
 *
 * @param json - the JSON answer
 * @param csv - the page as CSV, built only when CSV is asked for
 */
export function sendListing<T>(res: Response, req: Request, format: AnswerFormat | undefined, json: unknown, csv: () => CsvPage<T>): void {
  if (format === 'csv') {
    sendCsvPage(res, req, csv());
  } else {
    res.json(json);
  }
}

/**
 * The OpenAPI answer of a listing that answers CSV too.
 *
 * @param description - what one page holds
 * @param schema - its JSON form
 */
export function listingAnswer(description: string, schema: OpenApiObject = { type: 'object' }): OpenApiObject {
  return {
    description: `${description}; as CSV, a \`Link\` header with \`rel="next"\` names the next page unless this is the last`,
    headers: { Link: { schema: { type: 'string' }, description: '`<url>; rel="next"` (CSV only)' } },
    content: { ...jsonContent(schema), 'text/csv': { schema: { type: 'string' } } },
  };
}
