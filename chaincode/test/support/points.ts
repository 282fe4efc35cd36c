/**
 * The points contract's test driver (./driver.ts) and the identities every contract test uses:
 * named identities with real certificates.
 */
import { PointsContract } from '../../src/points/contract';
import { rememberAccount } from './accounts';
import { Driver, type Json, type Who } from './driver';
import { certificateFor } from './identity';

export type { Json, Who } from './driver';

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

/** A ledger with a clock, serving the points contract. */
export class PointsDriver extends Driver<PointsContract> {
  constructor(start = '2025-03-10T04:00:00.000Z') {
    super(new PointsContract(), start);
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
}
