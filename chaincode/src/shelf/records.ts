/**
 * Records of the shelf module and the parsers that check them when read back, declared by shape
 * with ledger/schema.ts.
 *
 * @packageDocumentation
 */
import { count, countOrNull, listOf, oneOf, positive, record, type Shape, signed, text, textOrNull } from '../ledger/schema';
import type { SaleLine } from './lines';
import type { Split } from './settlement';

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

/** One version of a shelf agreement: the parties and the split they sign. */
export type Agreement = Split & {
  readonly shelfId: string;
  readonly version: number;
  readonly operator: string;
  readonly siteId: string;
  readonly siteProvider: string;
  readonly supplier: string;
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

const parseSku = record<OfferSku>('sku', { sku: text, costFen: count });

/** Checks a post. */
export const parsePost = record<Post>('post', {
  kind: oneOf(POST_KINDS),
  postId: text,
  owner: text,
  city: text,
  location: textOrNull,
  footfall: countOrNull,
  desiredShareBps: countOrNull,
  skus: listOf(parseSku),
  description: textOrNull,
  postedAt: text,
  txId: text,
});

/** Checks a post index entry. */
export const parsePostIndex = record<PostIndex>('post index', { city: text, owner: text });

/** Checks a shelf head. */
export const parseShelfHead = record<ShelfHead>('shelf', {
  shelfId: text,
  operator: text,
  latestVersion: positive,
  activeVersion: countOrNull,
});

/** The checks of a profit split's fields, which an agreement fixes and its statements repeat. */
export const SPLIT_SHAPE: Shape<Split> = { supplierBps: count, operatorBps: count, siteBps: count, feeBps: count };

/** Checks an agreement version. */
export const parseAgreement = record<Agreement>('agreement', {
  shelfId: text,
  version: positive,
  operator: text,
  siteId: text,
  siteProvider: text,
  supplier: text,
  ...SPLIT_SHAPE,
  status: oneOf(['proposed', 'active', 'declined', 'superseded'] as const),
  operatorSignedAt: textOrNull,
  siteProviderSignedAt: textOrNull,
  supplierSignedAt: textOrNull,
  proposedAt: text,
  changedAt: textOrNull,
  changedBy: textOrNull,
  txId: text,
});

/** Checks a device binding. */
export const parseDevice = record<Device>('device', {
  deviceId: text,
  shelfId: text,
  operator: text,
  registeredAt: text,
  txId: text,
});

/** Checks a device claim. */
export const parseDeviceClaim = record<DeviceClaim>('device claim', { deviceId: text, operator: text, claimedAt: text, txId: text });

const SALE_LINE_SHAPE: Shape<SaleLine> = {
  saleId: text,
  sku: text,
  qty: signed,
  amountFen: signed,
  costFen: signed,
  occurredAt: text,
  refundOf: textOrNull,
};

/** Checks a sales line. */
export const parseSaleLine = record<SaleLine>('sales line', SALE_LINE_SHAPE);

/** Checks a stored sale. */
export const parseStoredSale = record<StoredSale>('sale', {
  ...SALE_LINE_SHAPE,
  day: text,
  deviceId: text,
  batchId: text,
  txId: text,
  refundedBy: textOrNull,
});
