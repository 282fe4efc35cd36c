import { array, integer, nullable, object, string } from '../contract/decode';

/*
 * Result shapes of the `shelf` contract, as listed in docs/shelf.md ("Transactions"): every answer the
 * gateway gets is decoded with one. A type code needs is derived from its decoder, so the two cannot
 * drift apart.
 */

export const postResult = object({
  kind: string,
  postId: string,
  owner: string,
  city: string,
  location: nullable(string),
  footfall: nullable(integer),
  desiredShareBps: nullable(integer),
  skus: array(object({ sku: string, costFen: integer })),
  description: nullable(string),
  postedAt: string,
  txId: string,
});

export const postPageResult = object({ items: array(postResult), bookmark: string });

/** The profit split's fields, which an agreement fixes and its statements repeat. */
const splitFields = { supplierBps: integer, operatorBps: integer, siteBps: integer, feeBps: integer };

export const agreementResult = object({
  shelfId: string,
  version: integer,
  operator: string,
  siteId: string,
  siteProvider: string,
  supplier: string,
  ...splitFields,
  status: string,
  operatorSignedAt: nullable(string),
  siteProviderSignedAt: nullable(string),
  supplierSignedAt: nullable(string),
  proposedAt: string,
  changedAt: nullable(string),
  changedBy: nullable(string),
  txId: string,
});

export const shelfResult = object({
  shelfId: string,
  operator: string,
  latestVersion: integer,
  activeVersion: nullable(integer),
  agreements: array(agreementResult),
});

export const deviceResult = object({ deviceId: string, shelfId: string, operator: string, registeredAt: string, txId: string });

export const deviceClaimResult = object({ deviceId: string, operator: string, claimedAt: string, txId: string });

export const unboundDeviceResult = object({
  deviceId: string,
  shelfId: string,
  operator: string,
  registeredAt: string,
  unboundAt: string,
  txId: string,
});

export const salesBatchResult = object({
  batchId: string,
  shelfId: string,
  deviceId: string,
  recorded: array(object({ saleId: string, day: string, occurredDay: string })),
  duplicates: array(string),
  txId: string,
  time: string,
});

export const saleLineResult = object({
  saleId: string,
  sku: string,
  qty: integer,
  amountFen: integer,
  costFen: integer,
  occurredAt: string,
  refundOf: nullable(string),
});

const statementFields = {
  shelfId: string,
  day: string,
  version: integer,
  operator: string,
  siteProvider: string,
  supplier: string,
  ...splitFields,
  revenueFen: integer,
  costFen: integer,
  feeFen: integer,
  profitFen: integer,
  supplierFen: integer,
  operatorFen: integer,
  siteFen: integer,
  operatorLossFen: integer,
  lines: integer,
  adjustmentLines: integer,
  adjustmentDays: array(string),
  salesHash: string,
  status: string,
  settledAt: string,
  settledBy: string,
  disputeUntil: string,
  disputedBy: nullable(string),
  disputeReason: nullable(string),
  resolution: nullable(string),
  resolutionNote: nullable(string),
  resolvedAt: nullable(string),
  transferRef: nullable(string),
  paidAt: nullable(string),
  txId: string,
};

export const statementResult = object(statementFields);

export const statementDetailResult = object({ statement: statementResult, salesLines: array(saleLineResult) });

export const reportResult = object({
  party: string,
  from: string,
  to: string,
  statements: array(
    object({ ...statementFields, partyRole: string, partyAmountFen: integer, salesLinesFrom: integer, salesLines: array(saleLineResult) }),
  ),
  totals: object({ pendingFen: integer, disputedFen: integer, paidFen: integer }),
  bookmark: string,
});
export type Report = ReturnType<typeof reportResult>;
