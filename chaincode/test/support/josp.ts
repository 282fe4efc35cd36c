/**
 * The JOSP contract's test driver (./driver.ts): one fake ledger served by both the points and
 * the JOSP contract.
 */
import { JospContract } from '../../src/josp/contract';
import { PointsContract } from '../../src/points/contract';
import { Driver, type Json } from './driver';
import { ADMIN, type Who, who } from './points';

/** A bank enrolled by the bank CA. */
export const bank = (account: string): Who => who('BankMSP', 'bank', account);

/** Both contracts, as a test action sees them. */
export interface Contracts {
  readonly points: PointsContract;
  readonly josp: JospContract;
}

/** A ledger with a clock, serving points and josp. */
export class JospDriver extends Driver<Contracts> {
  constructor(start = '2025-03-01T00:00:00.000Z') {
    super({ points: new PointsContract(), josp: new JospContract() }, start, 5);
  }

  /** The balance of an account, read as the admin. */
  async balance(account: string): Promise<number> {
    return Number((await this.submit(ADMIN, (c, ctx) => c.points.GetBalance(ctx, account))).balance);
  }

  /** The invariant check's result. */
  async invariant(): Promise<Json> {
    return this.submit(ADMIN, (c, ctx) => c.points.CheckInvariant(ctx));
  }

  /** Mints points and hands them from the treasury to an account. */
  async fund(account: string, points: number): Promise<void> {
    await this.submit(ADMIN, (c, ctx) => c.points.Mint(ctx, `mint-${account}-${this.txCount}`, String(points)));
    await this.submit(ADMIN, (c, ctx) => c.points.Transfer(ctx, `fund-${account}-${this.txCount}`, account, String(points)));
  }
}
