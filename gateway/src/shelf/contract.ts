import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import type { WriteResult } from '../points/contract';
import { decodeResult, type Decoder } from '../points/decode';
import {
  agreementResult,
  deviceClaimResult,
  deviceResult,
  postPageResult,
  postResult,
  reportResult,
  salesBatchResult,
  shelfResult,
  statementDetailResult,
  statementResult,
  unboundDeviceResult,
  type Agreement,
  type Device,
  type DeviceClaim,
  type Post,
  type PostPage,
  type Report,
  type SalesBatch,
  type SaleLine,
  type Shelf,
  type Statement,
  type StatementDetail,
  type UnboundDevice,
} from './results';

/** Chaincode contract name of the shelf module. */
export const SHELF_CONTRACT = 'shelf';

/** A site as its provider posts it. */
export interface SiteInput {
  readonly siteId: string;
  readonly city: string;
  readonly location: string;
  readonly footfall: number;
  readonly desiredShareBps: number;
}

/** A proposed agreement version. */
export interface ProposalInput {
  readonly siteId: string;
  readonly supplier: string;
  readonly supplierBps: number;
  readonly operatorBps: number;
  readonly siteBps: number;
  readonly feeBps: number;
}

/** A sales line as a device sends it; `refundOf` names the refunded sale. */
export type SaleLineInput = Omit<SaleLine, 'refundOf'> & { readonly refundOf?: string };

/** The platform's resolution of a dispute; totals only for `resettle`. */
export interface ResolutionInput {
  readonly resolution: 'accept' | 'resettle';
  readonly revenueFen?: number;
  readonly costFen?: number;
  readonly note: string;
}

/**
 * Typed wrapper of the chaincode contract `shelf` (docs/shelf.md): typed arguments in, the strings the
 * chaincode parses out, decoded results back. Every call runs under `caller`'s own Fabric identity.
 */
export class ShelfContract {
  constructor(private readonly fabric: FabricGateway) {}

  /** `PostSite` (site-provider). */
  postSite(caller: CallerIdentity, requestId: string, site: SiteInput): Promise<WriteResult<Post>> {
    const args = [requestId, site.siteId, site.city, site.location, String(site.footfall), String(site.desiredShareBps)];
    return this.write(caller, 'PostSite', args, postResult);
  }

  /** `PostOffer` (supplier). */
  postOffer(caller: CallerIdentity, requestId: string, offerId: string, city: string, skus: readonly { sku: string; costFen: number }[]): Promise<WriteResult<Post>> {
    return this.write(caller, 'PostOffer', [requestId, offerId, city, JSON.stringify(skus.map(({ sku, costFen }) => ({ sku, costFen })))], postResult);
  }

  /** `PostRequest` (shelf-operator). */
  postRequest(caller: CallerIdentity, requestId: string, postingId: string, city: string, description: string): Promise<WriteResult<Post>> {
    return this.write(caller, 'PostRequest', [requestId, postingId, city, description], postResult);
  }

  /** `ListBoard`: one page of posts of a kind, in a city or everywhere (`""`). */
  listBoard(caller: CallerIdentity, kind: string, city: string, pageSize: number, bookmark: string): Promise<PostPage> {
    return this.read(caller, 'ListBoard', [kind, city, String(pageSize), bookmark], postPageResult);
  }

  /** `ProposeAgreement` (shelf-operator). */
  proposeAgreement(caller: CallerIdentity, requestId: string, shelfId: string, p: ProposalInput): Promise<WriteResult<Agreement>> {
    const bps = [p.supplierBps, p.operatorBps, p.siteBps, p.feeBps].map(String);
    return this.write(caller, 'ProposeAgreement', [requestId, shelfId, p.siteId, p.supplier, ...bps], agreementResult);
  }

  /** `SignAgreement` or `DeclineAgreement` (a party). */
  answerAgreement(caller: CallerIdentity, requestId: string, shelfId: string, version: number, sign: boolean): Promise<WriteResult<Agreement>> {
    return this.write(caller, sign ? 'SignAgreement' : 'DeclineAgreement', [requestId, shelfId, String(version)], agreementResult);
  }

  /** `GetShelf`. */
  getShelf(caller: CallerIdentity, shelfId: string): Promise<Shelf> {
    return this.read(caller, 'GetShelf', [shelfId], shelfResult);
  }

  /** `ClaimDevice` (shelf-device): the calling device names the operator that may bind it. */
  claimDevice(caller: CallerIdentity, requestId: string, operator: string): Promise<WriteResult<DeviceClaim>> {
    return this.write(caller, 'ClaimDevice', [requestId, operator], deviceClaimResult);
  }

  /** `RegisterDevice` (the shelf's operator, whom the device has claimed). */
  registerDevice(caller: CallerIdentity, requestId: string, shelfId: string, deviceId: string): Promise<WriteResult<Device>> {
    return this.write(caller, 'RegisterDevice', [requestId, shelfId, deviceId], deviceResult);
  }

  /** `UnbindDevice` (the shelf's operator). */
  unbindDevice(caller: CallerIdentity, requestId: string, shelfId: string, deviceId: string): Promise<WriteResult<UnboundDevice>> {
    return this.write(caller, 'UnbindDevice', [requestId, shelfId, deviceId], unboundDeviceResult);
  }

  /** `RecordSales` (shelf-device): the batch id is the business id. */
  recordSales(caller: CallerIdentity, batchId: string, lines: readonly SaleLineInput[]): Promise<WriteResult<SalesBatch>> {
    // Rebuilt field by field so that only the documented fields reach the ledger, in a fixed order.
    const canonical = lines.map((l) => ({
      saleId: l.saleId,
      sku: l.sku,
      qty: l.qty,
      amountFen: l.amountFen,
      costFen: l.costFen,
      occurredAt: l.occurredAt,
      ...(l.refundOf === undefined ? {} : { refundOf: l.refundOf }),
    }));
    return this.write(caller, 'RecordSales', [batchId, JSON.stringify(canonical)], salesBatchResult);
  }

  /** `SettleDay` (any account). */
  settleDay(caller: CallerIdentity, requestId: string, shelfId: string, day: string): Promise<WriteResult<Statement>> {
    return this.write(caller, 'SettleDay', [requestId, shelfId, day], statementResult);
  }

  /** `RecordPayment` (the operator). */
  recordPayment(caller: CallerIdentity, requestId: string, shelfId: string, day: string, transferRef: string): Promise<WriteResult<Statement>> {
    return this.write(caller, 'RecordPayment', [requestId, shelfId, day, transferRef], statementResult);
  }

  /** `DisputeStatement` (a party). */
  disputeStatement(caller: CallerIdentity, requestId: string, shelfId: string, day: string, reason: string): Promise<WriteResult<Statement>> {
    return this.write(caller, 'DisputeStatement', [requestId, shelfId, day, reason], statementResult);
  }

  /** `ResolveDispute` (admin). */
  resolveDispute(caller: CallerIdentity, requestId: string, shelfId: string, day: string, r: ResolutionInput): Promise<WriteResult<Statement>> {
    const totals = r.resolution === 'resettle' ? [String(r.revenueFen ?? ''), String(r.costFen ?? '')] : ['', ''];
    return this.write(caller, 'ResolveDispute', [requestId, shelfId, day, r.resolution, ...totals, r.note], statementResult);
  }

  /** `GetStatement` (its parties, admin, auditor). */
  getStatement(caller: CallerIdentity, shelfId: string, day: string): Promise<StatementDetail> {
    return this.read(caller, 'GetStatement', [shelfId, day], statementDetailResult);
  }

  /** `GetReport` (the party, admin, auditor): one page of at most `pageSize` rows. */
  getReport(caller: CallerIdentity, party: string, from: string, to: string, pageSize: number, bookmark: string): Promise<Report> {
    return this.read(caller, 'GetReport', [party, from, to, String(pageSize), bookmark], reportResult);
  }

  private async read<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<T> {
    return decodeResult(await this.fabric.evaluate(SHELF_CONTRACT, transaction, args, { caller }), decoder);
  }

  private async write<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<WriteResult<T>> {
    const outcome = await this.fabric.submit(SHELF_CONTRACT, transaction, args, { caller });
    return { result: decodeResult(outcome.result, decoder), transactionId: outcome.transactionId, blockNumber: outcome.blockNumber };
  }
}
