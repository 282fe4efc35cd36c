/**
 * A driver for coupons contract tests: one fake ledger served by the coupons and the points
 * contracts, named identities and a clock that advances one second per transaction.
 */
import type { Context } from 'fabric-contract-api';

import { CouponsContract } from '../../src/coupons/contract';
import type { LedgerErrorPayload } from '../../src/ledger/errors';
import { PointsContract } from '../../src/points/contract';
import { openKnownAccounts } from './accounts';
import { newContext } from './context';
import { expectLedgerError } from './failure';
import { FakeLedger, type FakeStub } from './fake-ledger';
import { ADMIN, type Json, type Who } from './points';

type Action<C> = (contract: C, ctx: Context) => Promise<string>;

/** A ledger with a clock, for both contracts. */
export class CouponsDriver {
  readonly ledger = new FakeLedger();
  private readonly coupons = new CouponsContract();
  private readonly pointsContract = new PointsContract();
  private clock: number;
  private txCount = 0;

  constructor(start = '2025-03-10T04:00:00.000Z') {
    this.clock = Date.parse(start);
  }

  /** Moves the clock to an instant. */
  setTime(iso: string): void {
    this.clock = Date.parse(iso);
  }

  /** Time of the latest (or running) transaction, ISO 8601. */
  get now(): string {
    return new Date(this.clock).toISOString();
  }

  /** Runs a coupons transaction and commits it; fails the test when it throws. */
  async submit(as: Who, action: Action<CouponsContract>): Promise<Json> {
    return JSON.parse((await this.run(as, action)).result);
  }

  /** Runs a coupons transaction and commits it, returning the raw result and the stub. */
  async run(as: Who, action: Action<CouponsContract>): Promise<{ result: string; stub: FakeStub }> {
    const stub = this.nextStub(as);
    const result = await action(this.coupons, newContext(stub));
    this.ledger.commit(stub);
    return { result, stub };
  }

  /** Runs a points transaction and commits it. */
  async points(as: Who, action: Action<PointsContract>): Promise<Json> {
    const stub = this.nextStub(as);
    const result = await action(this.pointsContract, newContext(stub));
    this.ledger.commit(stub);
    return JSON.parse(result);
  }

  /** Runs a coupons transaction that must fail, without committing it; returns the decoded error. */
  async fail(as: Who, action: Action<CouponsContract>): Promise<LedgerErrorPayload> {
    const stub = this.nextStub(as);
    return expectLedgerError(() => action(this.coupons, newContext(stub)));
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

  private nextStub(as: Who): FakeStub {
    openKnownAccounts(this.ledger);
    this.txCount += 1;
    this.clock += 1000;
    return this.ledger.stub({ ...as, txId: `tx${String(this.txCount).padStart(4, '0')}`, txTime: new Date(this.clock) });
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
