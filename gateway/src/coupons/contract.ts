import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import type { WriteResult } from '../points/contract';
import { decodeResult, type Decoder } from '../points/decode';
import * as r from './results';

/** Chaincode contract name of the coupons module. */
export const COUPONS_CONTRACT = 'coupons';

/** A coupon class as CreateClass takes it. */
export interface ClassInput {
  readonly classId: string;
  readonly name: string;
  readonly faceValueFen: number;
  readonly quantity: number;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly minSpendFen: number;
  readonly acceptance: object;
  readonly rebateBps: number;
  readonly transferable: boolean;
  readonly resellable: boolean;
}

/**
 * Typed wrapper of the chaincode contract `coupons`: one method per transaction of docs/coupons.md, taking
 * typed arguments, passing them as the strings the chaincode parses, and decoding its JSON result. Every
 * call runs under `caller`'s own Fabric identity; roles are checked by the chaincode.
 */
export class CouponsContract {
  constructor(private readonly fabric: FabricGateway) {}

  /** `CreateClass` (merchant). */
  createClass(caller: CallerIdentity, requestId: string, c: ClassInput): Promise<WriteResult<r.CouponClass>> {
    const args = [c.classId, c.name, String(c.faceValueFen), String(c.quantity), c.validFrom, c.validUntil, String(c.minSpendFen), JSON.stringify(c.acceptance), String(c.rebateBps), String(c.transferable), String(c.resellable)];
    return this.write(caller, 'CreateClass', [requestId, ...args], r.couponClassResult);
  }

  /** `IssueMore` or `RevokeUnissued` (issuer). */
  changeSupply(caller: CallerIdentity, requestId: string, tx: 'IssueMore' | 'RevokeUnissued', classId: string, quantity: number): Promise<WriteResult<r.CouponClass>> {
    return this.write(caller, tx, [requestId, classId, String(quantity)], r.couponClassResult);
  }

  /** `SendCoupons` (issuer). */
  sendCoupons(caller: CallerIdentity, requestId: string, classId: string, to: string, quantity: number): Promise<WriteResult<r.SendResult>> {
    return this.write(caller, 'SendCoupons', [requestId, classId, to, String(quantity)], r.sendResult);
  }

  /** `TransferCoupons` (holder). */
  transferCoupons(caller: CallerIdentity, requestId: string, classId: string, to: string, quantity: number): Promise<WriteResult<r.CouponMove>> {
    return this.write(caller, 'TransferCoupons', [requestId, classId, to, String(quantity)], r.couponMoveResult);
  }

  /** `OpenClaim` (issuer). */
  openClaim(caller: CallerIdentity, requestId: string, c: { claimId: string; classId: string; perPerson: number; total: number }): Promise<WriteResult<r.Claim>> {
    return this.write(caller, 'OpenClaim', [requestId, c.claimId, c.classId, String(c.perPerson), String(c.total)], r.claimResult);
  }

  /** `ClaimCoupons`. */
  claimCoupons(caller: CallerIdentity, requestId: string, claimId: string, quantity: number): Promise<WriteResult<r.ClaimTaken>> {
    return this.write(caller, 'ClaimCoupons', [requestId, claimId, String(quantity)], r.claimTakenResult);
  }

  /** `CloseClaim` (issuer). */
  closeClaim(caller: CallerIdentity, requestId: string, claimId: string): Promise<WriteResult<r.Claim>> {
    return this.write(caller, 'CloseClaim', [requestId, claimId], r.claimResult);
  }

  /** `PresentCoupon` (holder). */
  presentCoupon(caller: CallerIdentity, requestId: string, p: { classId: string; merchantId: string; orderId: string }): Promise<WriteResult<r.Presentation>> {
    return this.write(caller, 'PresentCoupon', [requestId, p.classId, p.merchantId, p.orderId], r.presentationResult);
  }

  /** `WithdrawPresentation` (holder). */
  withdrawPresentation(caller: CallerIdentity, requestId: string, merchantId: string, orderId: string): Promise<WriteResult<r.Presentation>> {
    return this.write(caller, 'WithdrawPresentation', [requestId, merchantId, orderId], r.presentationResult);
  }

  /** `RedeemCoupon` (merchant), naming the class it accepts for the order's presented coupon. */
  redeemCoupon(caller: CallerIdentity, requestId: string, p: { orderId: string; classId: string }): Promise<WriteResult<r.CouponRedemption>> {
    return this.write(caller, 'RedeemCoupon', [requestId, p.orderId, p.classId], r.couponRedemptionResult);
  }

  /** `CreateAlliance` (merchant). */
  createAlliance(caller: CallerIdentity, requestId: string, allianceId: string, name: string): Promise<WriteResult<r.Alliance>> {
    return this.write(caller, 'CreateAlliance', [requestId, allianceId, name], r.allianceResult);
  }

  /** `InviteMerchant` (member). */
  inviteMerchant(caller: CallerIdentity, requestId: string, allianceId: string, merchantId: string): Promise<WriteResult<r.Alliance>> {
    return this.write(caller, 'InviteMerchant', [requestId, allianceId, merchantId], r.allianceResult);
  }

  /** `JoinAlliance` (invited merchant). */
  joinAlliance(caller: CallerIdentity, requestId: string, allianceId: string): Promise<WriteResult<r.Alliance>> {
    return this.write(caller, 'JoinAlliance', [requestId, allianceId], r.allianceResult);
  }

  /** `ClearDay` (admin or a merchant of the pair). */
  clearDay(caller: CallerIdentity, requestId: string, day: string, merchantA: string, merchantB: string): Promise<WriteResult<r.Clearing>> {
    return this.write(caller, 'ClearDay', [requestId, day, merchantA, merchantB], r.clearingResult);
  }

  /** `ListCoupons` (holder). */
  listCoupons(caller: CallerIdentity, requestId: string, l: { listingId: string; classId: string; quantity: number; pricePoints: number }): Promise<WriteResult<r.Listing>> {
    return this.write(caller, 'ListCoupons', [requestId, l.listingId, l.classId, String(l.quantity), String(l.pricePoints)], r.listingResult);
  }

  /** `BuyListing`. */
  buyListing(caller: CallerIdentity, requestId: string, listingId: string, quantity: number): Promise<WriteResult<r.ListingPurchase>> {
    return this.write(caller, 'BuyListing', [requestId, listingId, String(quantity)], r.listingPurchaseResult);
  }

  /** `CancelListing` (seller). */
  cancelListing(caller: CallerIdentity, requestId: string, listingId: string): Promise<WriteResult<r.Listing>> {
    return this.write(caller, 'CancelListing', [requestId, listingId], r.listingResult);
  }

  /** `PlaceOrder`. */
  placeOrder(
    caller: CallerIdentity,
    requestId: string,
    o: { orderId: string; giveClassId: string; giveQuantity: number; wantClassId: string; wantQuantity: number },
  ): Promise<WriteResult<r.ExchangeOrder>> {
    const args = [requestId, o.orderId, o.giveClassId, String(o.giveQuantity), o.wantClassId, String(o.wantQuantity)];
    return this.write(caller, 'PlaceOrder', args, r.exchangeOrderResult);
  }

  /** `CancelOrder` (owner). */
  cancelOrder(caller: CallerIdentity, requestId: string, orderId: string): Promise<WriteResult<r.ExchangeOrder>> {
    return this.write(caller, 'CancelOrder', [requestId, orderId], r.exchangeOrderResult);
  }

  /** `ExecuteMatch`: the orders in ring order. */
  executeMatch(caller: CallerIdentity, requestId: string, orderIds: readonly string[]): Promise<WriteResult<r.MatchResult>> {
    return this.write(caller, 'ExecuteMatch', [requestId, JSON.stringify(orderIds)], r.matchResult);
  }

  /** `CreateProgram` (merchant); `allianceId` `""` for a program of the caller alone. */
  createProgram(caller: CallerIdentity, requestId: string, p: { programId: string; name: string; allianceId: string; pointValueFen: number }): Promise<WriteResult<r.PointProgram>> {
    return this.write(caller, 'CreateProgram', [requestId, p.programId, p.name, p.allianceId, String(p.pointValueFen)], r.programResult);
  }

  /** `IssueProgramPoints` or `TransferProgramPoints`. */
  moveProgramPoints(
    caller: CallerIdentity,
    requestId: string,
    tx: 'IssueProgramPoints' | 'TransferProgramPoints',
    m: { programId: string; to: string; points: number },
  ): Promise<WriteResult<r.ProgramMove>> {
    return this.write(caller, tx, [requestId, m.programId, m.to, String(m.points)], r.programMoveResult);
  }

  /** `GetProgram`. */
  getProgram(caller: CallerIdentity, programId: string): Promise<r.PointProgram> {
    return this.read(caller, 'GetProgram', [programId], r.programResult);
  }

  /** `GetProgramBalance` (holder, owner, admin, auditor). */
  getProgramBalance(caller: CallerIdentity, programId: string, account: string): Promise<r.ProgramBalance> {
    return this.read(caller, 'GetProgramBalance', [programId, account], r.programBalanceResult);
  }

  /** `CheckProgramSupply`. */
  checkProgramSupply(caller: CallerIdentity, programId: string): Promise<r.ProgramSupply> {
    return this.read(caller, 'CheckProgramSupply', [programId], r.programSupplyResult);
  }

  /** `GetClass`. */
  getClass(caller: CallerIdentity, classId: string): Promise<r.CouponClass> {
    return this.read(caller, 'GetClass', [classId], r.couponClassResult);
  }

  /** `GetCouponBalance` (holder, issuer, admin, auditor). */
  getBalance(caller: CallerIdentity, classId: string, holder: string): Promise<r.CouponBalance> {
    return this.read(caller, 'GetCouponBalance', [classId, holder], r.couponBalanceResult);
  }

  /** `GetClaim`. */
  getClaim(caller: CallerIdentity, claimId: string): Promise<r.Claim> {
    return this.read(caller, 'GetClaim', [claimId], r.claimResult);
  }

  /** `GetPresentation` of a merchant's order (holder, merchant, admin, auditor). */
  getPresentation(caller: CallerIdentity, merchantId: string, orderId: string): Promise<r.Presentation> {
    return this.read(caller, 'GetPresentation', [merchantId, orderId], r.presentationResult);
  }

  /** `GetCouponRedemption`. */
  getRedemption(caller: CallerIdentity, merchantId: string, orderId: string): Promise<r.CouponRedemption> {
    return this.read(caller, 'GetCouponRedemption', [merchantId, orderId], r.couponRedemptionResult);
  }

  /** `GetAlliance`. */
  getAlliance(caller: CallerIdentity, allianceId: string): Promise<r.Alliance> {
    return this.read(caller, 'GetAlliance', [allianceId], r.allianceResult);
  }

  /** `GetClearing` (the pair, admin, auditor). */
  getClearing(caller: CallerIdentity, day: string, merchantA: string, merchantB: string): Promise<r.ClearingView> {
    return this.read(caller, 'GetClearing', [day, merchantA, merchantB], r.clearingViewResult);
  }

  /** `GetListing`. */
  getListing(caller: CallerIdentity, listingId: string): Promise<r.Listing> {
    return this.read(caller, 'GetListing', [listingId], r.listingResult);
  }

  /** `GetOrder`. */
  getOrder(caller: CallerIdentity, orderId: string): Promise<r.ExchangeOrder> {
    return this.read(caller, 'GetOrder', [orderId], r.exchangeOrderResult);
  }

  /** `ListOpenOrders`: one page; `bookmark` is `""` for the first. */
  listOpenOrders(caller: CallerIdentity, pageSize: number, bookmark: string): Promise<r.OpenOrderPage> {
    return this.read(caller, 'ListOpenOrders', [String(pageSize), bookmark], r.openOrderPageResult);
  }

  /** `CheckCouponSupply`. */
  checkSupply(caller: CallerIdentity, classId: string): Promise<r.SupplyCheck> {
    return this.read(caller, 'CheckCouponSupply', [classId], r.supplyCheckResult);
  }

  private async read<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<T> {
    return decodeResult(await this.fabric.evaluate(COUPONS_CONTRACT, transaction, args, { caller }), decoder);
  }

  private async write<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<WriteResult<T>> {
    const outcome = await this.fabric.submit(COUPONS_CONTRACT, transaction, args, { caller });
    return { result: decodeResult(outcome.result, decoder), transactionId: outcome.transactionId, blockNumber: outcome.blockNumber };
  }
}
