/**
 * The auditor's read-only view of the ledger (docs/rules.md#audit, docs/audit.md); the gateway's /v1/audit routes read blocks and the read model instead.
 *
 * @packageDocumentation
 */
import { defineProtocol, read } from '../transactions';

/** The `audit` contract's transactions, callable as `audit:<Name>`; routes are relative to `/v1/audit`. */
export const AUDIT = defineProtocol('audit', '/v1/audit', {
  GetHistory: read(['entityType', 'entityId', 'pageSize', 'bookmark'], 'Versions of an entity, oldest first'),
  ListCouponClasses: read(['pageSize', 'bookmark'], 'Ids of the coupon classes (auditor, admin).'),
});
