/**
 * Every contract's transaction table.
 *
 * @packageDocumentation
 */
import type { ContractProtocol } from '../transactions';
import { AUDIT } from './audit';
import { COUPONS } from './coupons';
import { EVIDENCE } from './evidence';
import { JOSP } from './josp';
import { POINTS } from './points';
import { SHELF } from './shelf';
import { SYSTEM } from './system';

export { AUDIT, COUPONS, EVIDENCE, JOSP, POINTS, SHELF, SYSTEM };
export { EVIDENCE_KINDS, type EvidenceKind, MAX_EVIDENCE_PARTIES, MAX_EVIDENCE_TITLE, NOTARY_ROLES, SHA256_PATTERN } from './evidence';
export { MAX_PURCHASE_BATCH_LINES, REGISTERED_ROLES } from './points';
export { MAX_SHELF_BATCH_LINES } from './shelf';

/** The contracts of the chaincode, the default contract (`system`) first. */
export const CONTRACTS: readonly ContractProtocol[] = [SYSTEM, POINTS, JOSP, COUPONS, SHELF, EVIDENCE, AUDIT];
