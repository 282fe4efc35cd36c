import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { GatedContract } from '../points/gate';
import { CHAINCODE_VERSION } from '../version';
import { claimDevice, declineAgreement, proposeAgreement, registerDevice, signAgreement, unbindDevice } from './ops-agreement';
import { postOffer, postRequest, postSite } from './ops-board';
import { recordSales } from './ops-sales';
import { disputeStatement, recordPayment, resolveDispute, settleDay } from './ops-settlement';
import { getReport, getShelf, getStatement, listBoard } from './queries';

/**
 * Unmanned shelves (SPEC §6), callable as `shelf:<Transaction>`. The agreed interface is
 * docs/shelf.md; each method only routes to its operation.
 */
@Info({ title: 'shelf', description: 'Unmanned shelves: matching board, agreements, sales, T+1 settlement', version: CHAINCODE_VERSION })
export class ShelfContract extends GatedContract {
  constructor() {
    super('shelf');
  }

  /** Posts a site (site-provider). @returns the Post as JSON */
  @Transaction()
  @Returns('string')
  public async PostSite(
    ctx: Context,
    requestId: string,
    siteId: string,
    city: string,
    location: string,
    footfall: string,
    desiredShareBps: string,
  ): Promise<string> {
    return postSite(ctx, requestId, siteId, city, location, footfall, desiredShareBps);
  }

  /** Posts a supply offer (supplier). @returns the Post as JSON */
  @Transaction()
  @Returns('string')
  public async PostOffer(ctx: Context, requestId: string, offerId: string, city: string, skusJson: string): Promise<string> {
    return postOffer(ctx, requestId, offerId, city, skusJson);
  }

  /** Posts an operator's request (shelf-operator). @returns the Post as JSON */
  @Transaction()
  @Returns('string')
  public async PostRequest(ctx: Context, requestId: string, postingId: string, city: string, description: string): Promise<string> {
    return postRequest(ctx, requestId, postingId, city, description);
  }

  /** @returns one page of board posts as JSON */
  @Transaction(false)
  @Returns('string')
  public async ListBoard(ctx: Context, kind: string, city: string, pageSize: string, bookmark: string): Promise<string> {
    return listBoard(ctx, kind, city, pageSize, bookmark);
  }

  /** Proposes a new agreement version (shelf-operator). @returns the Agreement as JSON */
  @Transaction()
  @Returns('string')
  public async ProposeAgreement(
    ctx: Context,
    requestId: string,
    shelfId: string,
    siteId: string,
    supplier: string,
    supplierBps: string,
    operatorBps: string,
    siteBps: string,
    feeBps: string,
  ): Promise<string> {
    return proposeAgreement(ctx, requestId, shelfId, siteId, supplier, supplierBps, operatorBps, siteBps, feeBps);
  }

  /** Signs a proposed version (a party). @returns the Agreement as JSON */
  @Transaction()
  @Returns('string')
  public async SignAgreement(ctx: Context, requestId: string, shelfId: string, version: string): Promise<string> {
    return signAgreement(ctx, requestId, shelfId, version);
  }

  /** Declines a proposed version (a party). @returns the Agreement as JSON */
  @Transaction()
  @Returns('string')
  public async DeclineAgreement(ctx: Context, requestId: string, shelfId: string, version: string): Promise<string> {
    return declineAgreement(ctx, requestId, shelfId, version);
  }

  /** @returns the shelf with its agreement versions as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetShelf(ctx: Context, shelfId: string): Promise<string> {
    return getShelf(ctx, shelfId);
  }

  /** Names the operator that may bind the calling device (shelf-device). @returns the DeviceClaim as JSON */
  @Transaction()
  @Returns('string')
  public async ClaimDevice(ctx: Context, requestId: string, operator: string): Promise<string> {
    return claimDevice(ctx, requestId, operator);
  }

  /** Binds a device that has claimed the caller to the shelf (its operator). @returns the Device as JSON */
  @Transaction()
  @Returns('string')
  public async RegisterDevice(ctx: Context, requestId: string, shelfId: string, deviceId: string): Promise<string> {
    return registerDevice(ctx, requestId, shelfId, deviceId);
  }

  /** Ends a device's binding to the shelf (its operator). @returns the unbound Device as JSON */
  @Transaction()
  @Returns('string')
  public async UnbindDevice(ctx: Context, requestId: string, shelfId: string, deviceId: string): Promise<string> {
    return unbindDevice(ctx, requestId, shelfId, deviceId);
  }

  /** Records a batch of sales lines (shelf-device). @returns the batch result as JSON */
  @Transaction()
  @Returns('string')
  public async RecordSales(ctx: Context, batchId: string, linesJson: string): Promise<string> {
    return recordSales(ctx, batchId, linesJson);
  }

  /** Settles a shelf-day (any account). @returns the Statement as JSON */
  @Transaction()
  @Returns('string')
  public async SettleDay(ctx: Context, requestId: string, shelfId: string, day: string): Promise<string> {
    return settleDay(ctx, requestId, shelfId, day);
  }

  /** Records the operator's fiat transfer (shelf-operator). @returns the Statement as JSON */
  @Transaction()
  @Returns('string')
  public async RecordPayment(ctx: Context, requestId: string, shelfId: string, day: string, transferRef: string): Promise<string> {
    return recordPayment(ctx, requestId, shelfId, day, transferRef);
  }

  /** Disputes a pending statement (a party). @returns the Statement as JSON */
  @Transaction()
  @Returns('string')
  public async DisputeStatement(ctx: Context, requestId: string, shelfId: string, day: string, reason: string): Promise<string> {
    return disputeStatement(ctx, requestId, shelfId, day, reason);
  }

  /** Resolves a dispute (admin). @returns the Statement as JSON */
  @Transaction()
  @Returns('string')
  public async ResolveDispute(
    ctx: Context,
    requestId: string,
    shelfId: string,
    day: string,
    resolution: string,
    revenueFen: string,
    costFen: string,
    note: string,
  ): Promise<string> {
    return resolveDispute(ctx, requestId, shelfId, day, resolution, revenueFen, costFen, note);
  }

  /** @returns a statement and its sales lines as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetStatement(ctx: Context, shelfId: string, day: string): Promise<string> {
    return getStatement(ctx, shelfId, day);
  }

  /** @returns one page of a party's reconciliation report as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetReport(ctx: Context, party: string, from: string, to: string, pageSize: string, bookmark: string): Promise<string> {
    return getReport(ctx, party, from, to, pageSize, bookmark);
  }
}
