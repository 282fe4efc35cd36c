/**
 * The shelf contract's test driver (./driver.ts), plus the identities of the shelf roles. The
 * points contract serves the same ledger, for the platform parameters the shelf reads.
 */
import { PointsContract } from '../../src/points/contract';
import { ShelfContract } from '../../src/shelf/contract';
import { type Action, Driver, type Json } from './driver';
import { ADMIN, AUDITOR, type Who, who } from './points';

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
  private readonly pointsContract = new PointsContract();

  constructor(start: string) {
    super(new ShelfContract(), start);
  }

  /** Runs a points transaction and commits it. */
  async points(as: Who, action: Action<PointsContract>): Promise<Json> {
    return (await this.runOn(this.pointsContract, as, action)).json;
  }

  /**
   * Changes some platform parameters with `points:UpdateParams` as the admin, keeping the others.
   *
   * @returns the new parameter document
   */
  async updateParams(fields: Json): Promise<Json> {
    const current = await this.points(AUDITOR, (p, ctx) => p.GetParams(ctx));
    const json = JSON.stringify({ ...current, ...fields });
    return this.points(ADMIN, (p, ctx) => p.UpdateParams(ctx, `params-${this.txCount}`, json));
  }
}
