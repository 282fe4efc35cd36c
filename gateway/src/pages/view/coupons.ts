import { type JsonObject, numberAt, textAt } from './json.js';
import type { NamedPayload } from './market.js';

/*
 * A merchant's coupon business as its own events show it: the classes it issued, the claims it
 * opened, the coupons it redeemed and the rebates it owes. The ledger answers claims and redemptions
 * one by one, so the lists are those of the merchant's own writes (docs/coupons.md).
 */

/** A class's acceptance as `POST /v1/coupons/classes` takes it (docs/coupons.md, "Coupon classes"). */
export type Acceptance =
  | { readonly kind: 'issuer' }
  | { readonly kind: 'merchants'; readonly merchants: readonly string[] }
  | { readonly kind: 'alliance'; readonly allianceId: string };

/**
 * The acceptance of a form: `kind` and the accepting merchants (comma or space separated) or the
 * alliance id; null when the kind needs a list or an id that is missing.
 */
export function acceptanceOf(kind: string, accepted: string): Acceptance | null {
  const names = accepted
    .split(/[\s,，]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (kind === 'merchants') {
    return names.length === 0 ? null : { kind, merchants: [...new Set(names)] };
  }
  if (kind === 'alliance') {
    return names.length === 1 && names[0] !== undefined ? { kind, allianceId: names[0] } : null;
  }
  return { kind: 'issuer' };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].filter((value) => value !== '' && value !== '–');
}

/** The classes the member issued or redeemed coupons of, in the order they first appear. */
export function classIdsOf(events: readonly NamedPayload[]): string[] {
  return unique(events.filter((e) => e.name === 'CreateClass' || e.name === 'RedeemCoupon').map((e) => textAt(e.payload, 'classId')));
}

/** The claims the member opened on a class, oldest first. */
export function claimIdsOf(events: readonly NamedPayload[], classId: string): string[] {
  return unique(
    events.filter((e) => e.name === 'OpenClaim' && textAt(e.payload, 'classId') === classId).map((e) => textAt(e.payload, 'claimId')),
  );
}

/** The redemptions of a class the member confirmed, newest first. */
export function redemptionsOf(events: readonly NamedPayload[], classId: string): JsonObject[] {
  return events
    .filter((e) => e.name === 'RedeemCoupon' && textAt(e.payload, 'classId') === classId)
    .map((e) => e.payload)
    .reverse();
}

/** A merchant pair's day of payables: what a clearing statement nets. */
export interface PayablePair {
  readonly day: string;
  readonly merchantA: string;
  readonly merchantB: string;
}

/**
 * The pair-days the member's redemptions owe rebates on (another issuer's coupon), newest first; the
 * pair sorted as the ledger keys it.
 */
export function payablePairsOf(events: readonly NamedPayload[], me: string): PayablePair[] {
  const seen = new Set<string>();
  const pairs: PayablePair[] = [];
  for (const { name, payload } of [...events].reverse()) {
    const issuer = textAt(payload, 'issuer');
    if (name !== 'RedeemCoupon' || issuer === me || (numberAt(payload, 'rebateFen') ?? 0) <= 0) {
      continue;
    }
    const [merchantA, merchantB] = [me, issuer].sort() as [string, string];
    const pair = { day: textAt(payload, 'payableDay'), merchantA, merchantB };
    const id = `${pair.day}/${merchantA}/${merchantB}`;
    if (!seen.has(id)) {
      seen.add(id);
      pairs.push(pair);
    }
  }
  return pairs;
}
