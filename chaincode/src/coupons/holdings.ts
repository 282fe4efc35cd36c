/**
 * Coupon balances and escrows within one transaction. Coupons of a class are fungible
 * counts per holder (`cpnbal~<classId>~<holder>`, like ERC-1155); coupons set aside for a
 * presentation, a listing or an exchange order are counts of their own
 * (`cpnescrow~<classId>~<kind>~<id…>`). Points of a merchant's or an alliance's own point
 * program are held the same way under `ppbal~<programId>~<holder>` and
 * `ppescrow~<programId>~<kind>~<id…>`; an asset id `program:<programId>` names them, any
 * other asset id is a coupon class. Fabric does not let a transaction read its own writes,
 * so every count written here is remembered and answered from memory afterwards.
 *
 * @packageDocumentation
 */
import { safeAdd } from '../ledger/args';
import { InsufficientCouponsError, InsufficientPointsError } from '../ledger/errors';
import { stateKey } from '../ledger/keys';
import { getJson, putJson } from '../ledger/state';
import type { Stub } from '../ledger/stub';
import { parseCouponCount } from './records';

/** Prefix of the asset id of a point program. */
export const PROGRAM_ASSET_PREFIX = 'program:';

/** The key types and the id of an asset's balances and escrows. */
export function assetKeys(assetId: string): { balance: 'cpnbal' | 'ppbal'; escrow: 'cpnescrow' | 'ppescrow'; id: string } {
  return assetId.startsWith(PROGRAM_ASSET_PREFIX)
    ? { balance: 'ppbal', escrow: 'ppescrow', id: assetId.slice(PROGRAM_ASSET_PREFIX.length) }
    : { balance: 'cpnbal', escrow: 'cpnescrow', id: assetId };
}

/** What an escrow holds coupons for. */
export type EscrowKind = 'present' | 'listing' | 'order';

/** Names one escrow of one class. */
export interface CouponEscrow {
  readonly classId: string;
  readonly kind: EscrowKind;
  readonly ids: readonly string[];
}

/** Coupon counts of one transaction. */
export class CouponLedger {
  private readonly written = new Map<string, number>();

  /** @param stub - the transaction's stub */
  constructor(private readonly stub: Stub) {}

  /** @returns the holder's coupons of the class */
  async balance(classId: string, holder: string): Promise<number> {
    return this.count(this.balanceKey(classId, holder));
  }

  /** @returns the coupons held by an escrow */
  async escrowed(escrow: CouponEscrow): Promise<number> {
    return this.count(this.escrowKey(escrow));
  }

  /** Adds coupons to a holder's balance. */
  async credit(classId: string, holder: string, quantity: number): Promise<void> {
    const key = this.balanceKey(classId, holder);
    await this.set(key, safeAdd(await this.count(key), quantity));
  }

  /**
   * Takes coupons from a holder's balance.
   *
   * @throws InsufficientCouponsError when the holder holds fewer
   */
  async debit(classId: string, holder: string, quantity: number): Promise<void> {
    const key = this.balanceKey(classId, holder);
    const held = await this.count(key);
    if (held < quantity && assetKeys(classId).balance === 'ppbal') {
      throw new InsufficientPointsError(`${holder} holds fewer than ${quantity} points of ${classId}`, {
        account: holder,
        needed: quantity,
        available: held,
      });
    }
    if (held < quantity) {
      throw new InsufficientCouponsError(`${holder} holds fewer than ${quantity} of ${classId}`, {
        classId,
        holder,
        needed: quantity,
        available: held,
      });
    }
    await this.set(key, held - quantity);
  }

  /** Moves coupons between holders. @throws InsufficientCouponsError when `from` holds fewer */
  async move(classId: string, from: string, to: string, quantity: number): Promise<void> {
    await this.debit(classId, from, quantity);
    await this.credit(classId, to, quantity);
  }

  /** Moves coupons from a holder into an escrow. @throws InsufficientCouponsError when short */
  async lock(holder: string, escrow: CouponEscrow, quantity: number): Promise<void> {
    await this.debit(escrow.classId, holder, quantity);
    const key = this.escrowKey(escrow);
    await this.set(key, safeAdd(await this.count(key), quantity));
  }

  /**
   * Takes coupons out of an escrow, to a holder or (holder null) out of existence.
   *
   * @throws Error when the escrow holds fewer: callers release only what they locked, so a
   *   shortfall is a defect, not a client error
   */
  async release(escrow: CouponEscrow, holder: string | null, quantity: number): Promise<void> {
    const key = this.escrowKey(escrow);
    const held = await this.count(key);
    if (held < quantity) {
      throw new Error(`escrow of ${escrow.classId} holds ${held} coupons, fewer than ${quantity}`);
    }
    await this.set(key, held - quantity);
    if (holder !== null) {
      await this.credit(escrow.classId, holder, quantity);
    }
  }

  private balanceKey(assetId: string, holder: string): string {
    const keys = assetKeys(assetId);
    return stateKey(this.stub, keys.balance, keys.id, holder);
  }

  private escrowKey(escrow: CouponEscrow): string {
    const keys = assetKeys(escrow.classId);
    return stateKey(this.stub, keys.escrow, keys.id, escrow.kind, ...escrow.ids);
  }

  private async count(key: string): Promise<number> {
    return this.written.get(key) ?? (await getJson(this.stub, key, parseCouponCount))?.quantity ?? 0;
  }

  private async set(key: string, quantity: number): Promise<void> {
    this.written.set(key, quantity);
    // An empty count is deleted so that scans of a class only meet live holdings.
    await (quantity === 0 ? this.stub.deleteState(key) : putJson(this.stub, key, { quantity }));
  }
}
