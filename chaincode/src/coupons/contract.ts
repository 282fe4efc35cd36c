import { defineContract, evaluate, submit } from '../ledger/transactions';
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
export const CouponsContract = defineContract('coupons', 'Coupons and exchange', {
  /** Creates a coupon class issued by the caller (merchant). @returns the CouponClass */
  CreateClass: submit(createClass),
  /** Raises a class's supply (issuer). @returns the CouponClass */
  IssueMore: submit(issueMore),
  /** Lowers a class's supply by unissued coupons (issuer). @returns the CouponClass */
  RevokeUnissued: submit(revokeUnissued),
  /** Sends unissued coupons to a holder (issuer). @returns the send result */
  SendCoupons: submit(sendCoupons),
  /** Gives the caller's coupons of a transferable class to another account. @returns the transfer result */
  TransferCoupons: submit(transferCoupons),
  /** Opens a claim campaign (issuer). @returns the Claim */
  OpenClaim: submit(openClaim),
  /** Claims coupons from an open claim. @returns the claim result */
  ClaimCoupons: submit(claimCoupons),
  /** Closes a claim; unclaimed coupons return to the pool (issuer). @returns the Claim */
  CloseClaim: submit(closeClaim),
  /** Authorises one coupon for a merchant's order (holder). @returns the Presentation */
  PresentCoupon: submit(presentCoupon),
  /** Takes back a presented, unredeemed coupon (holder). @returns the Presentation */
  WithdrawPresentation: submit(withdrawPresentation),
  /** Burns the coupon presented for an order (merchant). @returns the CouponRedemption */
  RedeemCoupon: submit(redeemCoupon),
  /** Founds an alliance (merchant). @returns the Alliance */
  CreateAlliance: submit(createAlliance),
  /** Invites a merchant to an alliance (member). @returns the Alliance */
  InviteMerchant: submit(inviteMerchant),
  /** Joins an alliance (invited merchant). @returns the Alliance */
  JoinAlliance: submit(joinAlliance),
  /** Nets a pair's payables of a finished day (admin or either merchant). @returns the Clearing */
  ClearDay: submit(clearDay),
  /** Lists coupons for sale at a price in points (holder). @returns the Listing */
  ListCoupons: submit(listCoupons),
  /** Buys coupons of a listing, paying points. @returns the purchase result */
  BuyListing: submit(buyListing),
  /** Cancels a listing (seller). @returns the Listing */
  CancelListing: submit(cancelListing),
  /** Posts an exchange order, escrowing what it gives. @returns the ExchangeOrder */
  PlaceOrder: submit(placeOrder),
  /** Cancels an open exchange order (owner). @returns the ExchangeOrder */
  CancelOrder: submit(cancelOrder),
  /** Executes a ring of 2-4 orders atomically. @returns the match result */
  ExecuteMatch: submit(executeMatch),
  /** Registers a point program of the caller or of its alliance (merchant). @returns the PointProgram */
  CreateProgram: submit(createProgram),
  /** Issues program points to a holder (owner or alliance member). @returns the issue result */
  IssueProgramPoints: submit(issueProgramPoints),
  /** Gives the caller's program points to another account. @returns the transfer result */
  TransferProgramPoints: submit(transferProgramPoints),
  /** @returns the PointProgram */
  GetProgram: evaluate(q.getProgram),
  /** @returns an account's points of a program */
  GetProgramBalance: evaluate(q.getProgramBalance),
  /** @returns the supply check of a program */
  CheckProgramSupply: evaluate(q.checkProgramSupply),
  /** @returns the CouponClass */
  GetClass: evaluate(q.getClass),
  /** @returns a holder's coupons of a class */
  GetCouponBalance: evaluate(q.getCouponBalance),
  /** @returns the Claim */
  GetClaim: evaluate(q.getClaim),
  /** @returns the Presentation of an order */
  GetPresentation: evaluate(q.getPresentation),
  /** @returns the CouponRedemption of an order */
  GetCouponRedemption: evaluate(q.getCouponRedemption),
  /** @returns the Alliance */
  GetAlliance: evaluate(q.getAlliance),
  /** @returns a pair's payables of a day, netted, and the statement if cleared */
  GetClearing: evaluate(q.getClearing),
  /** @returns the Listing */
  GetListing: evaluate(q.getListing),
  /** @returns the ExchangeOrder */
  GetOrder: evaluate(q.getOrder),
  /** @returns one page of open exchange orders */
  ListOpenOrders: evaluate(q.listOpenOrders),
  /** @returns the supply check of a class */
  CheckCouponSupply: evaluate(q.checkCouponSupply),
});
/** An instance of the coupons contract. */
export type CouponsContract = InstanceType<typeof CouponsContract>;
