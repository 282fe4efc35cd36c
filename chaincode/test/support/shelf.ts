/**
 * Driver for shelf contract tests: the same clock and commit rules as the points driver,
 * bound to the shelf contract, plus the identities of the shelf roles.
 */
import type { Context } from 'fabric-contract-api';

import type { LedgerErrorPayload } from '../../src/ledger/errors';
import { ShelfContract } from '../../src/shelf/contract';
import { openKnownAccounts } from './accounts';
import { newContext } from './context';
import { expectLedgerError } from './failure';
import { FakeLedger, type FakeStub } from './fake-ledger';
import { who, type Json, type Who } from './points';

/** A shelf operator enrolled by the retail CA. */
export const operator = (account: string): Who => who('RetailMSP', 'shelf-operator', account);
/** A site provider enrolled by the retail CA. */
export const siteProvider = (account: string): Who => who('RetailMSP', 'site-provider', account);
/** A supplier enrolled by the retail CA. */
export const supplier = (account: string): Who => who('RetailMSP', 'supplier', account);
/** A shelf device enrolled by the retail CA; its account is the device id. */
export const device = (account: string): Who => who('RetailMSP', 'shelf-device', account);

type Action = (c: ShelfContract, ctx: Context) => Promise<string>;

/** A ledger with a clock that advances one second per transaction. */
export class ShelfDriver {
  readonly ledger = new FakeLedger();
  readonly contract = new ShelfContract();
  private clock: number;
  private txCount = 0;

  constructor(start: string) {
    this.clock = Date.parse(start);
  }

  /** Moves the clock to an instant. */
  setTime(iso: string): void {
    this.clock = Date.parse(iso);
  }

  /** Runs a transaction and commits it; fails the test when it throws. */
  async submit(as: Who, action: Action): Promise<Json> {
    const stub = this.nextStub(as);
    const result = await action(this.contract, newContext(stub));
    this.ledger.commit(stub);
    return JSON.parse(result);
  }

  /** Runs a transaction and commits it, returning the stub too (events). */
  async run(as: Who, action: Action): Promise<{ result: Json; stub: FakeStub }> {
    const stub = this.nextStub(as);
    const result = await action(this.contract, newContext(stub));
    this.ledger.commit(stub);
    return { result: JSON.parse(result), stub };
  }

  /** Runs a transaction that must fail, without committing it; returns the decoded error. */
  async fail(as: Who, action: Action): Promise<LedgerErrorPayload> {
    const stub = this.nextStub(as);
    return expectLedgerError(() => action(this.contract, newContext(stub)));
  }

  private nextStub(as: Who): FakeStub {
    openKnownAccounts(this.ledger);
    this.txCount += 1;
    this.clock += 1000;
    return this.ledger.stub({ ...as, txId: `tx${String(this.txCount).padStart(4, '0')}`, txTime: new Date(this.clock) });
  }
}
