import { acceptanceOf, claimIdsOf, classIdsOf, payablePairsOf, redemptionsOf } from '../../src/pages/view/coupons';
import { listingIdsOf, orderBookRows, presentationKeysOf } from '../../src/pages/view/market';
import { merchantsOf } from '../../src/pages/view/merchants';

describe('the consumer market from events', () => {
  it('names each listing once, newest first, and ignores other events', () => {
    const events = [
      { name: 'ListCoupons', payload: { listingId: 'l-1' } },
      { name: 'Transfer', payload: { listingId: 'l-x' } },
      { name: 'BuyListing', payload: { listingId: 'l-2' } },
      { name: 'CancelListing', payload: { listingId: 'l-1' } },
      { name: 'ListCoupons', payload: {} },
    ];

    expect(listingIdsOf(events)).toEqual(['l-1', 'l-2']);
  });

  it('lists the orders a coupon was presented for, newest first, each once', () => {
    const events = [
      { name: 'PresentCoupon', payload: { merchantId: 'm-1', orderId: 'o-1' } },
      { name: 'WithdrawPresentation', payload: { merchantId: 'm-1', orderId: 'o-1' } },
      { name: 'PresentCoupon', payload: { merchantId: 'm-2', orderId: 'o-1' } },
      { name: 'PresentCoupon', payload: { merchantId: 'm-1', orderId: 'o-1' } },
    ];

    expect(presentationKeysOf(events)).toEqual([
      { merchantId: 'm-1', orderId: 'o-1' },
      { merchantId: 'm-2', orderId: 'o-1' },
    ]);
  });

  it("shapes the order book, marking the member's own orders", () => {
    const items = [
      { order: { orderId: 'x-1', owner: 'me', giveClassId: 'cls-a', giveQuantity: 2, wantClassId: 'program:p', wantQuantity: 50 } },
      { order: { orderId: 'x-2', owner: 'other', giveClassId: 'cls-b', giveQuantity: 1, wantClassId: 'cls-a', wantQuantity: 1 } },
    ];

    expect(orderBookRows(items, 'me')).toEqual([
      { orderId: 'x-1', owner: 'me', gives: '2 × cls-a', wants: '50 × program:p', mine: true },
      { orderId: 'x-2', owner: 'other', gives: '1 × cls-b', wants: '1 × cls-a', mine: false },
    ]);
  });
});

describe("a merchant's coupons from its events", () => {
  const events = [
    { name: 'CreateClass', payload: { classId: 'cls-a' } },
    { name: 'OpenClaim', payload: { claimId: 'c-1', classId: 'cls-a' } },
    { name: 'OpenClaim', payload: { claimId: 'c-2', classId: 'cls-b' } },
    { name: 'RedeemCoupon', payload: { classId: 'cls-a', orderId: 'o-1', issuer: 'me', rebateFen: 0, payableDay: '2026-12-01' } },
    { name: 'RedeemCoupon', payload: { classId: 'cls-z', orderId: 'o-2', issuer: 'zeta', rebateFen: 500, payableDay: '2026-12-01' } },
    { name: 'RedeemCoupon', payload: { classId: 'cls-z', orderId: 'o-3', issuer: 'zeta', rebateFen: 500, payableDay: '2026-12-01' } },
    { name: 'RedeemCoupon', payload: { classId: 'cls-a', orderId: 'o-4', issuer: 'alpha', rebateFen: 500, payableDay: '2026-12-02' } },
  ];

  it('knows the classes it issued or redeemed, the claims of a class and its redemptions, newest first', () => {
    expect(classIdsOf(events)).toEqual(['cls-a', 'cls-z']);
    expect(claimIdsOf(events, 'cls-a')).toEqual(['c-1']);
    expect(redemptionsOf(events, 'cls-a').map((r) => r['orderId'])).toEqual(['o-4', 'o-1']);
  });

  it('proposes the pair-days its rebates are payable on, the pair sorted as the ledger keys it', () => {
    expect(payablePairsOf(events, 'me')).toEqual([
      { day: '2026-12-02', merchantA: 'alpha', merchantB: 'me' },
      { day: '2026-12-01', merchantA: 'me', merchantB: 'zeta' },
    ]);
  });

  it('reads the acceptance of the class form', () => {
    expect(acceptanceOf('issuer', 'ignored')).toEqual({ kind: 'issuer' });
    expect(acceptanceOf('merchants', ' shop-a, shop-b，shop-a  shop-c ')).toEqual({
      kind: 'merchants',
      merchants: ['shop-a', 'shop-b', 'shop-c'],
    });
    expect(acceptanceOf('merchants', ' ')).toBeNull();
    expect(acceptanceOf('alliance', 'west-lake')).toEqual({ kind: 'alliance', allianceId: 'west-lake' });
    expect(acceptanceOf('alliance', 'a b')).toBeNull();
  });
});

describe('the platform merchant list', () => {
  it('lists every registered merchant once, in order of registration', () => {
    const events = [
      { name: 'RegisterMerchant', payload: { merchantId: 'shop-1', name: 'One' } },
      { name: 'Mint', payload: { points: 5 } },
      { name: 'RegisterMerchant', payload: { merchantId: 'shop-2', name: 'Two' } },
      { name: 'RegisterMerchant', payload: { merchantId: 'shop-1', name: 'Again' } },
    ];

    expect(merchantsOf(events)).toEqual([
      { merchantId: 'shop-1', name: 'One' },
      { merchantId: 'shop-2', name: 'Two' },
    ]);
  });
});
