/**
 * Chaincode entry point and composition root. fabric-shim loads `main` from package.json and
 * registers every class in `contracts`; the first one is the default contract for unqualified
 * calls. Loading it binds the points module's services (ledger/platform.ts), the one place the
 * modules' shared base is wired to the points module, and quiets the shim's disabled log levels
 * (ledger/shim-logging.ts).
 *
 * @packageDocumentation
 */
import type { Contract } from 'fabric-contract-api';

import { AuditContract } from './audit/contract';
import { CouponsContract } from './coupons/contract';
import { EvidenceContract } from './evidence/contract';
import { JospContract } from './josp/contract';
import { bindPlatform } from './ledger/platform';
import { quietShimLogging } from './ledger/shim-logging';
import { PointsContract } from './points/contract';
import { pointsPlatform } from './points/platform';
import { ShelfContract } from './shelf/contract';
import { SystemContract } from './system/contract';

bindPlatform(pointsPlatform);
quietShimLogging();

/** Contracts served by this chaincode. */
export const contracts: (typeof Contract)[] = [
  SystemContract,
  PointsContract,
  JospContract,
  CouponsContract,
  ShelfContract,
  EvidenceContract,
  AuditContract,
];
