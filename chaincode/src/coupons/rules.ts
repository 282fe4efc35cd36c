/**
 * Pure rules of the coupons module: argument shapes, validity, acceptance, rebates,
 * netting and the re-check of an exchange ring. No Fabric types, so they test in isolation.
 *
 * @packageDocumentation
 */
import { decodeJson, safeAdd } from '../ledger/args';
import { InvalidArgumentError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { mulDivFloor } from '../ledger/money';
import { isJsonObject } from '../ledger/state';
import type { Acceptance, CouponClass, Payable } from './records';
import type { ExchangeOrder } from './records-trade';

/** Most merchants an acceptance list may name. */
export const MAX_ACCEPTING_MERCHANTS = 64;
/** Most orders one match may join: direct pairs and rings of up to 4 (docs/rules.md#coupons-exchange). */
export const MAX_RING = 4;
/** Rebate when the issuer names none: half the face value (docs/rules.md#coupons-classes). */
export const DEFAULT_REBATE_BPS = 5000;

/**
 * Parses the acceptance argument: `{"kind":"issuer"}`, `{"kind":"merchants","merchants":[…]}`
 * or `{"kind":"alliance","allianceId":"…"}`. Merchant lists are sorted and de-duplicated so
 * that the stored record does not depend on the order a client wrote them in.
 *
 * @param json - the argument as received
 * @returns the rule
 * @throws InvalidArgumentError when it is none of these shapes
 */
export function parseAcceptanceArg(json: string): Acceptance {
  const bad = (): InvalidArgumentError =>
    new InvalidArgumentError(
      'acceptance must be {"kind":"issuer"}, {"kind":"merchants","merchants":[…]} or {"kind":"alliance","allianceId":"…"}',
      {
        field: 'acceptance',
      },
    );
  const value = decodeJson(json);
  if (!isJsonObject(value)) {
    throw bad();
  }
  const keys = Object.keys(value).sort().join(',');
  if (value.kind === 'issuer' && keys === 'kind') {
    return { kind: 'issuer' };
  }
  if (value.kind === 'alliance' && keys === 'allianceId,kind') {
    return { kind: 'alliance', allianceId: requireKeyPart(value.allianceId, 'acceptance.allianceId') };
  }
  const list: unknown = value.merchants;
  if (value.kind === 'merchants' && keys === 'kind,merchants' && Array.isArray(list)) {
    const items: unknown[] = list;
    if (items.length === 0 || items.length > MAX_ACCEPTING_MERCHANTS) {
      throw bad();
    }
    const merchants = [...new Set(items.map((item) => requireKeyPart(item, 'acceptance.merchants')))].sort();
    return { kind: 'merchants', merchants };
  }
  throw bad();
}

/**
 * @param value - `"true"` or `"false"`
 * @param field - argument name reported in the error
 * @returns the flag
 * @throws InvalidArgumentError otherwise
 */
export function parseFlag(value: unknown, field: string): boolean {
  if (value !== 'true' && value !== 'false') {
    throw new InvalidArgumentError(`${field} must be "true" or "false"`, { field });
  }
  return value === 'true';
}

/** Where an instant lies relative to a class's validity window `[validFrom, validUntil)`. */
export type Validity = 'NOT_YET_VALID' | 'VALID' | 'EXPIRED';

/**
 * @param coupon - the class
 * @param epochMs - the instant
 * @returns where it lies in the window
 */
export function validityAt(coupon: Pick<CouponClass, 'validFrom' | 'validUntil'>, epochMs: number): Validity {
  if (epochMs < Date.parse(coupon.validFrom)) {
    return 'NOT_YET_VALID';
  }
  return epochMs < Date.parse(coupon.validUntil) ? 'VALID' : 'EXPIRED';
}

/**
 * Whether a merchant accepts a class. The issuer always does; an alliance-wide class is
 * accepted by the alliance's current members.
 *
 * @param coupon - the class
 * @param merchantId - the redeeming merchant
 * @param allianceMembers - members of the class's alliance, when it has one
 * @returns true when accepted
 */
export function accepts(
  coupon: Pick<CouponClass, 'issuer' | 'acceptance'>,
  merchantId: string,
  allianceMembers: readonly string[],
): boolean {
  if (merchantId === coupon.issuer) {
    return true;
  }
  switch (coupon.acceptance.kind) {
    case 'issuer':
      return false;
    case 'merchants':
      return coupon.acceptance.merchants.includes(merchantId);
    case 'alliance':
      return allianceMembers.includes(merchantId);
  }
}

/**
 * @param faceValueFen - the coupon's face value
 * @param rebateBps - share owed to the issuer
 * @returns the rebate in fen, floored (exact although the product can pass 2^53)
 */
export function rebateFen(faceValueFen: number, rebateBps: number): number {
  return mulDivFloor(faceValueFen, rebateBps, 10_000);
}

/**
 * @param a - a merchant
 * @param b - another merchant
 * @returns both, sorted, so that a pair has one key whichever way money flows
 */
export function merchantPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** Gross and net amounts between the two merchants of a pair on one day. */
export interface Netting {
  readonly aOwesBFen: number;
  readonly bOwesAFen: number;
  readonly netFen: number;
  readonly netFrom: string | null;
  readonly netTo: string | null;
}

/**
 * @param pair - the merchants, sorted
 * @param payables - the day's payables between them
 * @returns gross amounts each way and the single net amount
 */
export function netPayables(pair: readonly [string, string], payables: readonly Payable[]): Netting {
  const owed = (from: string): number => payables.filter((p) => p.from === from).reduce((sum, p) => safeAdd(sum, p.amountFen), 0);
  return netOwed(pair, owed(pair[0]), owed(pair[1]));
}

/**
 * @param pair - the merchants, sorted
 * @param aOwesBFen - what the first owes the second in total
 * @param bOwesAFen - what the second owes the first in total
 * @returns gross amounts each way and the single net amount
 */
export function netOwed(pair: readonly [string, string], aOwesBFen: number, bOwesAFen: number): Netting {
  const [a, b] = pair;
  if (aOwesBFen === bOwesAFen) {
    return { aOwesBFen, bOwesAFen, netFen: 0, netFrom: null, netTo: null };
  }
  return aOwesBFen > bOwesAFen
    ? { aOwesBFen, bOwesAFen, netFen: aOwesBFen - bOwesAFen, netFrom: a, netTo: b }
    : { aOwesBFen, bOwesAFen, netFen: bOwesAFen - aOwesBFen, netFrom: b, netTo: a };
}

/** One delivery of an executed ring: what an order's owner receives and gets back. */
export interface RingLeg {
  readonly order: ExchangeOrder;
  /** The order that receives this order's coupons. */
  readonly receiver: ExchangeOrder;
  /** Coupons of `order.giveClassId` delivered to the receiver: its `wantQuantity`. */
  readonly delivered: number;
  /** Coupons of `order.giveClassId` returned to the order's owner. */
  readonly surplus: number;
}

/**
 * Re-checks a proposed ring: order i gives to order i+1, the last to the first. Every order
 * must be open, the orders and their owners distinct, each receiver must want exactly the
 * class the previous order gives, and no receiver may get less than it wants (its limit).
 *
 * @param ring - the orders in ring order
 * @returns the legs, or the first reason the ring is not executable
 */
export function checkRing(ring: readonly ExchangeOrder[]): RingLeg[] | string {
  if (ring.length < 2 || ring.length > MAX_RING) {
    return `a match joins 2 to ${MAX_RING} orders`;
  }
  if (new Set(ring.map((o) => o.orderId)).size !== ring.length || new Set(ring.map((o) => o.owner)).size !== ring.length) {
    return 'the orders and their owners must be distinct';
  }
  const legs: RingLeg[] = [];
  for (const [index, order] of ring.entries()) {
    const receiver = ring[(index + 1) % ring.length] as ExchangeOrder;
    if (order.status !== 'OPEN') {
      return `order ${order.orderId} is ${order.status}`;
    }
    if (order.giveClassId !== receiver.wantClassId) {
      return `order ${receiver.orderId} does not want what order ${order.orderId} gives`;
    }
    if (order.giveQuantity < receiver.wantQuantity) {
      return `order ${order.orderId} gives fewer coupons than order ${receiver.orderId} wants`;
    }
    legs.push({ order, receiver, delivered: receiver.wantQuantity, surplus: order.giveQuantity - receiver.wantQuantity });
  }
  return legs;
}
