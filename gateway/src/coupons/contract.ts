import { COUPONS } from '@loulan/protocol';

import { type CommittedWrite, ContractClient } from '../contract/client';
import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import * as r from './results';

/**
 * The chaincode contract `coupons` (docs/coupons.md): the routes call its transactions from their
 * operation table (./routes.ts); these typed methods are the transactions the matcher and the audit
 * service call too. Every call runs under `caller`'s own Fabric identity; roles are checked by the chaincode.
 */
export class CouponsContract extends ContractClient<typeof COUPONS> {
  constructor(fabric: FabricGateway) {
    super(fabric, COUPONS);
  }

  /** `ExecuteMatch`: the orders in ring order. */
  executeMatch(caller: CallerIdentity, requestId: string, orderIds: readonly string[]): Promise<CommittedWrite<r.MatchResult>> {
    return this.write(caller, 'ExecuteMatch', { requestId, orderIds: JSON.stringify(orderIds) }, r.matchResult);
  }

  /** `ListOpenOrders`: one page; `bookmark` is `""` for the first. */
  listOpenOrders(caller: CallerIdentity, pageSize: number, bookmark: string): Promise<r.OpenOrderPage> {
    return this.read(caller, 'ListOpenOrders', { pageSize: String(pageSize), bookmark }, r.openOrderPageResult);
  }

  /** `CheckCouponSupply`. */
  checkSupply(caller: CallerIdentity, classId: string): Promise<r.SupplyCheck> {
    return this.read(caller, 'CheckCouponSupply', { classId }, r.supplyCheckResult);
  }
}
