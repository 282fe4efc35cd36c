/**
 * A small driver for points contract tests: named identities with real certificates, a
 * clock that advances one second per transaction, and submit/evaluate helpers that commit
 * only successful transactions, as ordering would.
 */
import type { Context } from 'fabric-contract-api';

import type { LedgerErrorPayload } from '../../src/ledger/errors';
import { PointsContract } from '../../src/points/contract';
import { newContext } from './context';
import { expectLedgerError } from './failure';
import { FakeLedger, type FakeStub, type FakeTxOptions } from './fake-ledger';
import { openKnownAccounts, rememberAccount } from './accounts';
import { certificateFor } from './identity';

/** Decoded JSON result of a transaction. */
export type Json = Record<string, unknown>;

/** The submitting identity of a test transaction. */
export type Who = Pick<FakeTxOptions, 'mspId' | 'certPem'>;

/**
 * @param msp - issuing MSP
 * @param role - `loulan.role`
 * @param account - `loulan.account`, omitted when undefined; the drivers open it (see ./accounts)
 */
export function who(msp: string, role: string, account?: string): Who {
  const attrs: Record<string, string> = { 'loulan.role': role };
  if (account !== undefined) {
    attrs['loulan.account'] = account;
    rememberAccount({ msp, role, account });
  }
  return { mspId: msp, certPem: certificateFor({ commonName: `${role}-${account ?? 'none'}`, attrs }) };
}

/** The platform admin, acting for the treasury. */
export const ADMIN = who('PlatformMSP', 'admin');
/** A platform auditor. */
export const AUDITOR = who('PlatformMSP', 'auditor');
/** A consumer enrolled by the platform CA. */
export const consumer = (account: string): Who => who('PlatformMSP', 'consumer', account);
/** A merchant enrolled by the retail CA. */
export const merchant = (account: string): Who => who('RetailMSP', 'merchant', account);

/**
 * An identity whose certificate names `account` but whose account the drivers never open: an
 * unopened account, or another organisation's account claimed by a forged certificate.
 */
export function claimant(msp: string, role: string, account: string): Who {
  const attrs = { 'loulan.role': role, 'loulan.account': account };
  return { mspId: msp, certPem: certificateFor({ commonName: `claimant-${msp}-${role}-${account}`, attrs }) };
}

/** A ledger with a clock. */
export class PointsDriver {
  readonly ledger = new FakeLedger();
  readonly contract = new PointsContract();
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

  /** Runs a transaction and commits it; fails the test when it throws. */
  async submit(as: Who, action: (c: PointsContract, ctx: Context) => Promise<string>): Promise<Json> {
    const { result } = await this.run(as, action);
    return JSON.parse(result);
  }

  /** Runs a transaction and commits it, returning the raw result and the stub. */
  async run(as: Who, action: (c: PointsContract, ctx: Context) => Promise<string>): Promise<{ result: string; stub: FakeStub }> {
    const stub = this.nextStub(as);
    const result = await action(this.contract, newContext(stub));
    this.ledger.commit(stub);
    return { result, stub };
  }

  /** Runs a transaction that must fail, without committing it; returns the decoded error. */
  async fail(as: Who, action: (c: PointsContract, ctx: Context) => Promise<string>): Promise<LedgerErrorPayload> {
    const stub = this.nextStub(as);
    return expectLedgerError(() => action(this.contract, newContext(stub)));
  }

  /** The balance of an account, read as the admin. */
  async balance(account: string): Promise<number> {
    const result = await this.submit(ADMIN, (c, ctx) => c.GetBalance(ctx, account));
    return Number(result.balance);
  }

  /** Mints points into the treasury. */
  async mint(points: number): Promise<void> {
    await this.submit(ADMIN, (c, ctx) => c.Mint(ctx, `mint-${this.txCount}`, String(points)));
  }

  /** Registers a merchant in a region. */
  async register(merchantId: string, region: string): Promise<Json> {
    // A merchant's account is opened when its org enrols it, before the platform registers it.
    rememberAccount({ msp: 'RetailMSP', role: 'merchant', account: merchantId });
    return this.submit(ADMIN, (c, ctx) => c.RegisterMerchant(ctx, `reg-${merchantId}`, merchantId, `Shop ${merchantId}`, region));
  }

  private nextStub(as: Who): FakeStub {
    openKnownAccounts(this.ledger);
    // The clock moves first, so that `now` read inside an action is that transaction's time.
    this.txCount += 1;
    this.clock += 1000;
    return this.ledger.stub({ ...as, txId: `tx${String(this.txCount).padStart(4, '0')}`, txTime: new Date(this.clock) });
  }
}
