/**
 * Records of the coupons module as stored in world state and returned to clients, with a
 * validating parser for each (stored bytes are untrusted until checked).
 *
 * @packageDocumentation
 */
import { readFields, type FieldReader } from '../ledger/reader';
import { isJsonObject } from '../ledger/state';

/** Which merchants accept a class besides its issuer. */
export type Acceptance =
  | { readonly kind: 'issuer' }
  | { readonly kind: 'merchants'; readonly merchants: readonly string[] }
  | { readonly kind: 'alliance'; readonly allianceId: string };

/** `cpnclass~<classId>`. */
export type CouponClass = {
  readonly classId: string;
  readonly issuer: string;
  readonly name: string;
  readonly faceValueFen: number;
  /** Coupons that may ever exist: issued by IssueMore, lowered by RevokeUnissued. */
  readonly supply: number;
  /** Coupons taken out of the unissued pool: sent to holders or reserved by claims. */
  readonly allocated: number;
  readonly revoked: number;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly minSpendFen: number;
  readonly acceptance: Acceptance;
  readonly rebateBps: number;
  readonly transferable: boolean;
  readonly resellable: boolean;
  readonly createdAt: string;
  readonly txId: string;
};

/** A coupon count: a holder's balance, an escrow, a burn line or a per-person claim count. */
export type CouponCount = { readonly quantity: number };

/** `cpnclaim~<claimId>`: a pool of reserved coupons that consumers claim. */
export type Claim = {
  readonly claimId: string;
  readonly classId: string;
  readonly issuer: string;
  readonly perPerson: number;
  readonly total: number;
  readonly claimed: number;
  readonly open: boolean;
  readonly openedAt: string;
};

/** Status of a coupon presented for an order. */
export type PresentationStatus = 'PRESENTED' | 'REDEEMED' | 'WITHDRAWN';

/** `cpnpresent~<merchantId>~<orderId>`: a coupon the holder authorised for one order. */
export type Presentation = {
  readonly merchantId: string;
  readonly orderId: string;
  readonly classId: string;
  readonly holder: string;
  readonly status: PresentationStatus;
  readonly presentedAt: string;
  readonly txId: string;
};

/** `cpnredeem~<merchantId>~<orderId>`, also the result of RedeemCoupon. */
export type CouponRedemption = {
  readonly requestId: string;
  readonly merchantId: string;
  readonly orderId: string;
  readonly classId: string;
  readonly issuer: string;
  readonly holder: string;
  readonly amountFen: number;
  readonly faceValueFen: number;
  readonly payFen: number;
  readonly occurredAt: string;
  readonly rebateFen: number;
  /** Clearing day of the rebate payable, null when the merchant is the issuer. */
  readonly payableDay: string | null;
  readonly txId: string;
  readonly time: string;
};

/** `cpnalliance~<allianceId>`. */
export type Alliance = {
  readonly allianceId: string;
  readonly name: string;
  readonly founder: string;
  readonly members: readonly string[];
  readonly invited: readonly string[];
  readonly createdAt: string;
};

/** `cpnpayable~<day>~<low>~<high>~<txId>`: one amount owed between two merchants. */
export type Payable = {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
  readonly classId: string;
  readonly orderId: string;
  readonly occurredAt: string;
};

/** `cpnclearing~<day>~<low>~<high>`, also the result of ClearDay. */
export type Clearing = {
  readonly requestId: string;
  readonly day: string;
  readonly merchantA: string;
  readonly merchantB: string;
  readonly payables: number;
  readonly aOwesBFen: number;
  readonly bOwesAFen: number;
  readonly netFen: number;
  readonly netFrom: string | null;
  readonly netTo: string | null;
  readonly txId: string;
  readonly time: string;
};

const PRESENTATION_STATUSES: readonly PresentationStatus[] = ['PRESENTED', 'REDEEMED', 'WITHDRAWN'];

/**
 * Reads a string field that must be one of `allowed`.
 *
 * @throws Error when it is not
 */
export function oneOf<T extends string>(f: FieldReader, name: string, allowed: readonly T[]): T {
  const value = f.string(name);
  const known = allowed.find((item) => item === value);
  if (known === undefined) {
    throw new Error(`${name} is not one of ${allowed.join(', ')}`);
  }
  return known;
}

function text(value: unknown): string {
  if (typeof value !== 'string') {
    throw new Error('not a string');
  }
  return value;
}

/**
 * @param value - decoded JSON
 * @returns the acceptance rule
 * @throws Error when the shape is wrong
 */
export function parseAcceptance(value: unknown): Acceptance {
  if (!isJsonObject(value)) {
    throw new Error('acceptance is not an object');
  }
  const f = readFields(value, 'acceptance');
  const kind = oneOf(f, 'kind', ['issuer', 'merchants', 'alliance'] as const);
  if (kind === 'merchants') {
    return { kind, merchants: f.list('merchants', text) };
  }
  return kind === 'alliance' ? { kind, allianceId: f.string('allianceId') } : { kind };
}

/** @returns the class @throws Error when the shape is wrong */
export function parseCouponClass(value: unknown): CouponClass {
  const f = readFields(value, 'coupon class');
  if (!isJsonObject(value)) {
    throw new Error('coupon class is not an object');
  }
  return {
    classId: f.string('classId'),
    issuer: f.string('issuer'),
    name: f.string('name'),
    faceValueFen: f.integer('faceValueFen', 1),
    supply: f.integer('supply'),
    allocated: f.integer('allocated'),
    revoked: f.integer('revoked'),
    validFrom: f.string('validFrom'),
    validUntil: f.string('validUntil'),
    minSpendFen: f.integer('minSpendFen'),
    acceptance: parseAcceptance(value.acceptance),
    rebateBps: f.integer('rebateBps'),
    transferable: f.boolean('transferable'),
    resellable: f.boolean('resellable'),
    createdAt: f.string('createdAt'),
    txId: f.string('txId'),
  };
}

/** @returns the count @throws Error when the shape is wrong */
export function parseCouponCount(value: unknown): CouponCount {
  return { quantity: readFields(value, 'coupon count').integer('quantity') };
}

/** @returns the claim @throws Error when the shape is wrong */
export function parseClaim(value: unknown): Claim {
  const f = readFields(value, 'claim');
  return {
    claimId: f.string('claimId'),
    classId: f.string('classId'),
    issuer: f.string('issuer'),
    perPerson: f.integer('perPerson', 1),
    total: f.integer('total', 1),
    claimed: f.integer('claimed'),
    open: f.boolean('open'),
    openedAt: f.string('openedAt'),
  };
}

/** @returns the presentation @throws Error when the shape is wrong */
export function parsePresentation(value: unknown): Presentation {
  const f = readFields(value, 'presentation');
  return {
    merchantId: f.string('merchantId'),
    orderId: f.string('orderId'),
    classId: f.string('classId'),
    holder: f.string('holder'),
    status: oneOf(f, 'status', PRESENTATION_STATUSES),
    presentedAt: f.string('presentedAt'),
    txId: f.string('txId'),
  };
}

/** @returns the redemption @throws Error when the shape is wrong */
export function parseCouponRedemption(value: unknown): CouponRedemption {
  const f = readFields(value, 'coupon redemption');
  return {
    requestId: f.string('requestId'),
    merchantId: f.string('merchantId'),
    orderId: f.string('orderId'),
    classId: f.string('classId'),
    issuer: f.string('issuer'),
    holder: f.string('holder'),
    amountFen: f.integer('amountFen'),
    faceValueFen: f.integer('faceValueFen'),
    payFen: f.integer('payFen'),
    occurredAt: f.string('occurredAt'),
    rebateFen: f.integer('rebateFen'),
    payableDay: f.stringOrNull('payableDay'),
    txId: f.string('txId'),
    time: f.string('time'),
  };
}

/** @returns the alliance @throws Error when the shape is wrong */
export function parseAlliance(value: unknown): Alliance {
  const f = readFields(value, 'alliance');
  return {
    allianceId: f.string('allianceId'),
    name: f.string('name'),
    founder: f.string('founder'),
    members: f.list('members', text),
    invited: f.list('invited', text),
    createdAt: f.string('createdAt'),
  };
}

/** @returns the payable @throws Error when the shape is wrong */
export function parsePayable(value: unknown): Payable {
  const f = readFields(value, 'payable');
  return {
    from: f.string('from'),
    to: f.string('to'),
    amountFen: f.integer('amountFen'),
    classId: f.string('classId'),
    orderId: f.string('orderId'),
    occurredAt: f.string('occurredAt'),
  };
}

/** @returns the clearing statement @throws Error when the shape is wrong */
export function parseClearing(value: unknown): Clearing {
  const f = readFields(value, 'clearing');
  return {
    requestId: f.string('requestId'),
    day: f.string('day'),
    merchantA: f.string('merchantA'),
    merchantB: f.string('merchantB'),
    payables: f.integer('payables'),
    aOwesBFen: f.integer('aOwesBFen'),
    bOwesAFen: f.integer('bOwesAFen'),
    netFen: f.integer('netFen'),
    netFrom: f.stringOrNull('netFrom'),
    netTo: f.stringOrNull('netTo'),
    txId: f.string('txId'),
    time: f.string('time'),
  };
}
