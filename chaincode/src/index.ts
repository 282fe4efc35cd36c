/**
 * Chaincode entry point. fabric-shim loads `main` from package.json and registers every
 * class in `contracts`; the first one is the default contract for unqualified calls.
 *
 * @packageDocumentation
 */
import type { Contract } from 'fabric-contract-api';

import { AuditContract } from './audit/contract';
import { CouponsContract } from './coupons/contract';
import { JospContract } from './josp/contract';
import { PointsContract } from './points/contract';
import { ShelfContract } from './shelf/contract';
import { SystemContract } from './system/contract';

/** Contracts served by this chaincode. */
export const contracts: (typeof Contract)[] = [SystemContract, PointsContract, JospContract, CouponsContract, ShelfContract, AuditContract];
