/**
 * Records of the coupons module as stored in world state and returned to clients, with a
 * validating parser for each (stored bytes are untrusted until checked), declared by shape with
 * ledger/schema.ts.
 *
 * @packageDocumentation
 */
import { readFields } from '../ledger/reader';
import { count, flag, nested, oneOf, positive, record, text, textList, textOrNull } from '../ledger/schema';

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
 * @param value - decoded JSON
 * @returns the acceptance rule
 * @throws Error when the shape is wrong
 */
export function parseAcceptance(value: unknown): Acceptance {
  const f = readFields(value, 'acceptance');
  const kind = oneOf(['issuer', 'merchants', 'alliance'] as const)(f, 'kind');
  if (kind === 'merchants') {
    return { kind, merchants: textList(f, 'merchants') };
  }
  return kind === 'alliance' ? { kind, allianceId: f.string('allianceId') } : { kind };
}

/** Checks a coupon class. */
export const parseCouponClass = record<CouponClass>('coupon class', {
  classId: text,
  issuer: text,
  name: text,
  faceValueFen: positive,
  supply: count,
  allocated: count,
  revoked: count,
  validFrom: text,
  validUntil: text,
  minSpendFen: count,
  acceptance: nested(parseAcceptance),
  rebateBps: count,
  transferable: flag,
  resellable: flag,
  createdAt: text,
  txId: text,
});

/** Checks a coupon count. */
export const parseCouponCount = record<CouponCount>('coupon count', { quantity: count });

/** Checks a claim pool. */
export const parseClaim = record<Claim>('claim', {
  claimId: text,
  classId: text,
  issuer: text,
  perPerson: positive,
  total: positive,
  claimed: count,
  open: flag,
  openedAt: text,
});

/** Checks a presentation. */
export const parsePresentation = record<Presentation>('presentation', {
  merchantId: text,
  orderId: text,
  classId: text,
  holder: text,
  status: oneOf(PRESENTATION_STATUSES),
  presentedAt: text,
  txId: text,
});

/** Checks a coupon redemption. */
export const parseCouponRedemption = record<CouponRedemption>('coupon redemption', {
  requestId: text,
  merchantId: text,
  orderId: text,
  classId: text,
  issuer: text,
  holder: text,
  amountFen: count,
  faceValueFen: count,
  payFen: count,
  occurredAt: text,
  rebateFen: count,
  payableDay: textOrNull,
  txId: text,
  time: text,
});

/** Checks an alliance. */
export const parseAlliance = record<Alliance>('alliance', {
  allianceId: text,
  name: text,
  founder: text,
  members: textList,
  invited: textList,
  createdAt: text,
});

/** Checks a payable. */
export const parsePayable = record<Payable>('payable', {
  from: text,
  to: text,
  amountFen: count,
  classId: text,
  orderId: text,
  occurredAt: text,
});

/** Checks a clearing statement. */
export const parseClearing = record<Clearing>('clearing', {
  requestId: text,
  day: text,
  merchantA: text,
  merchantB: text,
  payables: count,
  aOwesBFen: count,
  bOwesAFen: count,
  netFen: count,
  netFrom: textOrNull,
  netTo: textOrNull,
  txId: text,
  time: text,
});
