import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { GatedContract } from '../points/gate';
import { CHAINCODE_VERSION } from '../version';
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
 * Coupons, alliances, clearing, the secondary market and the exchange (SPEC §5), callable as
 * `coupons:<Transaction>`. The agreed interface is docs/coupons.md; each method only routes
 * to its operation, so that every method of this class is a transaction.
 */
@Info({ title: 'coupons', description: 'Coupons and exchange', version: CHAINCODE_VERSION })
export class CouponsContract extends GatedContract {
  constructor() {
    super('coupons');
  }

  /** Creates a coupon class issued by the caller (merchant). @returns the CouponClass */
  @Transaction()
  @Returns('string')
  public async CreateClass(
    ctx: Context,
    requestId: string,
    classId: string,
    name: string,
    faceValueFen: string,
    quantity: string,
    validFrom: string,
    validUntil: string,
    minSpendFen: string,
    acceptance: string,
    rebateBps: string,
    transferable: string,
    resellable: string,
  ): Promise<string> {
    const fields = { classId, name, faceValueFen, quantity, validFrom, validUntil, minSpendFen, acceptance, rebateBps, transferable, resellable };
    return createClass(ctx, requestId, fields);
  }

  /** Raises a class's supply (issuer). @returns the CouponClass */
  @Transaction()
  @Returns('string')
  public async IssueMore(ctx: Context, requestId: string, classId: string, quantity: string): Promise<string> {
    return issueMore(ctx, requestId, classId, quantity);
  }

  /** Lowers a class's supply by unissued coupons (issuer). @returns the CouponClass */
  @Transaction()
  @Returns('string')
  public async RevokeUnissued(ctx: Context, requestId: string, classId: string, quantity: string): Promise<string> {
    return revokeUnissued(ctx, requestId, classId, quantity);
  }

  /** Sends unissued coupons to a holder (issuer). @returns the send result */
  @Transaction()
  @Returns('string')
  public async SendCoupons(ctx: Context, requestId: string, classId: string, toAccount: string, quantity: string): Promise<string> {
    return sendCoupons(ctx, requestId, classId, toAccount, quantity);
  }

  /** Gives the caller's coupons of a transferable class to another account. @returns the transfer result */
  @Transaction()
  @Returns('string')
  public async TransferCoupons(ctx: Context, requestId: string, classId: string, toAccount: string, quantity: string): Promise<string> {
    return transferCoupons(ctx, requestId, classId, toAccount, quantity);
  }

  /** Opens a claim campaign (issuer). @returns the Claim */
  @Transaction()
  @Returns('string')
  public async OpenClaim(ctx: Context, requestId: string, claimId: string, classId: string, perPerson: string, total: string): Promise<string> {
    return openClaim(ctx, requestId, claimId, classId, perPerson, total);
  }

  /** Claims coupons from an open claim. @returns the claim result */
  @Transaction()
  @Returns('string')
  public async ClaimCoupons(ctx: Context, requestId: string, claimId: string, quantity: string): Promise<string> {
    return claimCoupons(ctx, requestId, claimId, quantity);
  }

  /** Closes a claim; unclaimed coupons return to the pool (issuer). @returns the Claim */
  @Transaction()
  @Returns('string')
  public async CloseClaim(ctx: Context, requestId: string, claimId: string): Promise<string> {
    return closeClaim(ctx, requestId, claimId);
  }

  /** Authorises one coupon for a merchant's order (holder). @returns the Presentation */
  @Transaction()
  @Returns('string')
  public async PresentCoupon(ctx: Context, requestId: string, classId: string, merchantId: string, orderId: string): Promise<string> {
    return presentCoupon(ctx, requestId, classId, merchantId, orderId);
  }

  /** Takes back a presented, unredeemed coupon (holder). @returns the Presentation */
  @Transaction()
  @Returns('string')
  public async WithdrawPresentation(ctx: Context, requestId: string, merchantId: string, orderId: string): Promise<string> {
    return withdrawPresentation(ctx, requestId, merchantId, orderId);
  }

  /** Burns the coupon presented for an order (merchant). @returns the CouponRedemption */
  @Transaction()
  @Returns('string')
  public async RedeemCoupon(ctx: Context, requestId: string, orderId: string, classId: string): Promise<string> {
    return redeemCoupon(ctx, requestId, orderId, classId);
  }

  /** Founds an alliance (merchant). @returns the Alliance */
  @Transaction()
  @Returns('string')
  public async CreateAlliance(ctx: Context, requestId: string, allianceId: string, name: string): Promise<string> {
    return createAlliance(ctx, requestId, allianceId, name);
  }

  /** Invites a merchant to an alliance (member). @returns the Alliance */
  @Transaction()
  @Returns('string')
  public async InviteMerchant(ctx: Context, requestId: string, allianceId: string, merchantId: string): Promise<string> {
    return inviteMerchant(ctx, requestId, allianceId, merchantId);
  }

  /** Joins an alliance (invited merchant). @returns the Alliance */
  @Transaction()
  @Returns('string')
  public async JoinAlliance(ctx: Context, requestId: string, allianceId: string): Promise<string> {
    return joinAlliance(ctx, requestId, allianceId);
  }

  /** Nets a pair's payables of a finished day (admin or either merchant). @returns the Clearing */
  @Transaction()
  @Returns('string')
  public async ClearDay(ctx: Context, requestId: string, day: string, merchantA: string, merchantB: string): Promise<string> {
    return clearDay(ctx, requestId, day, merchantA, merchantB);
  }

  /** Lists coupons for sale at a price in points (holder). @returns the Listing */
  @Transaction()
  @Returns('string')
  public async ListCoupons(ctx: Context, requestId: string, listingId: string, classId: string, quantity: string, pricePoints: string): Promise<string> {
    return listCoupons(ctx, requestId, listingId, classId, quantity, pricePoints);
  }

  /** Buys coupons of a listing, paying points. @returns the purchase result */
  @Transaction()
  @Returns('string')
  public async BuyListing(ctx: Context, requestId: string, listingId: string, quantity: string): Promise<string> {
    return buyListing(ctx, requestId, listingId, quantity);
  }

  /** Cancels a listing (seller). @returns the Listing */
  @Transaction()
  @Returns('string')
  public async CancelListing(ctx: Context, requestId: string, listingId: string): Promise<string> {
    return cancelListing(ctx, requestId, listingId);
  }

  /** Posts an exchange order, escrowing what it gives. @returns the ExchangeOrder */
  @Transaction()
  @Returns('string')
  public async PlaceOrder(
    ctx: Context,
    requestId: string,
    orderId: string,
    giveClassId: string,
    giveQuantity: string,
    wantClassId: string,
    wantQuantity: string,
  ): Promise<string> {
    return placeOrder(ctx, requestId, orderId, giveClassId, giveQuantity, wantClassId, wantQuantity);
  }

  /** Cancels an open exchange order (owner). @returns the ExchangeOrder */
  @Transaction()
  @Returns('string')
  public async CancelOrder(ctx: Context, requestId: string, orderId: string): Promise<string> {
    return cancelOrder(ctx, requestId, orderId);
  }

  /** Executes a ring of 2-4 orders atomically. @returns the match result */
  @Transaction()
  @Returns('string')
  public async ExecuteMatch(ctx: Context, requestId: string, orderIds: string): Promise<string> {
    return executeMatch(ctx, requestId, orderIds);
  }

  /** Registers a point program of the caller or of its alliance (merchant). @returns the PointProgram */
  @Transaction()
  @Returns('string')
  public async CreateProgram(ctx: Context, requestId: string, programId: string, name: string, allianceId: string, pointValueFen: string): Promise<string> {
    return createProgram(ctx, requestId, programId, name, allianceId, pointValueFen);
  }

  /** Issues program points to a holder (owner or alliance member). @returns the issue result */
  @Transaction()
  @Returns('string')
  public async IssueProgramPoints(ctx: Context, requestId: string, programId: string, toAccount: string, points: string): Promise<string> {
    return issueProgramPoints(ctx, requestId, programId, toAccount, points);
  }

  /** Gives the caller's program points to another account. @returns the transfer result */
  @Transaction()
  @Returns('string')
  public async TransferProgramPoints(ctx: Context, requestId: string, programId: string, toAccount: string, points: string): Promise<string> {
    return transferProgramPoints(ctx, requestId, programId, toAccount, points);
  }

  /** @returns the PointProgram */
  @Transaction(false)
  @Returns('string')
  public async GetProgram(ctx: Context, programId: string): Promise<string> {
    return q.getProgram(ctx, programId);
  }

  /** @returns an account's points of a program */
  @Transaction(false)
  @Returns('string')
  public async GetProgramBalance(ctx: Context, programId: string, account: string): Promise<string> {
    return q.getProgramBalance(ctx, programId, account);
  }

  /** @returns the supply check of a program */
  @Transaction(false)
  @Returns('string')
  public async CheckProgramSupply(ctx: Context, programId: string): Promise<string> {
    return q.checkProgramSupply(ctx, programId);
  }

  /** @returns the CouponClass */
  @Transaction(false)
  @Returns('string')
  public async GetClass(ctx: Context, classId: string): Promise<string> {
    return q.getClass(ctx, classId);
  }

  /** @returns a holder's coupons of a class */
  @Transaction(false)
  @Returns('string')
  public async GetCouponBalance(ctx: Context, classId: string, holder: string): Promise<string> {
    return q.getCouponBalance(ctx, classId, holder);
  }

  /** @returns the Claim */
  @Transaction(false)
  @Returns('string')
  public async GetClaim(ctx: Context, claimId: string): Promise<string> {
    return q.getClaim(ctx, claimId);
  }

  /** @returns the Presentation of an order */
  @Transaction(false)
  @Returns('string')
  public async GetPresentation(ctx: Context, merchantId: string, orderId: string): Promise<string> {
    return q.getPresentation(ctx, merchantId, orderId);
  }

  /** @returns the CouponRedemption of an order */
  @Transaction(false)
  @Returns('string')
  public async GetCouponRedemption(ctx: Context, merchantId: string, orderId: string): Promise<string> {
    return q.getCouponRedemption(ctx, merchantId, orderId);
  }

  /** @returns the Alliance */
  @Transaction(false)
  @Returns('string')
  public async GetAlliance(ctx: Context, allianceId: string): Promise<string> {
    return q.getAlliance(ctx, allianceId);
  }

  /** @returns a pair's payables of a day, netted, and the statement if cleared */
  @Transaction(false)
  @Returns('string')
  public async GetClearing(ctx: Context, day: string, merchantA: string, merchantB: string): Promise<string> {
    return q.getClearing(ctx, day, merchantA, merchantB);
  }

  /** @returns the Listing */
  @Transaction(false)
  @Returns('string')
  public async GetListing(ctx: Context, listingId: string): Promise<string> {
    return q.getListing(ctx, listingId);
  }

  /** @returns the ExchangeOrder */
  @Transaction(false)
  @Returns('string')
  public async GetOrder(ctx: Context, orderId: string): Promise<string> {
    return q.getOrder(ctx, orderId);
  }

  /** @returns one page of open exchange orders */
  @Transaction(false)
  @Returns('string')
  public async ListOpenOrders(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
    return q.listOpenOrders(ctx, pageSize, bookmark);
  }

  /** @returns the supply check of a class */
  @Transaction(false)
  @Returns('string')
  public async CheckCouponSupply(ctx: Context, classId: string): Promise<string> {
    return q.checkCouponSupply(ctx, classId);
  }
}
