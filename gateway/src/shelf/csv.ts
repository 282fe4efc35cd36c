import type { Report } from './results';

/** Columns of the reconciliation CSV: one row per sales line, statement columns repeated on each. */
export const REPORT_CSV_COLUMNS = [
  'party',
  'partyRole',
  'shelfId',
  'day',
  'version',
  'status',
  'revenueFen',
  'costFen',
  'feeFen',
  'profitFen',
  'supplierFen',
  'operatorFen',
  'siteFen',
  'partyAmountFen',
  'salesHash',
  'transferRef',
  'saleId',
  'sku',
  'qty',
  'lineAmountFen',
  'lineCostFen',
  'occurredAt',
  'refundOf',
] as const;

type Cell = string | number | null;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`; numbers are left as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The reconciliation report as CSV, CRLF line ends, a header row first. A statement without sales lines
 * still gets one row, with the line columns empty.
 */
export function reportCsv(report: Report): string {
  const rows: Cell[][] = [[...REPORT_CSV_COLUMNS]];
  for (const s of report.statements) {
    const head: Cell[] = [
      report.party,
      s.partyRole,
      s.shelfId,
      s.day,
      s.version,
      s.status,
      s.revenueFen,
      s.costFen,
      s.feeFen,
      s.profitFen,
      s.supplierFen,
      s.operatorFen,
      s.siteFen,
      s.partyAmountFen,
      s.salesHash,
      s.transferRef,
    ];
    if (s.salesLines.length === 0) {
      rows.push([...head, null, null, null, null, null, null, null]);
    }
    for (const l of s.salesLines) {
      rows.push([...head, l.saleId, l.sku, l.qty, l.amountFen, l.costFen, l.occurredAt, l.refundOf]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
