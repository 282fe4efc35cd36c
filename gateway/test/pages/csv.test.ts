import { chunks, csvField, csvRows, parsePurchasesCsv } from '../../src/pages/view/csv';

describe('purchase CSV', () => {
  it('reads the purchases by the header names, in any column order, occurredAt optional', () => {
    const parsed = parsePurchasesCsv(
      '\uFEFFconsumer,amountFen,orderId,occurredAt\r\nalice,12800,o-1,\nbob,500,o-2,2026-12-01T10:00:00+08:00\n',
    );

    expect(parsed).toEqual({
      lines: [
        { orderId: 'o-1', consumer: 'alice', amountFen: 12800 },
        { orderId: 'o-2', consumer: 'bob', amountFen: 500, occurredAt: '2026-12-01T10:00:00+08:00' },
      ],
      problems: [],
    });
  });

  it('reports rows it cannot send with their line numbers and sends the others', () => {
    const parsed = parsePurchasesCsv('orderId,consumer,amountFen\no-1,alice,12.5\n,bob,100\no-3,carol,300\no-4,dan,-1\n');

    expect(parsed.lines).toEqual([{ orderId: 'o-3', consumer: 'carol', amountFen: 300 }]);
    expect(parsed.problems).toEqual([
      { line: 2, message: 'badAmount' },
      { line: 3, message: 'emptyField' },
      { line: 5, message: 'badAmount' },
    ]);
  });

  it('refuses a file whose header lacks a required column', () => {
    expect(parsePurchasesCsv('orderId,amountFen\no-1,100\n')).toEqual({ lines: [], problems: [{ line: 1, message: 'missingColumns' }] });
  });

  it('splits quoted fields with commas, quotes and newlines as RFC 4180 says', () => {
    expect(csvRows('a,"b,1","say ""hi""","two\nlines"\n\nc')).toEqual([['a', 'b,1', 'say "hi"', 'two\nlines'], ['c']]);
    expect(csvField('x,"y"')).toBe('"x,""y"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('cuts 100 lines into batches of 80 and 20', () => {
    const pieces = chunks(
      Array.from({ length: 100 }, (_, i) => i),
      80,
    );

    expect(pieces.map((p) => p.length)).toEqual([80, 20]);
    expect(pieces[1]?.[0]).toBe(80);
  });
});
