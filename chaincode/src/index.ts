/**
 * Chaincode entry point. fabric-shim loads `main` from package.json and registers every
 * class in `contracts`; the first one is the default contract for unqualified calls.
 *
 * @packageDocumentation
 */
import type { Contract } from 'fabric-contract-api';

import { PointsContract } from './points/contract';
import { SystemContract } from './system/contract';

/** Contracts served by this chaincode. */
export const contracts: (typeof Contract)[] = [SystemContract, PointsContract];
