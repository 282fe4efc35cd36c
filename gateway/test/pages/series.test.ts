import { foldStatement, openDisputes } from '../../src/pages/view/disputes';
import { dailySeries, daySales, purchasesOf } from '../../src/pages/view/sales';
import { balanceSeries } from '../../src/pages/view/series';

describe('balance series', () => {
  it('sums the statement from the opening balance, skipping malformed lines', () => {
    const series = balanceSeries([
      { time: '2026-12-01T01:00:00Z', delta: 128 },
      { time: 'garbage', delta: 5 },
      { time: '2026-12-01T02:00:00Z', delta: -28 },
    ]);

    expect(series).toEqual([
      { time: Date.parse('2026-12-01T01:00:00Z') / 1000, value: 128 },
      { time: Date.parse('2026-12-01T02:00:00Z') / 1000, value: 100 },
    ]);
  });
});

describe('sales from events', () => {
  const purchase = (orderId: string, occurredAt: string, amountFen: number): Record<string, unknown> => ({
    orderId,
    occurredAt,
    amountFen,
  });
  const events = [
    { name: 'RecordPurchase', payload: purchase('o-1', '2026-12-01T10:00:00+08:00', 1000) },
    {
      name: 'RecordPurchases',
      payload: {
        lines: [
          { status: 'RECORDED', purchase: purchase('o-2', '2026-12-01T11:00:00+08:00', 250) },
          { status: 'DUPLICATE', orderId: 'o-1' },
          { status: 'RECORDED', purchase: purchase('o-3', '2026-12-02T09:00:00+08:00', 700) },
        ],
      },
    },
    { name: 'Transfer', payload: { points: 5 } },
  ];

  it('takes single purchases and the recorded lines of batches, not duplicates', () => {
    expect(purchasesOf(events).map((p) => p['orderId'])).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it("adds up a Shanghai day's sales and a month's daily series", () => {
    const purchases = purchasesOf(events);

    expect(daySales(purchases, '2026-12-01')).toEqual({ purchases: 2, salesFen: 1250 });
    expect(dailySeries(purchases, '202612', '2026-12-03').map((p) => p.value)).toEqual([1250, 700, 0]);
  });
});

describe('disputes from events', () => {
  it('keeps the statements whose latest state is disputed', () => {
    let latest = new Map<string, Record<string, unknown>>();
    latest = foldStatement(latest, { shelfId: 's1', day: '2026-11-29', status: 'disputed' });
    latest = foldStatement(latest, { shelfId: 's2', day: '2026-11-29', status: 'disputed' });
    latest = foldStatement(latest, { shelfId: 's1', day: '2026-11-29', status: 'pending', resolution: 'accept' });

    expect(openDisputes(latest).map((s) => s['shelfId'])).toEqual(['s2']);
  });
});
