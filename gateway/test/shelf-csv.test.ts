import { csvCell, REPORT_CSV_COLUMNS, reportCsv } from '../src/shelf/csv';

describe('reconciliation CSV', () => {
  it('quotes cells with separators and neutralises formulas, numbers untouched', () => {
    expect(csvCell('a"b,c')).toBe('"a""b,c"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-555)).toBe('-555');
    expect(csvCell(null)).toBe('');
  });

  it('writes a header and one row for a statement without lines', () => {
    const csv = reportCsv({
      party: 'p',
      from: 'a',
      to: 'b',
      statements: [],
      totals: { pendingFen: 0, disputedFen: 0, paidFen: 0 },
      bookmark: '',
    });
    expect(csv).toBe(`${REPORT_CSV_COLUMNS.join(',')}\r\n`);
  });
});
