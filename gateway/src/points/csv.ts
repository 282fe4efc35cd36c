import type { CsvColumns } from '../http/csv';
import type { Statement } from './results';

/** Columns of an account's statement as CSV (docs/points.md "Statement as CSV"): one row per movement, points as integers. */
export const STATEMENT_CSV_COLUMNS: CsvColumns<Statement['items'][number]> = {
  account: (m) => m.account,
  time: (m) => m.time,
  txId: (m) => m.txId,
  kind: (m) => m.kind,
  delta: (m) => m.delta,
  counterparty: (m) => m.counterparty ?? null,
  requestId: (m) => m.requestId ?? null,
  reference: (m) => m.reference ?? null,
};
