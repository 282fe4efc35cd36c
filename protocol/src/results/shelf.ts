/**
 * What each write of the `shelf` contract answers and emits (docs/shelf.md).
 *
 * @packageDocumentation
 */
import { SHELF } from '../contracts/shelf';
import type { WriteName } from '../transactions';
import { DAY, described, INSTANT, INTEGER, listOf, nullable, object, oneOfTexts, type ResultSchema, TEXT } from './schema';

/** A matching-board post; the fields that do not belong to its kind are null (or empty). */
const POST = object({
  kind: oneOfTexts('site', 'offer', 'request'),
  postId: TEXT,
  owner: TEXT,
  city: TEXT,
  location: nullable(TEXT),
  footfall: nullable(INTEGER),
  desiredShareBps: nullable(INTEGER),
  skus: listOf(object({ sku: TEXT, costFen: INTEGER })),
  description: nullable(TEXT),
  postedAt: INSTANT,
  txId: TEXT,
});

/** One version of a shelf agreement. */
const AGREEMENT = object({
  shelfId: TEXT,
  version: INTEGER,
  operator: TEXT,
  siteId: TEXT,
  siteProvider: TEXT,
  supplier: TEXT,
  supplierBps: INTEGER,
  operatorBps: INTEGER,
  siteBps: INTEGER,
  feeBps: INTEGER,
  status: oneOfTexts('proposed', 'active', 'declined', 'superseded'),
  operatorSignedAt: nullable(INSTANT),
  siteProviderSignedAt: nullable(INSTANT),
  supplierSignedAt: nullable(INSTANT),
  proposedAt: INSTANT,
  changedAt: described(nullable(INSTANT), 'When it became active, declined or superseded'),
  changedBy: nullable(TEXT),
  txId: TEXT,
});

const DEVICE = { deviceId: TEXT, shelfId: TEXT, operator: TEXT, registeredAt: INSTANT, txId: TEXT };

/** A shelf-day's settlement statement. */
const STATEMENT = object({
  shelfId: TEXT,
  day: DAY,
  version: described(INTEGER, 'The agreement version it was settled under'),
  operator: TEXT,
  siteProvider: TEXT,
  supplier: TEXT,
  supplierBps: INTEGER,
  operatorBps: INTEGER,
  siteBps: INTEGER,
  feeBps: INTEGER,
  revenueFen: INTEGER,
  costFen: INTEGER,
  feeFen: INTEGER,
  profitFen: INTEGER,
  supplierFen: INTEGER,
  operatorFen: INTEGER,
  siteFen: INTEGER,
  operatorLossFen: INTEGER,
  lines: INTEGER,
  adjustmentLines: INTEGER,
  adjustmentDays: listOf(DAY),
  salesHash: TEXT,
  status: oneOfTexts('pending', 'disputed', 'paid'),
  settledAt: INSTANT,
  settledBy: TEXT,
  disputeUntil: INSTANT,
  disputedBy: nullable(TEXT),
  disputeReason: nullable(TEXT),
  resolution: nullable(oneOfTexts('accept', 'resettle')),
  resolutionNote: nullable(TEXT),
  resolvedAt: nullable(INSTANT),
  transferRef: nullable(TEXT),
  paidAt: nullable(INSTANT),
  txId: TEXT,
});

/** The result of every write of `shelf`, by transaction. */
export const SHELF_RESULTS = {
  PostSite: POST,
  PostOffer: POST,
  PostRequest: POST,
  ProposeAgreement: AGREEMENT,
  SignAgreement: AGREEMENT,
  DeclineAgreement: AGREEMENT,
  ClaimDevice: object({ deviceId: TEXT, operator: TEXT, claimedAt: INSTANT, txId: TEXT }),
  RegisterDevice: object(DEVICE),
  UnbindDevice: object({ ...DEVICE, unboundAt: INSTANT }),
  RecordSales: object({
    batchId: TEXT,
    shelfId: TEXT,
    deviceId: TEXT,
    recorded: listOf(
      object({
        saleId: TEXT,
        day: described(DAY, 'The settlement day it is counted in'),
        occurredDay: described(DAY, 'The day it happened'),
      }),
    ),
    duplicates: described(listOf(TEXT), 'Sale ids recorded before with the same content'),
    txId: TEXT,
    time: INSTANT,
  }),
  SettleDay: STATEMENT,
  RecordPayment: STATEMENT,
  DisputeStatement: STATEMENT,
  ResolveDispute: STATEMENT,
} satisfies Record<WriteName<typeof SHELF>, ResultSchema>;
