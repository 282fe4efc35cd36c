import { type CommittedWrite, ContractClient } from '../contract/client';
import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import { type Invariant, invariantResult, type Purchase, purchaseResult, type Redemption, redemptionResult } from './results';

/** Chaincode contract name of the points module. */
export const POINTS_CONTRACT = 'points';

/**
 * The chaincode contract `points` (docs/points.md): the routes call its transactions from their
 * operation table (./routes.ts); these typed methods are the transactions services call too. Every
 * call runs under `caller`'s own Fabric identity; roles are checked by the chaincode.
 */
export class PointsContract extends ContractClient {
  constructor(fabric: FabricGateway) {
    super(fabric, POINTS_CONTRACT);
  }

  /** `RecordPurchase` (merchant); the order id is the business id. */
  recordPurchase(
    caller: CallerIdentity,
    purchase: {
      readonly orderId: string;
      readonly consumer: string;
      readonly amountFen: number;
      readonly occurredAt: string;
      readonly lane: number;
    },
  ): Promise<CommittedWrite<Purchase>> {
    const { orderId, consumer, amountFen, occurredAt, lane } = purchase;
    const args = [orderId, consumer, String(amountFen), occurredAt, String(lane)];
    return this.write(caller, 'RecordPurchase', args, purchaseResult);
  }

  /** `RedeemPoints` (consumer): points towards an order the merchant recorded for the consumer. */
  redeemPoints(
    caller: CallerIdentity,
    requestId: string,
    redemption: {
      readonly merchantId: string;
      readonly orderId: string;
      readonly points: number;
      readonly lane: number;
    },
  ): Promise<CommittedWrite<Redemption>> {
    const { merchantId, orderId, points, lane } = redemption;
    const args = [requestId, merchantId, orderId, String(points), String(lane)];
    return this.write(caller, 'RedeemPoints', args, redemptionResult);
  }

  /** `CheckInvariant`. */
  checkInvariant(caller: CallerIdentity): Promise<Invariant> {
    return this.read(caller, 'CheckInvariant', [], invariantResult);
  }
}
