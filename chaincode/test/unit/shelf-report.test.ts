import { FakeStub } from '../support/fake-ledger';
import { AUDITOR, type Json } from '../support/points';
import { device, operator, ShelfDriver, siteProvider, supplier } from '../support/shelf';

const OP = operator('op1');
const SITE = siteProvider('site1');
const SUP = supplier('sup1');
const D1 = '2025-03-10';
const D2 = '2025-03-11';
const SHELVES = ['shelf-1', 'shelf-2', 'shelf-3'];
/** Sales lines per shelf and day: a statement without lines, short ones, and one longer than a page. */
const LINES: Record<string, Record<string, number>> = {
  [D1]: { 'shelf-1': 0, 'shelf-2': 3, 'shelf-3': 7 },
  [D2]: { 'shelf-1': 2, 'shelf-2': 0, 'shelf-3': 1 },
};

type Report = {
  statements: Array<Json & { shelfId: string; day: string; salesLinesFrom: number; salesLines: Array<{ saleId: string }> }>;
  totals: Record<string, number>;
  bookmark: string;
};

/** Three shelves of op1, site1 and sup1, with the lines of {@link LINES} recorded and both days settled. */
async function settledShelves(): Promise<ShelfDriver> {
  const d = new ShelfDriver('2025-03-12T04:00:00.000Z');
  await d.submit(SITE, (c, ctx) => c.PostSite(ctx, 'p1', 'site-1', 'Shanghai', 'Lobby', '1200', '2000'));
  for (const [index, shelf] of SHELVES.entries()) {
    const dev = device(`dev${index + 1}`);
    await d.submit(OP, (c, ctx) => c.ProposeAgreement(ctx, `prop-${shelf}`, shelf, 'site-1', 'sup1', '3000', '5000', '2000', '500'));
    for (const party of [OP, SITE, SUP]) {
      await d.submit(party, (c, ctx) => c.SignAgreement(ctx, `sign-${shelf}`, shelf, '1'));
    }
    await d.submit(dev, (c, ctx) => c.ClaimDevice(ctx, `claim-${shelf}`, 'op1'));
    await d.submit(OP, (c, ctx) => c.RegisterDevice(ctx, `bind-${shelf}`, shelf, `dev${index + 1}`));
    for (const day of [D1, D2]) {
      const lines = Array.from({ length: LINES[day]?.[shelf] ?? 0 }, (_, n) => ({
        saleId: `${shelf}-${day}-${n}`,
        sku: 'SKU-A',
        qty: 1,
        amountFen: 1_000 + n,
        costFen: 600,
        occurredAt: `${day}T${String(10 + n).padStart(2, '0')}:00:00+08:00`,
      }));
      if (lines.length > 0) {
        await d.submit(dev, (c, ctx) => c.RecordSales(ctx, `b-${shelf}-${day}`, JSON.stringify(lines)));
      }
    }
  }
  for (const day of [D1, D2]) {
    for (const shelf of SHELVES) {
      await d.submit(OP, (c, ctx) => c.SettleDay(ctx, `settle-${shelf}-${day}`, shelf, day));
    }
  }
  return d;
}

function page(d: ShelfDriver, pageSize: string, bookmark: string, party = 'sup1'): Promise<Report> {
  return d.submit(SUP, (c, ctx) => c.GetReport(ctx, party, D1, D2, pageSize, bookmark)) as Promise<Report>;
}

/** The report's rows as the CSV has them: `day shelf saleId`, or `day shelf -` for a statement without lines. */
function rows(report: Report): string[] {
  return report.statements.flatMap((s) =>
    s.salesLines.length === 0 ? [`${s.day} ${s.shelfId} -`] : s.salesLines.map((l) => `${s.day} ${s.shelfId} ${l.saleId}`),
  );
}

describe('shelf: reconciliation report pages', () => {
  it('pages through every row once, in order, a long statement continued on the next page', async () => {
    const d = await settledShelves();
    // The peer's query limit cuts the statement pointers of a day short: the pages must still see them all.
    d.ledger.setTotalQueryLimit(2);
    const whole = await page(d, '500', '');

    const pages: Report[] = [];
    let bookmark = '';
    do {
      const next = await page(d, '4', bookmark);
      pages.push(next);
      bookmark = next.bookmark;
    } while (bookmark !== '');

    expect(whole.bookmark).toBe('');
    expect(rows(whole)).toHaveLength(15);
    expect(pages.flatMap(rows)).toEqual(rows(whole));
    expect(pages.map((p) => rows(p).length)).toEqual([4, 4, 4, 3]);
    // shelf-3 of D1 (7 lines) starts on page 2 after shelf-1 (no lines) and shelf-2 (3 lines), and ends on page 3.
    expect(pages[1]?.statements.map((s) => [s.shelfId, s.day, s.salesLinesFrom, s.salesLines.length])).toEqual([['shelf-3', D1, 0, 4]]);
    expect(pages[2]?.statements[0]).toMatchObject({ shelfId: 'shelf-3', day: D1, salesLinesFrom: 4 });
    const summed = pages.reduce((sum, p) => sum + (p.totals.pendingFen ?? 0), 0);
    expect(summed).toBe(whole.totals.pendingFen);
    expect(whole.totals.pendingFen).toBeGreaterThan(0);
  });

  it('reads only the statements of its page and the lines of those that have any', async () => {
    const d = await settledShelves();
    const getState = jest.spyOn(FakeStub.prototype, 'getState');
    try {
      await page(d, '1', '');
      const firstPage = getState.mock.calls.length;
      getState.mockClear();
      await page(d, '500', '');
      const wholeReport = getState.mock.calls.length;

      // The first statement (shelf-1 of D1) has no lines: its record, and the caller's account, nothing of the others.
      expect(firstPage).toBeLessThanOrEqual(3);
      expect(wholeReport).toBeGreaterThan(4 * 64);
    } finally {
      getState.mockRestore();
    }
  });

  it('refuses a page size beyond the cap and bookmarks it did not hand out', async () => {
    const d = await settledShelves();
    const second = (await page(d, '2', '')).bookmark;
    const forged = Buffer.from(JSON.stringify([D1, 'shelf-2', 99])).toString('base64url');
    const otherPeriod = Buffer.from(JSON.stringify(['2025-03-01', 'shelf-2', 0])).toString('base64url');

    const codes = await Promise.all(
      [
        ['0', ''],
        ['501', ''],
        ['4', 'not a bookmark'],
        ['4', forged],
        ['4', otherPeriod],
        ['4', `${second}x`],
      ].map(
        async ([pageSize = '', bookmark = '']) =>
          (await d.fail(AUDITOR, (c, ctx) => c.GetReport(ctx, 'sup1', D1, D2, pageSize, bookmark))).code,
      ),
    );

    expect(codes).toEqual([
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
    ]);
    expect(rows(await page(d, '500', second))).toHaveLength(13);
  });
});
