/**
 * The coupons contract's test driver (./driver.ts): one fake ledger served by the coupons and
 * the points contracts.
 */
import { CouponsContract } from '../../src/coupons/contract';
import { PointsContract } from '../../src/points/contract';
import { type Action, Driver, type Json } from './driver';
import { ADMIN, type Who } from './points';

/** A ledger with a clock; actions are called on the coupons contract, `points` on the points contract. */
export class CouponsDriver extends Driver<CouponsContract> {
  private readonly pointsContract = new PointsContract();

  constructor(start = '2025-03-10T04:00:00.000Z') {
    super(new CouponsContract(), start);
  }

  /** Runs a points transaction and commits it. */
  async points(as: Who, action: Action<PointsContract>): Promise<Json> {
    return (await this.runOn(this.pointsContract, as, action)).json;
  }

  /** A holder's coupons of a class, read as the admin. */
  async held(classId: string, holder: string): Promise<number> {
    return Number((await this.submit(ADMIN, (c, ctx) => c.GetCouponBalance(ctx, classId, holder))).quantity);
  }

  /** A points balance, read as the admin. */
  async balance(account: string): Promise<number> {
    return Number((await this.points(ADMIN, (p, ctx) => p.GetBalance(ctx, account))).balance);
  }

  /** The supply check of a class. */
  async supply(classId: string): Promise<Json> {
    return this.submit(ADMIN, (c, ctx) => c.CheckCouponSupply(ctx, classId));
  }
}

/** Options of a test coupon class; defaults: 100 yuan face value, 1,000 coupons, valid for March 2025. */
export interface ClassOptions {
  readonly faceValueFen?: number;
  readonly quantity?: number;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly minSpendFen?: number;
  readonly acceptance?: object;
  readonly rebateBps?: number;
  readonly transferable?: boolean;
  readonly resellable?: boolean;
}

/** Creates a coupon class as `issuer`. */
export async function createClass(driver: CouponsDriver, issuer: Who, classId: string, o: ClassOptions = {}): Promise<Json> {
  return driver.submit(issuer, (c, ctx) =>
    c.CreateClass(
      ctx,
      `create-${classId}`,
      classId,
      `Coupon ${classId}`,
      String(o.faceValueFen ?? 10_000),
      String(o.quantity ?? 1_000),
      o.validFrom ?? '2025-03-01T00:00:00+08:00',
      o.validUntil ?? '2025-04-01T00:00:00+08:00',
      String(o.minSpendFen ?? 0),
      JSON.stringify(o.acceptance ?? { kind: 'issuer' }),
      String(o.rebateBps ?? 5_000),
      String(o.transferable ?? true),
      String(o.resellable ?? true),
    ),
  );
}

/** A ledger with points minted and the merchants registered. */
export async function withMerchants(...merchantIds: string[]): Promise<CouponsDriver> {
  const driver = new CouponsDriver();
  await driver.points(ADMIN, (p, ctx) => p.Mint(ctx, 'mint', '10000000'));
  for (const id of merchantIds) {
    await driver.points(ADMIN, (p, ctx) => p.RegisterMerchant(ctx, `reg-${id}`, id, `Shop ${id}`, 'Lhasa'));
  }
  return driver;
}
