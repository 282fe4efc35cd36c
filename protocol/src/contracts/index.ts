/**
 * Every contract's transaction table.
 *
 * @packageDocumentation
 */
import type { ContractProtocol } from '../transactions';
import { AUDIT } from './audit';
import { COUPONS } from './coupons';
import { JOSP } from './josp';
import { POINTS } from './points';
import { SHELF } from './shelf';
import { SYSTEM } from './system';

export { AUDIT, COUPONS, JOSP, POINTS, SHELF, SYSTEM };
export { MAX_PURCHASE_BATCH_LINES, REGISTERED_ROLES } from './points';
export { MAX_SHELF_BATCH_LINES } from './shelf';

/** The contracts of the chaincode, the default contract (`system`) first. */
export const CONTRACTS: readonly ContractProtocol[] = [SYSTEM, POINTS, JOSP, COUPONS, SHELF, AUDIT];
