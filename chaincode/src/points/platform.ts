/**
 * The points module's implementation of the services other modules use (ledger/platform.ts):
 * its book, its parameters, its merchant register, its merchants' orders and sales.
 *
 * @packageDocumentation
 */
import type { Platform } from '../ledger/platform';
import { LaneBook } from './book';
import { merchants, readParams, requireOrderOf } from './repository';
import { registerSalesCuts, salesBetween } from './sales';

/** What src/index.ts binds with `bindPlatform`. */
export const pointsPlatform: Platform = {
  openBook: (stub, txId, time) => new LaneBook(stub, txId, time),
  readParams,
  isRegisteredMerchant: async (stub, merchantId) => (await merchants.read(stub, merchantId)) !== undefined,
  requireOrderOf,
  registerSalesCuts,
  salesBetween,
};
