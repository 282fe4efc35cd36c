/*
 * Reads a merchant's CSV of purchases for `POST /v1/points/purchase-batches` (docs/points.md): a header
 * row naming the columns `orderId`, `consumer`, `amountFen` and optionally `occurredAt`, one purchase a
 * line. Quoted fields (RFC 4180) are allowed. No DOM, so unit tests cover it.
 */

/** One purchase line as the batch route takes it. */
export interface PurchaseLine {
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly occurredAt?: string;
}

/** A row the page refuses, with its 1-based line number in the file. */
export interface CsvProblem {
  readonly line: number;
  readonly message: 'missingColumns' | 'badAmount' | 'emptyField';
}

/** The purchases of a file and the rows that could not be read. */
export interface ParsedPurchases {
  readonly lines: PurchaseLine[];
  readonly problems: CsvProblem[];
}

const REQUIRED = ['orderId', 'consumer', 'amountFen'] as const;

/** How far one character moved the reader, and whether a quoted field goes on after it. */
interface Step {
  readonly used: number;
  readonly quoted: boolean;
}

/** The fields of the row being read, and the field being read. */
class RowReader {
  readonly rows: string[][] = [];
  private row: string[] = [];
  private field = '';

  add(c: string): void {
    this.field += c;
  }

  endField(): void {
    this.row.push(this.field);
    this.field = '';
  }

  endRow(): void {
    this.endField();
    this.rows.push(this.row);
    this.row = [];
  }

  /** Ends the last row unless the text ended with a line end. */
  finish(): void {
    if (this.field !== '' || this.row.length > 0) {
      this.endRow();
    }
  }
}

/** Reads one character inside a quoted field; answers how many characters it consumed and whether the quote goes on. */
function quotedChar(text: string, i: number, reader: RowReader): Step {
  const c = text.charAt(i);
  if (c !== '"') {
    reader.add(c);
    return { used: 1, quoted: true };
  }
  if (text.charAt(i + 1) === '"') {
    reader.add('"');
    return { used: 2, quoted: true };
  }
  return { used: 1, quoted: false };
}

/** Reads one character outside quotes; answers how many characters it consumed and whether a quote opens. */
function plainChar(text: string, i: number, reader: RowReader): Step {
  const c = text.charAt(i);
  if (c === '"' || c === ',') {
    if (c === ',') {
      reader.endField();
    }
    return { used: 1, quoted: c === '"' };
  }
  if (c === '\n' || c === '\r') {
    reader.endRow();
    return { used: c === '\r' && text.charAt(i + 1) === '\n' ? 2 : 1, quoted: false };
  }
  reader.add(c);
  return { used: 1, quoted: false };
}

/** Splits CSV text into rows of fields, honouring double-quoted fields with "" escapes and newlines; blank rows are dropped. */
export function csvRows(text: string): string[][] {
  const reader = new RowReader();
  let quoted = false;
  for (let i = 0; i < text.length;) {
    const step: Step = quoted ? quotedChar(text, i, reader) : plainChar(text, i, reader);
    i += step.used;
    quoted = step.quoted;
  }
  reader.finish();
  return reader.rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** Reads the purchases of a CSV file; rows with a problem are reported, not sent. */
export function parsePurchasesCsv(text: string): ParsedPurchases {
  const [header = [], ...body] = csvRows(text.replace(/^\uFEFF/, ''));
  const columns = header.map((name) => name.trim());
  const index = (name: string): number => columns.indexOf(name);
  if (REQUIRED.some((name) => index(name) < 0)) {
    return { lines: [], problems: [{ line: 1, message: 'missingColumns' }] };
  }
  const lines: PurchaseLine[] = [];
  const problems: CsvProblem[] = [];
  body.forEach((row, n) => {
    const cell = (name: string): string => (row[index(name)] ?? '').trim();
    const line = n + 2;
    const amount = cell('amountFen');
    if (cell('orderId') === '' || cell('consumer') === '') {
      problems.push({ line, message: 'emptyField' });
    } else if (!/^\d+$/.test(amount) || Number(amount) <= 0) {
      problems.push({ line, message: 'badAmount' });
    } else {
      const occurredAt = index('occurredAt') < 0 ? '' : cell('occurredAt');
      const base = { orderId: cell('orderId'), consumer: cell('consumer'), amountFen: Number(amount) };
      lines.push(occurredAt === '' ? base : { ...base, occurredAt });
    }
  });
  return { lines, problems };
}

/** Cuts a list into consecutive pieces of at most `size` items (the batch route takes 80 lines). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    pieces.push(items.slice(start, start + size));
  }
  return pieces;
}

/** Quotes a value for a CSV field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
