import type { CommittedWrite } from '../contract/client';
import type { PointsCaller } from './caller';
import type { PointsContract } from './contract';
import type { LanePool } from './lane-pool';
import type { Purchase, PurchaseBatch, Redemption } from './results';

/**
 * A purchase as the merchant reports it. Without `occurredAt` the chaincode takes the transaction
 * time; the gateway then sends `""` rather than its own clock, so a retry of the order sends the
 * same arguments and is answered with the first result.
 */
export interface PurchaseInput {
  readonly orderId: string;
  readonly consumer: string;
  readonly amountFen: number;
  readonly occurredAt?: string;
}

/** A consumer's payment with points towards a merchant's order. */
export interface RedemptionInput {
  readonly merchantId: string;
  readonly orderId: string;
  readonly points: number;
}

/**
 * The points operations that need more than a call of the contract: the ones that touch a merchant's hot
 * balance, which take a balance lane from the lane pool for as long as the transaction is in flight.
 */
export class PointsService {
  constructor(
    private readonly contract: PointsContract,
    private readonly lanes: LanePool,
  ) {}

  /** Records a purchase at the calling merchant, debiting the earned points in a lane of its own. */
  recordPurchase(caller: PointsCaller, input: PurchaseInput): Promise<CommittedWrite<Purchase>> {
    const occurredAt = input.occurredAt ?? '';
    return this.withMerchantLane(caller.account, (lane) => this.contract.recordPurchase(caller, { ...input, occurredAt, lane }));
  }

  /**
   * Records a batch of purchases at the calling merchant under `batchId`, debiting every line's earned points
   * in one lane of its own, held for the whole batch.
   */
  recordPurchases(caller: PointsCaller, batchId: string, lines: readonly PurchaseInput[]): Promise<CommittedWrite<PurchaseBatch>> {
    return this.withMerchantLane(caller.account, (lane) => this.contract.recordPurchases(caller, { batchId, lines, lane }));
  }

  /** Redeems points towards `input.orderId`, crediting the merchant in a lane of its own. */
  redeemPoints(caller: PointsCaller, requestId: string, input: RedemptionInput): Promise<CommittedWrite<Redemption>> {
    return this.withMerchantLane(input.merchantId, (lane) => this.contract.redeemPoints(caller, requestId, { ...input, lane }));
  }

  private withMerchantLane<T>(merchant: string | null | undefined, work: (lane: number) => Promise<T>): Promise<T> {
    // A caller without an account cannot be a merchant; the chaincode refuses it, so no lane is worth holding.
    return merchant === null || merchant === undefined ? work(0) : this.lanes.withLane(merchant, work);
  }
}
