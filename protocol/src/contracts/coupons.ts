/**
 * Coupons, claims, alliances, clearing, the secondary market, the exchange and point programs (docs/rules.md#coupons, docs/coupons.md).
 *
 * @packageDocumentation
 */
import { ACCOUNT_ROLES, defineProtocol, read, write } from '../transactions';

/** The `coupons` contract's transactions, callable as `coupons:<Name>`; routes are relative to `/v1/coupons`. */
export const COUPONS = defineProtocol('coupons', '/v1/coupons', {
  CreateClass: write(
    ['merchant'],
    [
      'requestId',
      'classId',
      'name',
      'faceValueFen',
      'quantity',
      'validFrom',
      'validUntil',
      'minSpendFen',
      'acceptance',
      'rebateBps',
      'transferable',
      'resellable',
    ],
    'Create a coupon class (merchant)',
    'POST /classes',
  ),
  IssueMore: write(['merchant'], ['requestId', 'classId', 'quantity'], 'Raise the supply (issuer)', 'POST /classes/{classId}/issue'),
  RevokeUnissued: write(
    ['merchant'],
    ['requestId', 'classId', 'quantity'],
    'Revoke unissued coupons (issuer)',
    'POST /classes/{classId}/revoke',
  ),
  SendCoupons: write(
    ['merchant'],
    ['requestId', 'classId', 'toAccount', 'quantity'],
    'Send coupons to a holder (issuer)',
    'POST /classes/{classId}/sends',
  ),
  TransferCoupons: write(
    ACCOUNT_ROLES,
    ['requestId', 'classId', 'toAccount', 'quantity'],
    "Give the caller's coupons to another account",
    'POST /classes/{classId}/transfers',
  ),
  OpenClaim: write(['merchant'], ['requestId', 'claimId', 'classId', 'perPerson', 'total'], 'Open a claim (issuer)', 'POST /claims'),
  ClaimCoupons: write(ACCOUNT_ROLES, ['requestId', 'claimId', 'quantity'], 'Claim coupons', 'POST /claims/{claimId}/takes'),
  CloseClaim: write(['merchant'], ['requestId', 'claimId'], 'Close a claim (issuer)', 'POST /claims/{claimId}/close'),
  PresentCoupon: write(
    ACCOUNT_ROLES,
    ['requestId', 'classId', 'merchantId', 'orderId'],
    "Authorise a coupon for a merchant's order (holder)",
    'POST /presentations',
  ),
  WithdrawPresentation: write(
    ACCOUNT_ROLES,
    ['requestId', 'merchantId', 'orderId'],
    'Take back a presented coupon (holder)',
    'POST /merchants/{merchantId}/orders/{orderId}/withdraw',
  ),
  RedeemCoupon: write(
    ['merchant'],
    ['requestId', 'orderId', 'classId'],
    'Redeem the coupon presented for an order (merchant)',
    'POST /redemptions',
  ),
  CreateAlliance: write(['merchant'], ['requestId', 'allianceId', 'name'], 'Found an alliance (merchant)', 'POST /alliances'),
  InviteMerchant: write(
    ['merchant'],
    ['requestId', 'allianceId', 'merchantId'],
    'Invite a merchant (member)',
    'POST /alliances/{allianceId}/invitations',
  ),
  JoinAlliance: write(['merchant'], ['requestId', 'allianceId'], 'Join (invited merchant)', 'POST /alliances/{allianceId}/join'),
  ClearDay: write(
    ['admin', 'merchant'],
    ['requestId', 'day', 'merchantA', 'merchantB'],
    "Net a merchant pair's payables of a past day",
    'POST /clearings',
  ),
  ListCoupons: write(
    ACCOUNT_ROLES,
    ['requestId', 'listingId', 'classId', 'quantity', 'pricePoints'],
    'List coupons for sale at a price in points',
    'POST /listings',
  ),
  BuyListing: write(
    ACCOUNT_ROLES,
    ['requestId', 'listingId', 'quantity'],
    'Buy coupons of a listing with points',
    'POST /listings/{listingId}/purchases',
  ),
  CancelListing: write(ACCOUNT_ROLES, ['requestId', 'listingId'], 'Cancel a listing (seller)', 'POST /listings/{listingId}/cancel'),
  PlaceOrder: write(
    ACCOUNT_ROLES,
    ['requestId', 'orderId', 'giveClassId', 'giveQuantity', 'wantClassId', 'wantQuantity'],
    'Post an exchange order',
    'POST /orders',
  ),
  CancelOrder: write(ACCOUNT_ROLES, ['requestId', 'orderId'], 'Cancel an exchange order (owner)', 'POST /orders/{orderId}/cancel'),
  ExecuteMatch: write(ACCOUNT_ROLES, ['requestId', 'orderIds'], 'Execute a given ring of orders atomically', 'POST /matches'),
  CreateProgram: write(
    ['merchant'],
    ['requestId', 'programId', 'name', 'allianceId', 'pointValueFen'],
    'Register a point program of the caller or its alliance (merchant)',
    'POST /programs',
  ),
  IssueProgramPoints: write(
    ['merchant'],
    ['requestId', 'programId', 'toAccount', 'points'],
    'Issue program points (owner or alliance member)',
    'POST /programs/{programId}/issues',
  ),
  TransferProgramPoints: write(
    ACCOUNT_ROLES,
    ['requestId', 'programId', 'toAccount', 'points'],
    "Give the caller's program points to another account",
    'POST /programs/{programId}/transfers',
  ),
  GetProgram: read(['programId'], 'A point program', 'GET /programs/{programId}'),
  GetProgramBalance: read(['programId', 'account'], "An account's points of the program", 'GET /programs/{programId}/accounts/{account}'),
  CheckProgramSupply: read(['programId'], 'Supply check of the program', 'GET /programs/{programId}/supply'),
  GetClass: read(['classId'], 'A coupon class', 'GET /classes/{classId}'),
  GetCouponBalance: read(['classId', 'holder'], "A holder's coupons of the class", 'GET /classes/{classId}/holders/{holder}'),
  GetClaim: read(['claimId'], 'A claim', 'GET /claims/{claimId}'),
  GetPresentation: read(
    ['merchantId', 'orderId'],
    'The coupon presented for an order',
    'GET /merchants/{merchantId}/orders/{orderId}/presentation',
  ),
  GetCouponRedemption: read(
    ['merchantId', 'orderId'],
    'The coupon redemption of an order',
    'GET /merchants/{merchantId}/orders/{orderId}/redemption',
  ),
  GetAlliance: read(['allianceId'], 'An alliance', 'GET /alliances/{allianceId}'),
  GetClearing: read(
    ['day', 'merchantA', 'merchantB'],
    "A pair's payables of a day and its statement",
    'GET /clearings/{day}/{merchantA}/{merchantB}',
  ),
  GetListing: read(['listingId'], 'A listing', 'GET /listings/{listingId}'),
  GetOrder: read(['orderId'], 'An exchange order', 'GET /orders/{orderId}'),
  ListOpenOrders: read(['pageSize', 'bookmark'], 'Open exchange orders, one page', 'GET /orders'),
  CheckCouponSupply: read(['classId'], 'Supply check of the class', 'GET /classes/{classId}/supply'),
});
