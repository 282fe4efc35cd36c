import { POINTS } from '@loulan/protocol';

import { type CommittedWrite, ContractClient } from '../contract/client';
import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import {
  type Invariant,
  invariantResult,
  type Purchase,
  type PurchaseBatch,
  purchaseBatchResult,
  purchaseResult,
  type Redemption,
  redemptionResult,
} from './results';
import type { PurchaseInput } from './service';

/**
 * The chaincode contract `points` (docs/points.md): the routes call its transactions from their
 * operation table (./routes.ts); these typed methods are the transactions services call too. Every
 * call runs under `caller`'s own Fabric identity; roles are checked by the chaincode.
 */
export class PointsContract extends ContractClient<typeof POINTS> {
  constructor(fabric: FabricGateway) {
    super(fabric, POINTS);
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
    const args = { ...purchase, amountFen: String(purchase.amountFen), lane: String(purchase.lane) };
    return this.write(caller, 'RecordPurchase', args, purchaseResult);
  }

  /** `RecordPurchases` (merchant): the batch id is the business id of the batch, each line's order id its own. */
  recordPurchases(
    caller: CallerIdentity,
    batch: { readonly batchId: string; readonly lines: readonly PurchaseInput[]; readonly lane: number },
  ): Promise<CommittedWrite<PurchaseBatch>> {
    const args = { batchId: batch.batchId, linesJson: linesJson(batch.lines), lane: String(batch.lane) };
    return this.write(caller, 'RecordPurchases', args, purchaseBatchResult);
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
    const args = { ...redemption, requestId, points: String(redemption.points), lane: String(redemption.lane) };
    return this.write(caller, 'RedeemPoints', args, redemptionResult);
  }

  /** `CheckInvariant`. */
  checkInvariant(caller: CallerIdentity): Promise<Invariant> {
    return this.read(caller, 'CheckInvariant', {}, invariantResult);
  }
}

/**
 * The `linesJson` of `RecordPurchases`: each line rebuilt field by field, so only documented fields reach the
 * ledger, in a fixed order. A line without `occurredAt` leaves it out: the chaincode then takes the transaction
 * time, and fingerprints the line as a single purchase sending `""` (so either may replay the other).
 */
function linesJson(lines: readonly PurchaseInput[]): string {
  const canonical = lines.map((line) => {
    // A JSON null passes the DTO's @IsOptional() as an absent field does.
    const occurredAt = line.occurredAt ?? '';
    return {
      orderId: line.orderId,
      consumer: line.consumer,
      amountFen: line.amountFen,
      ...(occurredAt === '' ? {} : { occurredAt }),
    };
  });
  return JSON.stringify(canonical);
}
