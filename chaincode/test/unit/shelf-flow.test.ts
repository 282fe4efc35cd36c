import { match } from '../support/matchers';
import { ADMIN, AUDITOR, type Json } from '../support/points';
import { expectRefusedRetry } from '../support/replay';
import { device, operator, ShelfDriver, siteProvider, supplier } from '../support/shelf';

const OP = operator('op1');
const SITE = siteProvider('site1');
const SUP = supplier('sup1');
const DEV = device('dev1');
const DEV2 = device('dev2');
const D1 = '2025-03-10';
const D2 = '2025-03-11';
const NOW = '2025-03-12T04:00:00.000Z';

type Line = Record<string, unknown>;
const sale = (saleId: string, day: string, amountFen: number, costFen: number, extra: Line = {}): Line => ({
  saleId,
  sku: 'SKU-A',
  qty: 1,
  amountFen,
  costFen,
  occurredAt: `${day}T12:00:00+08:00`,
  ...extra,
});

/** Board, agreement v1 signed by all three, dev1 and dev2 claiming op1, bound to shelf-1 and shelf-2. */
async function activeShelf(): Promise<ShelfDriver> {
  const d = new ShelfDriver(NOW);
  await d.submit(SITE, (c, ctx) => c.PostSite(ctx, 'p1', 'site-1', 'Shanghai', 'Lobby, Tower A', '1200', '2000'));
  await d.submit(SUP, (c, ctx) => c.PostOffer(ctx, 'p2', 'offer-1', 'Shanghai', JSON.stringify([{ sku: 'SKU-A', costFen: 600 }])));
  await d.submit(OP, (c, ctx) => c.PostRequest(ctx, 'p3', 'req-1', 'Shanghai', 'Looking for office lobbies'));
  for (const shelf of ['shelf-1', 'shelf-2']) {
    await d.submit(OP, (c, ctx) => c.ProposeAgreement(ctx, `prop-${shelf}`, shelf, 'site-1', 'sup1', '3000', '5000', '2000', '500'));
    for (const party of [OP, SITE, SUP]) {
      await d.submit(party, (c, ctx) => c.SignAgreement(ctx, `sign-${shelf}`, shelf, '1'));
    }
  }
  await d.submit(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim', 'op1'));
  await d.submit(DEV2, (c, ctx) => c.ClaimDevice(ctx, 'claim', 'op1'));
  await d.submit(OP, (c, ctx) => c.RegisterDevice(ctx, 'dev-a', 'shelf-1', 'dev1'));
  await d.submit(OP, (c, ctx) => c.RegisterDevice(ctx, 'dev-b', 'shelf-2', 'dev2'));
  return d;
}

async function record(d: ShelfDriver, batchId: string, lines: Line[], as = DEV): Promise<Json> {
  return d.submit(as, (c, ctx) => c.RecordSales(ctx, batchId, JSON.stringify(lines)));
}

describe('shelf: board and agreements', () => {
  it('lists posts by kind and city, paginated', async () => {
    const d = await activeShelf();
    await d.submit(SITE, (c, ctx) => c.PostSite(ctx, 'p4', 'site-2', 'Beijing', 'Mall', '900', '1500'));
    const shanghai = await d.submit(AUDITOR, (c, ctx) => c.ListBoard(ctx, 'site', 'Shanghai', '10', ''));
    expect(shanghai).toMatchObject({ items: [{ postId: 'site-1', owner: 'site1', footfall: 1200, desiredShareBps: 2000 }], bookmark: '' });
    const first = await d.submit(AUDITOR, (c, ctx) => c.ListBoard(ctx, 'site', '', '1', ''));
    expect(first.items).toHaveLength(1);
    expect(first.bookmark).not.toBe('');
    const offers = await d.submit(OP, (c, ctx) => c.ListBoard(ctx, 'offer', '', '10', ''));
    expect(offers).toMatchObject({ items: [{ postId: 'offer-1', skus: [{ sku: 'SKU-A', costFen: 600 }] }] });
    expect(await d.fail(SUP, (c, ctx) => c.PostSite(ctx, 'p5', 'site-3', 'Shanghai', 'x', '1', '1'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await d.fail(SITE, (c, ctx) => c.PostSite(ctx, 'p6', 'site-1', 'Beijing', 'x', '1', '1'))).toMatchObject({
      code: 'ALREADY_EXISTS',
    });
  });

  it('refuses a split that does not sum to 10,000', async () => {
    const d = await activeShelf();
    const error = await d.fail(OP, (c, ctx) => c.ProposeAgreement(ctx, 'bad', 'shelf-9', 'site-1', 'sup1', '3000', '5000', '1999', '500'));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { sum: 9_999 } });
  });

  it('activates only with all three signatures, each by its own party, and supersedes by a new version', async () => {
    const d = await activeShelf();
    const v2 = await d.submit(OP, (c, ctx) => c.ProposeAgreement(ctx, 'v2', 'shelf-1', 'site-1', 'sup1', '4000', '4000', '2000', '300'));
    expect(v2).toMatchObject({ version: 2, status: 'proposed', siteProvider: 'site1' });
    expect(await d.fail(supplier('sup2'), (c, ctx) => c.SignAgreement(ctx, 's', 'shelf-1', '2'))).toMatchObject({ code: 'FORBIDDEN' });
    await d.submit(OP, (c, ctx) => c.SignAgreement(ctx, 's1', 'shelf-1', '2'));
    expect(await d.fail(OP, (c, ctx) => c.SignAgreement(ctx, 's1b', 'shelf-1', '2'))).toMatchObject({ code: 'CONFLICT' });
    await d.submit(SITE, (c, ctx) => c.SignAgreement(ctx, 's2', 'shelf-1', '2'));
    expect(await d.submit(AUDITOR, (c, ctx) => c.GetShelf(ctx, 'shelf-1'))).toMatchObject({ activeVersion: 1, latestVersion: 2 });
    expect(await d.submit(SUP, (c, ctx) => c.SignAgreement(ctx, 's3', 'shelf-1', '2'))).toMatchObject({ status: 'active' });
    const shelf = await d.submit(AUDITOR, (c, ctx) => c.GetShelf(ctx, 'shelf-1'));
    expect(shelf).toMatchObject({
      activeVersion: 2,
      agreements: [
        { version: 1, status: 'superseded' },
        { version: 2, status: 'active' },
      ],
    });
    expect(await d.fail(SITE, (c, ctx) => c.DeclineAgreement(ctx, 'd', 'shelf-1', '2'))).toMatchObject({ code: 'CONFLICT' });
  });

  it('lets any party decline a proposed version, which leaves the active one', async () => {
    const d = await activeShelf();
    await d.submit(OP, (c, ctx) => c.ProposeAgreement(ctx, 'v2', 'shelf-1', 'site-1', 'sup1', '4000', '4000', '2000', '300'));
    expect(await d.submit(SUP, (c, ctx) => c.DeclineAgreement(ctx, 'd', 'shelf-1', '2'))).toMatchObject({
      status: 'declined',
      changedBy: 'sup1',
    });
    expect(await d.submit(AUDITOR, (c, ctx) => c.GetShelf(ctx, 'shelf-1'))).toMatchObject({ activeVersion: 1 });
  });

  it('binds a device once, to a shelf with an active agreement, by its operator', async () => {
    const d = await activeShelf();
    expect(await d.fail(OP, (c, ctx) => c.RegisterDevice(ctx, 'x', 'shelf-2', 'dev1'))).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await d.fail(operator('op2'), (c, ctx) => c.RegisterDevice(ctx, 'y', 'shelf-1', 'dev9'))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('shelf: sales and T+1 settlement', () => {
  it('runs the whole day cycle with exact amounts', async () => {
    const d = await activeShelf();
    await record(d, 'b1', [sale('s1', D1, 1_000, 600, { qty: 2 }), sale('s2', D1, 555, 300), sale('s3', D1, 333, 100)]);
    const b2 = await record(d, 'b2', [
      sale('s3', D1, 333, 100),
      sale('r1', D1, -555, -300, { qty: -1, refundOf: 's2' }),
      sale('s4', D2, 2_000, 1_200),
    ]);
    expect(b2).toMatchObject({ shelfId: 'shelf-1', deviceId: 'dev1', duplicates: ['s3'] });
    expect(b2.recorded).toEqual([
      { saleId: 'r1', day: D1, occurredDay: D1 },
      { saleId: 's4', day: D2, occurredDay: D2 },
    ]);

    expect(await d.fail(ADMIN, (c, ctx) => c.SettleDay(ctx, 'early', 'shelf-1', '2025-03-12'))).toMatchObject({ code: 'CONFLICT' });
    const { json: day1, stub } = await d.run(SITE, (c, ctx) => c.SettleDay(ctx, 'settle-1', 'shelf-1', D1));
    expect(stub.event?.name).toBe('SettleDay');
    expect(day1).toMatchObject({
      revenueFen: 1_333,
      costFen: 700,
      feeFen: 66,
      profitFen: 567,
      supplierFen: 870,
      siteFen: 113,
      operatorFen: 284,
      lines: 4,
      adjustmentLines: 0,
      status: 'pending',
      disputeUntil: match.stringMatching(/^2025-03-15T04:00:\d\d\.000Z$/),
    });
    expect(day1.salesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await d.fail(OP, (c, ctx) => c.SettleDay(ctx, 'settle-1b', 'shelf-1', D1))).toMatchObject({ code: 'ALREADY_SETTLED' });

    const late = await record(d, 'b3', [sale('s5', D1, 100, 50)]);
    expect(late.recorded).toEqual([{ saleId: 's5', day: D2, occurredDay: D1 }]);
    const day2 = await d.submit(SUP, (c, ctx) => c.SettleDay(ctx, 'settle-2', 'shelf-1', D2));
    expect(day2).toMatchObject({
      revenueFen: 2_100,
      costFen: 1_250,
      feeFen: 105,
      profitFen: 745,
      supplierFen: 1_473,
      siteFen: 149,
      operatorFen: 373,
      adjustmentLines: 1,
      adjustmentDays: [D1],
    });

    await d.submit(SUP, (c, ctx) => c.DisputeStatement(ctx, 'disp', 'shelf-1', D1, 'one sale missing'));
    expect(await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({ code: 'CONFLICT' });
    expect(await d.fail(OP, (c, ctx) => c.ResolveDispute(ctx, 'res', 'shelf-1', D1, 'accept', '', '', 'ok'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const resolved = await d.submit(ADMIN, (c, ctx) => c.ResolveDispute(ctx, 'res', 'shelf-1', D1, 'resettle', '1433', '750', 'late sale'));
    expect(resolved).toMatchObject({
      status: 'pending',
      resolution: 'resettle',
      revenueFen: 1_433,
      costFen: 750,
      feeFen: 71,
      profitFen: 612,
    });
    d.setTime('2025-03-15T05:00:00.000Z');
    const paid = await d.submit(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'));
    expect(paid).toMatchObject({ status: 'paid', transferRef: 'BANK-1' });

    const report = await d.submit(SITE, (c, ctx) => c.GetReport(ctx, 'site1', D1, D2, '100', ''));
    expect(report.totals).toEqual({ pendingFen: 149, disputedFen: 0, paidFen: 122 });
    expect(report.statements).toMatchObject([
      { day: D1, partyRole: 'site-provider', partyAmountFen: 122, status: 'paid', salesLines: match.any(Array) },
      { day: D2, partyAmountFen: 149, status: 'pending' },
    ]);
    expect(await d.fail(SUP, (c, ctx) => c.GetReport(ctx, 'site1', D1, D2, '100', ''))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('skips a resent sale, rejects a changed one with its line index, and keeps the batch all-or-nothing', async () => {
    const d = await activeShelf();
    await record(d, 'b1', [sale('s1', D1, 1_000, 600)]);
    const error = await d.fail(DEV, (c, ctx) => c.RecordSales(ctx, 'b2', JSON.stringify([sale('s2', D1, 5, 1), sale('s1', D1, 999, 600)])));
    expect(error).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { index: 1, saleId: 's1' } });
    const bad = await d.fail(DEV, (c, ctx) =>
      c.RecordSales(ctx, 'b3', JSON.stringify([sale('s2', D1, 5, 1), sale('s3', '2025-02-01', 5, 1)])),
    );
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', details: { index: 1, field: 'occurredAt' } });
    const refund = await d.fail(DEV, (c, ctx) =>
      c.RecordSales(ctx, 'b4', JSON.stringify([sale('r9', D1, -5, 0, { qty: -1, refundOf: 'nope' })])),
    );
    expect(refund).toMatchObject({ code: 'NOT_FOUND', details: { index: 0 } });
    const day = await d.submit(ADMIN, (c, ctx) => c.SettleDay(ctx, 'st', 'shelf-1', D1));
    expect(day).toMatchObject({ revenueFen: 1_000, lines: 1 });
  });

  it('refuses a retried batch, keeping its first result, and refuses its id for other lines', async () => {
    const d = await activeShelf();
    const lines = JSON.stringify([sale('s1', D1, 1_000, 600)]);
    const first = await d.submit(DEV, (c, ctx) => c.RecordSales(ctx, 'b1', lines));
    await expectRefusedRetry(d.ledger, DEV, await d.fail(DEV, (c, ctx) => c.RecordSales(ctx, 'b1', lines)), 'b1', first);
    const reused = await d.fail(DEV, (c, ctx) => c.RecordSales(ctx, 'b1', JSON.stringify([sale('s2', D1, 1, 1)])));
    expect(reused).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { requestId: 'b1' } });
  });

  it('refunds a sale once, at most its amount', async () => {
    const d = await activeShelf();
    await record(d, 'b1', [sale('s1', D1, 1_000, 600)]);
    const tooMuch = await d.fail(DEV, (c, ctx) =>
      c.RecordSales(ctx, 'b2', JSON.stringify([sale('r1', D1, -1_001, -600, { qty: -1, refundOf: 's1' })])),
    );
    expect(tooMuch).toMatchObject({ code: 'INVALID_ARGUMENT', details: { index: 0 } });
    await record(d, 'b3', [sale('r1', D1, -400, -200, { qty: -1, refundOf: 's1' })]);
    const twice = await d.fail(DEV, (c, ctx) =>
      c.RecordSales(ctx, 'b4', JSON.stringify([sale('r2', D1, -1, 0, { qty: -1, refundOf: 's1' })])),
    );
    expect(twice).toMatchObject({ code: 'CONFLICT', details: { index: 0, refundedBy: 'r1' } });
    expect(await d.submit(ADMIN, (c, ctx) => c.SettleDay(ctx, 'st', 'shelf-1', D1))).toMatchObject({ revenueFen: 600, costFen: 400 });
  });

  it('lets a device record only for its own shelf', async () => {
    const d = await activeShelf();
    await record(d, 'b1', [sale('s1', D1, 1_000, 600)], DEV2);
    expect(await d.submit(ADMIN, (c, ctx) => c.SettleDay(ctx, 'st1', 'shelf-1', D1))).toMatchObject({ revenueFen: 0, lines: 0 });
    expect(await d.submit(ADMIN, (c, ctx) => c.SettleDay(ctx, 'st2', 'shelf-2', D1))).toMatchObject({ revenueFen: 1_000, lines: 1 });
    expect(await d.fail(device('dev9'), (c, ctx) => c.RecordSales(ctx, 'b', JSON.stringify([sale('s', D1, 1, 1)])))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await d.fail(OP, (c, ctx) => c.RecordSales(ctx, 'b', JSON.stringify([sale('s', D1, 1, 1)])))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('closes the dispute window three days after settlement, the default disputeWindowSeconds', async () => {
    const d = await activeShelf();
    await d.submit(OP, (c, ctx) => c.SettleDay(ctx, 'st', 'shelf-1', D1));
    d.setTime('2025-03-15T05:00:00.000Z');
    expect(await d.fail(SITE, (c, ctx) => c.DisputeStatement(ctx, 'x', 'shelf-1', D1, 'late'))).toMatchObject({ code: 'CONFLICT' });
    expect(await d.fail(supplier('sup2'), (c, ctx) => c.DisputeStatement(ctx, 'y', 'shelf-1', D1, 'not mine'))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
