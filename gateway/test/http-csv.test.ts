import { csvCell, type CsvColumns, csvText, nextPageQuery } from '../src/http/csv';

describe('CSV cells', () => {
  it('quotes a cell holding a comma, a quote or a line break, quotes doubled (RFC 4180)', () => {
    expect(csvCell('a"b,c')).toBe('"a""b,c"');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('plain text')).toBe('plain text');
  });

  it.each(['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx'])('prefixes %p with a quote, so no spreadsheet runs it', (text) => {
    expect(csvCell(text)).toMatch(/^"?'/);
  });

  it('neutralises a formula that also needs quoting, and leaves numbers and empty cells alone', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('\r')).toBe(`"'\r"`);
    expect(csvCell(-555)).toBe('-555');
    expect(csvCell(1_000_000_000_001)).toBe('1000000000001');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });
});

describe('CSV files', () => {
  const columns: CsvColumns<{ id: string; fen: number; note: string | null }> = {
    id: (r) => r.id,
    fen: (r) => r.fen,
    note: (r) => r.note,
  };

  it('writes the header row, then one row per record, every line ended by CRLF', () => {
    const csv = csvText(columns, [
      { id: 'a', fen: 12_345, note: null },
      { id: 'b', fen: -7, note: 'x, "y"' },
    ]);

    expect(csv).toBe('id,fen,note\r\na,12345,\r\nb,-7,"x, ""y"""\r\n');
  });

  it('writes the header alone for no records', () => {
    expect(csvText(columns, [])).toBe('id,fen,note\r\n');
  });
});

describe('next page queries', () => {
  it("keeps the page's query, defined values as text, with the next bookmark", () => {
    expect(nextPageQuery({ from: 'a', format: 'csv', pageSize: 5, classId: undefined }, 'b2')).toEqual({
      from: 'a',
      format: 'csv',
      pageSize: '5',
      bookmark: 'b2',
    });
  });

  it('names none after the last page', () => {
    expect(nextPageQuery({ format: 'csv' }, '')).toBeNull();
    expect(nextPageQuery({ format: 'csv' }, null)).toBeNull();
  });
});
