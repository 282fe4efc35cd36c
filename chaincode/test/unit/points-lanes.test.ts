import { creditLane, fnv1a32, LANE_COUNT, laneKeyPart } from '../../src/ledger/lanes';
import { planDebit, spreadEvenly, sweepOrder } from '../../src/points/lanes';

describe('lanes', () => {
  it('hashes with FNV-1a 32 (reference vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('picks the credit lane from the transaction id, deterministically, over all lanes', () => {
    expect(creditLane('foobar')).toBe(0xbf9cf968 % 64);
    const lanes = new Set(Array.from({ length: 2_000 }, (_, i) => creditLane(`tx-${i}`)));
    expect(lanes.size).toBe(LANE_COUNT);
  });

  it('names lanes with two digits so they sort numerically', () => {
    expect([laneKeyPart(0), laneKeyPart(7), laneKeyPart(63)]).toEqual(['00', '07', '63']);
  });

  it('sweeps from its own lane, then the others ascending', () => {
    const order = sweepOrder(5);
    expect(order.slice(0, 7)).toEqual([5, 0, 1, 2, 3, 4, 6]);
    expect(new Set(order).size).toBe(LANE_COUNT);
  });

  it('takes only from its own lane when that lane covers the debit', async () => {
    const plan = await planDebit(9, 40, async () => 50);
    expect(plan).toEqual({ takes: [{ lane: 9, points: 40 }] });
  });

  it('sweeps other lanes in ascending order until covered', async () => {
    const balances = new Map([
      [3, 10],
      [0, 5],
      [1, 0],
      [2, 20],
      [4, 100],
    ]);
    const plan = await planDebit(3, 30, async (lane) => balances.get(lane) ?? 0);
    expect(plan).toEqual({
      takes: [
        { lane: 3, points: 10 },
        { lane: 0, points: 5 },
        { lane: 2, points: 15 },
      ],
    });
  });

  it('reports the total available when all lanes together are short', async () => {
    const plan = await planDebit(0, 1_000, async (lane) => (lane % 2 === 0 ? 10 : 0));
    expect(plan).toEqual({ shortOf: 680, available: 320 });
  });

  it('spreads bulk credits evenly, the remainder one point each from lane 0', () => {
    const shares = spreadEvenly(50_000);
    expect(shares).toHaveLength(LANE_COUNT);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(50_000);
    expect(shares[0]).toBe(782);
    expect(shares[15]).toBe(782);
    expect(shares[16]).toBe(781);
    expect(spreadEvenly(3).slice(0, 4)).toEqual([1, 1, 1, 0]);
  });
});
