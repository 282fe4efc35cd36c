import type { ExchangeOrder } from '../../src/coupons/records-trade';
import { accepts, checkRing, netPayables, parseAcceptanceArg, rebateFen, validityAt } from '../../src/coupons/rules';

function order(orderId: string, owner: string, give: [string, number], want: [string, number]): ExchangeOrder {
  return {
    orderId,
    owner,
    giveClassId: give[0],
    giveQuantity: give[1],
    wantClassId: want[0],
    wantQuantity: want[1],
    status: 'OPEN',
    createdAt: '',
    updatedAt: '',
    matchTxId: null,
  };
}

describe('coupon rules', () => {
  it('parses the three acceptance shapes and nothing else', () => {
    expect(parseAcceptanceArg('{"kind":"issuer"}')).toEqual({ kind: 'issuer' });
    expect(parseAcceptanceArg('{"kind":"alliance","allianceId":"w"}')).toEqual({ kind: 'alliance', allianceId: 'w' });
    expect(parseAcceptanceArg('{"merchants":["b","a","b"],"kind":"merchants"}')).toEqual({ kind: 'merchants', merchants: ['a', 'b'] });
    for (const bad of ['', '[]', '{"kind":"issuer","x":1}', '{"kind":"merchants","merchants":["a\\u0000"]}', '{"kind":"alliance"}']) {
      expect(() => parseAcceptanceArg(bad)).toThrow(/INVALID_ARGUMENT/);
    }
  });

  it('accepts at the issuer, listed merchants and alliance members only', () => {
    expect(accepts({ issuer: 'a', acceptance: { kind: 'issuer' } }, 'a', [])).toBe(true);
    expect(accepts({ issuer: 'a', acceptance: { kind: 'issuer' } }, 'b', [])).toBe(false);
    expect(accepts({ issuer: 'a', acceptance: { kind: 'merchants', merchants: ['b'] } }, 'b', [])).toBe(true);
    expect(accepts({ issuer: 'a', acceptance: { kind: 'alliance', allianceId: 'w' } }, 'c', ['a', 'c'])).toBe(true);
    expect(accepts({ issuer: 'a', acceptance: { kind: 'alliance', allianceId: 'w' } }, 'd', ['a', 'c'])).toBe(false);
  });

  it('reads the validity window as [validFrom, validUntil) and floors rebates', () => {
    const window = { validFrom: '2025-03-01T00:00:00.000Z', validUntil: '2025-03-02T00:00:00.000Z' };
    expect(validityAt(window, Date.parse('2025-02-28T23:59:59.999Z'))).toBe('NOT_YET_VALID');
    expect(validityAt(window, Date.parse('2025-03-01T00:00:00.000Z'))).toBe('VALID');
    expect(validityAt(window, Date.parse('2025-03-02T00:00:00.000Z'))).toBe('EXPIRED');
    expect(rebateFen(10_000, 5_000)).toBe(5_000);
    expect(rebateFen(333, 3_333)).toBe(110);
  });

  it('computes rebates exactly at the largest face value and rate', () => {
    const exact = (faceValueFen: bigint, rebateBps: bigint): number => Number((faceValueFen * rebateBps) / 10_000n);
    expect(rebateFen(999_999_990_001, 9_999)).toBe(exact(999_999_990_001n, 9_999n));
    expect(rebateFen(999_999_990_001, 9_999)).toBe(999_899_990_001);
    expect(rebateFen(1_000_000_000_000, 10_000)).toBe(1_000_000_000_000);
    expect(rebateFen(999_999_999_999, 9_999)).toBe(exact(999_999_999_999n, 9_999n));
    expect(rebateFen(1_000_000_000_000, 1)).toBe(100_000_000);
    expect(rebateFen(9_999, 1)).toBe(0);
    expect(rebateFen(10_000, 1)).toBe(1);
  });

  it('nets payables both ways into one amount', () => {
    const p = (from: string, to: string, amountFen: number) => ({ from, to, amountFen, classId: 'k', orderId: 'o', occurredAt: '' });
    expect(netPayables(['a', 'c'], [p('c', 'a', 5_000), p('a', 'c', 2_000)])).toEqual({
      aOwesBFen: 2_000,
      bOwesAFen: 5_000,
      netFen: 3_000,
      netFrom: 'c',
      netTo: 'a',
    });
    expect(netPayables(['a', 'c'], [])).toEqual({ aOwesBFen: 0, bOwesAFen: 0, netFen: 0, netFrom: null, netTo: null });
  });

  it('re-checks a ring: closure, limits, status and distinct owners', () => {
    const ring = [order('1', 'p', ['x', 3], ['y', 1]), order('2', 'q', ['y', 1], ['x', 2])];
    expect(checkRing(ring)).toEqual([
      { order: ring[0], receiver: ring[1], delivered: 2, surplus: 1 },
      { order: ring[1], receiver: ring[0], delivered: 1, surplus: 0 },
    ]);
    expect(checkRing([ring[0] as ExchangeOrder, order('2', 'q', ['y', 1], ['x', 4])])).toMatch(/gives fewer/);
    expect(checkRing([ring[0] as ExchangeOrder, order('2', 'p', ['y', 1], ['x', 1])])).toMatch(/distinct/);
    expect(checkRing([ring[0] as ExchangeOrder, { ...(ring[1] as ExchangeOrder), status: 'CANCELLED' }])).toMatch(/CANCELLED/);
    expect(checkRing([ring[0] as ExchangeOrder, order('2', 'q', ['z', 1], ['x', 1])])).toMatch(/does not want/);
  });
});
