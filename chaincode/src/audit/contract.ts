import { defineContract, evaluate } from '../ledger/transactions';
import { getHistory, listCouponClasses } from './queries';

/**
 * The auditor's read-only view of the ledger (docs/rules.md#audit), callable as `audit:<Transaction>`.
 * The agreed interface is docs/audit.md; nothing here writes.
 */
export const AuditContract = defineContract('audit', 'Read-only audit view of the ledger', {
  /** Versions of an entity, oldest first. @returns a HistoryPage as JSON */
  GetHistory: evaluate(getHistory),
  /** Ids of the coupon classes (auditor, admin). @returns `{items, bookmark}` as JSON */
  ListCouponClasses: evaluate(listCouponClasses),
});
/** An instance of the audit contract. */
export type AuditContract = InstanceType<typeof AuditContract>;
