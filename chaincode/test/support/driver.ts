/**
 * The one driver of contract tests: a fake ledger, a clock that advances one second per
 * transaction, and submit/run/fail helpers that commit only successful transactions, as
 * ordering would. It is parameterised by what an action sees (one contract, or several serving
 * the same ledger); each module's driver (./points.ts, ./josp.ts, ./coupons.ts, ./shelf.ts)
 * only adds its identities and shortcuts.
 */
import type { LedgerErrorPayload } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { openKnownAccounts } from './accounts';
import { newContext } from './context';
import { expectLedgerError } from './failure';
import { FakeLedger, type FakeStub, type FakeTxOptions } from './fake-ledger';

/** Decoded JSON result of a transaction. */
export type Json = Record<string, unknown>;

/** The submitting identity of a test transaction. */
export type Who = Pick<FakeTxOptions, 'mspId' | 'certPem'>;

/** A test transaction: a call on the contract(s), with the transaction's context. */
export type Action<C> = (contracts: C, ctx: Context) => Promise<string>;

/** A ledger with a clock, serving `C`. */
export class Driver<C> {
  readonly ledger = new FakeLedger();
  private clock: number;
  /** Transactions run so far; tests use it to make business ids unique. */
  protected txCount = 0;

  /**
   * @param contracts - what actions are called on
   * @param start - the clock before the first transaction (which runs one second later)
   * @param txIdDigits - width of the numbered transaction ids `tx0001`…
   */
  constructor(
    readonly contracts: C,
    start: string,
    private readonly txIdDigits = 4,
  ) {
    this.clock = Date.parse(start);
  }

  /** Moves the clock to an instant (the next transaction runs one second later). */
  setTime(iso: string): void {
    this.clock = Date.parse(iso);
  }

  /** Time of the latest (or running) transaction, ISO 8601. */
  get now(): string {
    return new Date(this.clock).toISOString();
  }

  /** Runs a transaction and commits it; fails the test when it throws. */
  async submit(as: Who, action: Action<C>): Promise<Json> {
    return (await this.run(as, action)).json;
  }

  /** Runs a transaction and commits it, returning the raw and decoded result and the stub (events). */
  async run(as: Who, action: Action<C>): Promise<{ result: string; json: Json; stub: FakeStub }> {
    return this.runOn(this.contracts, as, action);
  }

  /** Runs a transaction that must fail, without committing it; returns the decoded error. */
  async fail(as: Who, action: Action<C>): Promise<LedgerErrorPayload> {
    const stub = this.nextStub(as);
    return expectLedgerError(() => action(this.contracts, newContext(stub)));
  }

  /** Runs and commits a transaction on other contracts serving the same ledger. */
  protected async runOn<D>(contracts: D, as: Who, action: Action<D>): Promise<{ result: string; json: Json; stub: FakeStub }> {
    const stub = this.nextStub(as);
    const result = await action(contracts, newContext(stub));
    this.ledger.commit(stub);
    return { result, json: JSON.parse(result) as Json, stub };
  }

  private nextStub(as: Who): FakeStub {
    openKnownAccounts(this.ledger);
    // The clock moves first, so that `now` read inside an action is that transaction's time.
    this.txCount += 1;
    this.clock += 1000;
    const txId = `tx${String(this.txCount).padStart(this.txIdDigits, '0')}`;
    return this.ledger.stub({ ...as, txId, txTime: new Date(this.clock) });
  }
}
