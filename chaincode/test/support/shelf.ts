/**
 * The shelf contract's test driver (./driver.ts), plus the identities of the shelf roles.
 */
import { ShelfContract } from '../../src/shelf/contract';
import { Driver } from './driver';
import { type Who, who } from './points';

/** A shelf operator enrolled by the retail CA. */
export const operator = (account: string): Who => who('RetailMSP', 'shelf-operator', account);
/** A site provider enrolled by the retail CA. */
export const siteProvider = (account: string): Who => who('RetailMSP', 'site-provider', account);
/** A supplier enrolled by the retail CA. */
export const supplier = (account: string): Who => who('RetailMSP', 'supplier', account);
/** A shelf device enrolled by the retail CA; its account is the device id. */
export const device = (account: string): Who => who('RetailMSP', 'shelf-device', account);

/** A ledger with a clock that advances one second per transaction, serving the shelf contract. */
export class ShelfDriver extends Driver<ShelfContract> {
  constructor(start: string) {
    super(new ShelfContract(), start);
  }
}
