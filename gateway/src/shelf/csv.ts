import type { CsvColumns } from '../http/csv';
import type { Report } from './results';

type ReportStatement = Report['statements'][number];
type SaleLine = ReportStatement['salesLines'][number];

/** One row of the reconciliation CSV: a sales line of a statement, or a statement without lines. */
export interface ReportRow {
  readonly party: string;
  readonly statement: ReportStatement;
  readonly line: SaleLine | null;
}

/** Columns of the reconciliation CSV: one row per sales line, statement columns repeated on each. */
export const REPORT_CSV_COLUMNS: CsvColumns<ReportRow> = {
  party: (r) => r.party,
  partyRole: (r) => r.statement.partyRole,
  shelfId: (r) => r.statement.shelfId,
  day: (r) => r.statement.day,
  version: (r) => r.statement.version,
  status: (r) => r.statement.status,
  revenueFen: (r) => r.statement.revenueFen,
  costFen: (r) => r.statement.costFen,
  feeFen: (r) => r.statement.feeFen,
  profitFen: (r) => r.statement.profitFen,
  supplierFen: (r) => r.statement.supplierFen,
  operatorFen: (r) => r.statement.operatorFen,
  siteFen: (r) => r.statement.siteFen,
  partyAmountFen: (r) => r.statement.partyAmountFen,
  salesHash: (r) => r.statement.salesHash,
  transferRef: (r) => r.statement.transferRef,
  saleId: (r) => r.line?.saleId ?? null,
  sku: (r) => r.line?.sku ?? null,
  qty: (r) => r.line?.qty ?? null,
  lineAmountFen: (r) => r.line?.amountFen ?? null,
  lineCostFen: (r) => r.line?.costFen ?? null,
  occurredAt: (r) => r.line?.occurredAt ?? null,
  refundOf: (r) => r.line?.refundOf ?? null,
};

/** The report's rows: each statement's sales lines, or one row with the line columns empty for a statement without any. */
export function reportRows(report: Report): ReportRow[] {
  return report.statements.flatMap((statement): ReportRow[] =>
    statement.salesLines.length === 0
      ? [{ party: report.party, statement, line: null }]
      : statement.salesLines.map((line) => ({ party: report.party, statement, line })),
  );
}
