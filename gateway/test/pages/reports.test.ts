import {
  awaitsSignature,
  disputable,
  joinCsvPages,
  nextLink,
  payable,
  periodEnding,
  reportFileName,
  shelfIdsOf,
} from '../../src/pages/view/reports';

describe('report periods and files', () => {
  it('ends a period of days with today, across a month end', () => {
    expect(periodEnding('2026-03-03', 7)).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(periodEnding('2026-03-03', 1)).toEqual({ from: '2026-03-03', to: '2026-03-03' });
  });

  it('names the file without characters a file system refuses', () => {
    expect(reportFileName('sup:1/x', { from: '2026-03-01', to: '2026-03-07' })).toBe('shelf-report-sup_1_x-2026-03-01-2026-03-07.csv');
  });

  it('finds the next page in a Link header', () => {
    expect(nextLink('</v1/shelf/reports/s?from=a&bookmark=b>; rel="next"')).toBe('/v1/shelf/reports/s?from=a&bookmark=b');
    expect(nextLink('</first>; rel="prev", </second>; rel=next')).toBe('/second');
    expect(nextLink(null)).toBeNull();
    expect(nextLink('</x>; rel="prev"')).toBeNull();
  });

  it('joins CSV pages with the header row once, keeping quoted line breaks', () => {
    const header = 'party,saleId\r\n';
    const pages = [`${header}s,1\r\n`, `${header}s,"two\r\nlines"\r\n`, header, `${header}s,3`];

    expect(joinCsvPages(pages)).toBe(`${header}s,1\r\ns,"two\r\nlines"\r\ns,3\r\n`);
    expect(joinCsvPages([])).toBe('');
  });
});

describe('statements a party may act on', () => {
  const now = new Date('2026-03-05T00:00:00Z');
  const statement = (status: string, disputeUntil: string): Record<string, unknown> => ({ status, disputeUntil });

  it('may be disputed while pending until the window closes, that instant included, and paid after', () => {
    expect(disputable(statement('pending', '2026-03-05T00:00:00Z'), now)).toBe(true);
    expect(payable(statement('pending', '2026-03-05T00:00:00Z'), now)).toBe(false);
    expect(disputable(statement('pending', '2026-03-04T23:59:59Z'), now)).toBe(false);
    expect(payable(statement('pending', '2026-03-04T23:59:59Z'), now)).toBe(true);
    expect(disputable(statement('disputed', '2026-03-06T00:00:00Z'), now)).toBe(false);
    expect(payable(statement('paid', '2026-03-01T00:00:00Z'), now)).toBe(false);
    expect(disputable({ status: 'pending' }, now)).toBe(false);
  });

  it("names the party's shelves from its statements and events, each once", () => {
    const events = [
      { name: 'SignAgreement', payload: { shelfId: 'shelf-2' } },
      { name: 'PostOffer', payload: { offerId: 'offer-1' } },
      { name: 'DisputeStatement', payload: { shelfId: 'shelf-1' } },
    ];

    expect(shelfIdsOf([{ shelfId: 'shelf-1' }], events)).toEqual(['shelf-1', 'shelf-2']);
  });

  it('asks a party to sign a proposed version only in its own slot, once', () => {
    const proposed = {
      status: 'proposed',
      operator: 'op',
      siteProvider: 'site',
      supplier: 'sup',
      operatorSignedAt: '2026-03-01T00:00:00Z',
    };

    expect(awaitsSignature(proposed, 'supplier', 'sup')).toBe(true);
    expect(awaitsSignature(proposed, 'shelf-operator', 'op')).toBe(false);
    expect(awaitsSignature(proposed, 'supplier', 'someone-else')).toBe(false);
    expect(awaitsSignature({ ...proposed, status: 'active' }, 'supplier', 'sup')).toBe(false);
    expect(awaitsSignature(proposed, 'consumer', 'sup')).toBe(false);
  });
});
