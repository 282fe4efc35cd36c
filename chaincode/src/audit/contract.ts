import { AUDIT } from '@loulan/protocol';

import { defineContract } from '../ledger/transactions';
import { getHistory, listCouponClasses } from './queries';

/**
 * The auditor's read-only view of the ledger (docs/rules.md#audit), callable as `audit:<Transaction>`.
 * The agreed interface is docs/audit.md; nothing here writes.
 */
export const AuditContract = defineContract(AUDIT, 'Read-only audit view of the ledger', {
  GetHistory: getHistory,
  ListCouponClasses: listCouponClasses,
});
/** An instance of the audit contract. */
export type AuditContract = InstanceType<typeof AuditContract>;
