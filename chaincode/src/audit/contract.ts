import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { GatedContract } from '../points/gate';
import { CHAINCODE_VERSION } from '../version';
import { getHistory, listCouponClasses } from './queries';

/**
 * The auditor's read-only view of the ledger (issue 7), callable as `audit:<Transaction>`.
 * The agreed interface is docs/audit.md; nothing here writes.
 */
@Info({ title: 'audit', description: 'Read-only audit view of the ledger', version: CHAINCODE_VERSION })
export class AuditContract extends GatedContract {
  constructor() {
    super('audit');
  }

  /** Versions of an entity, oldest first. @returns a HistoryPage as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetHistory(ctx: Context, entityType: string, entityId: string, pageSize: string, bookmark: string): Promise<string> {
    return getHistory(ctx, entityType, entityId, pageSize, bookmark);
  }

  /** Ids of the coupon classes (auditor, admin). @returns `{items, bookmark}` as JSON */
  @Transaction(false)
  @Returns('string')
  public async ListCouponClasses(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
    return listCouponClasses(ctx, pageSize, bookmark);
  }
}
