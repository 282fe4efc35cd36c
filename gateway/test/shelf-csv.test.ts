import { csvText } from '../src/http/csv';
import { REPORT_CSV_COLUMNS, reportRows } from '../src/shelf/csv';
import type { Report } from '../src/shelf/results';

const header = Object.keys(REPORT_CSV_COLUMNS).join(',');
const empty: Report = {
  party: 'p',
  from: 'a',
  to: 'b',
  statements: [],
  totals: { pendingFen: 0, disputedFen: 0, paidFen: 0 },
  bookmark: '',
};

describe('reconciliation CSV', () => {
  it('writes only the header for a report without statements', () => {
    expect(csvText(REPORT_CSV_COLUMNS, reportRows(empty))).toBe(`${header}\r\n`);
  });

  it('writes one row per sales line, and one with the line columns empty for a statement without lines', () => {
    const statement = { shelfId: 's1', salesLines: [] } as unknown as Report['statements'][number];
    const line = { saleId: 'a', sku: 'X', qty: 1, amountFen: 1, costFen: 1, occurredAt: 't', refundOf: null };
    const report: Report = {
      ...empty,
      statements: [statement, { ...statement, shelfId: 's2', salesLines: [line, { ...line, saleId: 'b' }] }],
    };

    expect(reportRows(report).map((row) => [row.statement.shelfId, row.line?.saleId ?? null])).toEqual([
      ['s1', null],
      ['s2', 'a'],
      ['s2', 'b'],
    ]);
  });
});
