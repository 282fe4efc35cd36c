/**
 * Records of the shelf module and the parsers that check them when read back.
 *
 * @packageDocumentation
 */
import { readFields } from '../ledger/reader';
import type { Parser } from '../ledger/state';
import type { SaleLine } from './lines';

/** What a matching-board post offers: a site, a supply offer or an operator's request. */
export const POST_KINDS = ['site', 'offer', 'request'] as const;
/** A kind of post. */
export type PostKind = (typeof POST_KINDS)[number];

/** One SKU of a supply offer. */
export type OfferSku = { readonly sku: string; readonly costFen: number };

/** A matching-board post; fields that do not belong to its kind are null (or empty). */
export type Post = {
  readonly kind: PostKind;
  readonly postId: string;
  readonly owner: string;
  readonly city: string;
  readonly location: string | null;
  readonly footfall: number | null;
  readonly desiredShareBps: number | null;
  readonly skus: readonly OfferSku[];
  readonly description: string | null;
  readonly postedAt: string;
  readonly txId: string;
};

/** Where a post is filed, by kind and id, so ids stay unique across cities. */
export type PostIndex = { readonly city: string; readonly owner: string };

/** A shelf: its operator and agreement versions. */
export type ShelfHead = {
  readonly shelfId: string;
  readonly operator: string;
  readonly latestVersion: number;
  readonly activeVersion: number | null;
};

/** Life of an agreement version. */
export type AgreementStatus = 'proposed' | 'active' | 'declined' | 'superseded';

/** One version of a shelf agreement. */
export type Agreement = {
  readonly shelfId: string;
  readonly version: number;
  readonly operator: string;
  readonly siteId: string;
  readonly siteProvider: string;
  readonly supplier: string;
  readonly supplierBps: number;
  readonly operatorBps: number;
  readonly siteBps: number;
  readonly feeBps: number;
  readonly status: AgreementStatus;
  readonly operatorSignedAt: string | null;
  readonly siteProviderSignedAt: string | null;
  readonly supplierSignedAt: string | null;
  readonly proposedAt: string;
  /** When it became active, declined or superseded. */
  readonly changedAt: string | null;
  readonly changedBy: string | null;
  readonly txId: string;
};

/** A device bound to a shelf. */
export type Device = {
  readonly deviceId: string;
  readonly shelfId: string;
  readonly operator: string;
  readonly registeredAt: string;
  readonly txId: string;
};

/**
 * The operator a device named with its own certificate: the only operator that may bind it.
 * Every shelf operator is enrolled by the same retail CA as every device, so the certificate
 * alone cannot tell whose device it is; the device's own signature can.
 */
export type DeviceClaim = {
  readonly deviceId: string;
  readonly operator: string;
  readonly claimedAt: string;
  readonly txId: string;
};

/** A recorded sale, found by its id; `day` is the settlement day it is counted in. */
export type StoredSale = SaleLine & {
  readonly day: string;
  readonly deviceId: string;
  readonly batchId: string;
  readonly txId: string;
  readonly refundedBy: string | null;
};

/** Smallest value of a signed amount field. */
export const SIGNED = Number.MIN_SAFE_INTEGER;

/** @returns `value` when it is one of `allowed`; throws otherwise */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((item) => item === value);
  if (found === undefined) throw new Error(`${what} is not one of ${allowed.join(', ')}`);
  return found;
}

const parseSku: Parser<OfferSku> = (value) => {
  const f = readFields(value, 'sku');
  return { sku: f.string('sku'), costFen: f.integer('costFen') };
};

/** @returns the checked post */
export const parsePost: Parser<Post> = (value) => {
  const f = readFields(value, 'post');
  return {
    kind: oneOf(f.string('kind'), POST_KINDS, 'post.kind'),
    postId: f.string('postId'),
    owner: f.string('owner'),
    city: f.string('city'),
    location: f.stringOrNull('location'),
    footfall: f.integerOrNull('footfall'),
    desiredShareBps: f.integerOrNull('desiredShareBps'),
    skus: f.list('skus', parseSku),
    description: f.stringOrNull('description'),
    postedAt: f.string('postedAt'),
    txId: f.string('txId'),
  };
};

/** @returns the checked post index entry */
export const parsePostIndex: Parser<PostIndex> = (value) => {
  const f = readFields(value, 'post index');
  return { city: f.string('city'), owner: f.string('owner') };
};

/** @returns the checked shelf head */
export const parseShelfHead: Parser<ShelfHead> = (value) => {
  const f = readFields(value, 'shelf');
  return {
    shelfId: f.string('shelfId'),
    operator: f.string('operator'),
    latestVersion: f.integer('latestVersion', 1),
    activeVersion: f.integerOrNull('activeVersion'),
  };
};

/** @returns the checked agreement */
export const parseAgreement: Parser<Agreement> = (value) => {
  const f = readFields(value, 'agreement');
  return {
    shelfId: f.string('shelfId'),
    version: f.integer('version', 1),
    operator: f.string('operator'),
    siteId: f.string('siteId'),
    siteProvider: f.string('siteProvider'),
    supplier: f.string('supplier'),
    supplierBps: f.integer('supplierBps'),
    operatorBps: f.integer('operatorBps'),
    siteBps: f.integer('siteBps'),
    feeBps: f.integer('feeBps'),
    status: oneOf(f.string('status'), ['proposed', 'active', 'declined', 'superseded'] as const, 'agreement.status'),
    operatorSignedAt: f.stringOrNull('operatorSignedAt'),
    siteProviderSignedAt: f.stringOrNull('siteProviderSignedAt'),
    supplierSignedAt: f.stringOrNull('supplierSignedAt'),
    proposedAt: f.string('proposedAt'),
    changedAt: f.stringOrNull('changedAt'),
    changedBy: f.stringOrNull('changedBy'),
    txId: f.string('txId'),
  };
};

/** @returns the checked device binding */
export const parseDevice: Parser<Device> = (value) => {
  const f = readFields(value, 'device');
  return {
    deviceId: f.string('deviceId'),
    shelfId: f.string('shelfId'),
    operator: f.string('operator'),
    registeredAt: f.string('registeredAt'),
    txId: f.string('txId'),
  };
};

/** @returns the checked device claim */
export const parseDeviceClaim: Parser<DeviceClaim> = (value) => {
  const f = readFields(value, 'device claim');
  return {
    deviceId: f.string('deviceId'),
    operator: f.string('operator'),
    claimedAt: f.string('claimedAt'),
    txId: f.string('txId'),
  };
};

/** @returns the checked sales line */
export const parseSaleLine: Parser<SaleLine> = (value) => {
  const f = readFields(value, 'sales line');
  return {
    saleId: f.string('saleId'),
    sku: f.string('sku'),
    qty: f.integer('qty', SIGNED),
    amountFen: f.integer('amountFen', SIGNED),
    costFen: f.integer('costFen', SIGNED),
    occurredAt: f.string('occurredAt'),
    refundOf: f.stringOrNull('refundOf'),
  };
};

/** @returns the checked stored sale */
export const parseStoredSale: Parser<StoredSale> = (value) => {
  const f = readFields(value, 'sale');
  return {
    ...parseSaleLine(value),
    day: f.string('day'),
    deviceId: f.string('deviceId'),
    batchId: f.string('batchId'),
    txId: f.string('txId'),
    refundedBy: f.stringOrNull('refundedBy'),
  };
};
