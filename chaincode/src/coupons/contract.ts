import { COUPONS } from '@loulan/protocol';

import { defineContract } from '../ledger/transactions';
import { clearDay } from './clearing';
import { createAlliance, inviteMerchant, joinAlliance } from './ops-alliance';
import { claimCoupons, closeClaim, openClaim } from './ops-claims';
import { createClass, issueMore, revokeUnissued, sendCoupons, transferCoupons } from './ops-classes';
import { cancelOrder, executeMatch, placeOrder } from './ops-exchange';
import { buyListing, cancelListing, listCoupons } from './ops-market';
import { createProgram, issueProgramPoints, transferProgramPoints } from './ops-programs';
import { presentCoupon, redeemCoupon, withdrawPresentation } from './ops-redeem';
import * as q from './queries';

/**
 * Coupons, alliances, clearing, the secondary market and the exchange (docs/rules.md#coupons), callable as
 * `coupons:<Transaction>`. The agreed interface is docs/coupons.md: one entry per
 * transaction, which is its operation's function (ledger/transactions.ts).
 */
export const CouponsContract = defineContract(COUPONS, 'Coupons and exchange', {
  CreateClass: createClass,
  IssueMore: issueMore,
  RevokeUnissued: revokeUnissued,
  SendCoupons: sendCoupons,
  TransferCoupons: transferCoupons,
  OpenClaim: openClaim,
  ClaimCoupons: claimCoupons,
  CloseClaim: closeClaim,
  PresentCoupon: presentCoupon,
  WithdrawPresentation: withdrawPresentation,
  RedeemCoupon: redeemCoupon,
  CreateAlliance: createAlliance,
  InviteMerchant: inviteMerchant,
  JoinAlliance: joinAlliance,
  ClearDay: clearDay,
  ListCoupons: listCoupons,
  BuyListing: buyListing,
  CancelListing: cancelListing,
  PlaceOrder: placeOrder,
  CancelOrder: cancelOrder,
  ExecuteMatch: executeMatch,
  CreateProgram: createProgram,
  IssueProgramPoints: issueProgramPoints,
  TransferProgramPoints: transferProgramPoints,
  GetProgram: q.getProgram,
  GetProgramBalance: q.getProgramBalance,
  CheckProgramSupply: q.checkProgramSupply,
  GetClass: q.getClass,
  GetCouponBalance: q.getCouponBalance,
  GetClaim: q.getClaim,
  GetPresentation: q.getPresentation,
  GetCouponRedemption: q.getCouponRedemption,
  GetAlliance: q.getAlliance,
  GetClearing: q.getClearing,
  GetListing: q.getListing,
  GetOrder: q.getOrder,
  ListOpenOrders: q.listOpenOrders,
  CheckCouponSupply: q.checkCouponSupply,
});
/** An instance of the coupons contract. */
export type CouponsContract = InstanceType<typeof CouponsContract>;
