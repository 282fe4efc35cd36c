/**
 * A driver for JOSP contract tests: one fake ledger served by both the points and the JOSP
 * contract, a settable clock advancing one second per transaction, and helpers that commit
 * only successful transactions, as ordering would.
 */
import type { Context } from 'fabric-contract-api';

import { JospContract } from '../../src/josp/contract';
import type { LedgerErrorPayload } from '../../src/ledger/errors';
import { PointsContract } from '../../src/points/contract';
import { openKnownAccounts } from './accounts';
import { newContext } from './context';
import { expectLedgerError } from './failure';
import { FakeLedger } from './fake-ledger';
import { ADMIN, who, type Json, type Who } from './points';

/** A bank enrolled by the bank CA. */
export const bank = (account: string): Who => who('BankMSP', 'bank', account);

/** Both contracts, as a test action sees them. */
export interface Contracts {
  readonly points: PointsContract;
  readonly josp: JospContract;
}

type Action = (c: Contracts, ctx: Context) => Promise<string>;

/** A ledger with a clock, serving points and josp. */
export class JospDriver {
  readonly ledger = new FakeLedger();
  private readonly contracts: Contracts = { points: new PointsContract(), josp: new JospContract() };
  private clock: number;
  private txCount = 0;

  constructor(start = '2025-03-01T00:00:00.000Z') {
    this.clock = Date.parse(start);
  }

  /** Moves the clock to an instant (the next transaction runs one second later). */
  setTime(iso: string): void {
    this.clock = Date.parse(iso);
  }

  /** Runs a transaction and commits it; fails the test when it throws. */
  async submit(as: Who, action: Action): Promise<Json> {
    const stub = this.nextStub(as);
    const result = await action(this.contracts, newContext(stub));
    this.ledger.commit(stub);
    return JSON.parse(result) as Json;
  }

  /** Runs a transaction that must fail, without committing it; returns the decoded error. */
  async fail(as: Who, action: Action): Promise<LedgerErrorPayload> {
    const stub = this.nextStub(as);
    return expectLedgerError(() => action(this.contracts, newContext(stub)));
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

  private nextStub(as: Who): ReturnType<FakeLedger['stub']> {
    openKnownAccounts(this.ledger);
    this.txCount += 1;
    this.clock += 1000;
    return this.ledger.stub({ ...as, txId: `tx${String(this.txCount).padStart(5, '0')}`, txTime: new Date(this.clock) });
  }
}
