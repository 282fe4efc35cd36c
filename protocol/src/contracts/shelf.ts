/**
 * Unmanned shelves: the matching board, agreements, devices, sales and T+1 settlement (docs/rules.md#shelf, docs/shelf.md).
 *
 * @packageDocumentation
 */
import { ACCOUNT_ROLES, defineProtocol, read, SHELF_PARTY_ROLES, write } from '../transactions';

/**
 * Most lines one `RecordSales` batch of a shelf device may carry. The ordering service of the pinned
 * Fabric build refuses envelopes over 500 KiB (its SmartBFT request limit is fixed in that build);
 * the largest batch the REST API lets through — refunds with 64-character ids, each writing its own
 * sale and the refunded one — costs about 2.5 KB of envelope a line, so 180 lines (450 KB) always fit.
 */
export const MAX_SHELF_BATCH_LINES = 180;

/** The `shelf` contract's transactions, callable as `shelf:<Name>`; routes are relative to `/v1/shelf`. */
export const SHELF = defineProtocol('shelf', '/v1/shelf', {
  PostSite: write(
    ['site-provider'],
    ['requestId', 'siteId', 'city', 'location', 'footfall', 'desiredShareBps'],
    'Post a site (site-provider)',
    'POST /sites',
  ),
  PostOffer: write(['supplier'], ['requestId', 'offerId', 'city', 'skusJson'], 'Post a supply offer (supplier)', 'POST /offers'),
  PostRequest: write(
    ['shelf-operator'],
    ['requestId', 'postingId', 'city', 'description'],
    "Post an operator's request (shelf-operator)",
    'POST /requests',
  ),
  ListBoard: read(['kind', 'city', 'pageSize', 'bookmark'], 'One page of a board of a city: sites, offers or requests'),
  ProposeAgreement: write(
    ['shelf-operator'],
    ['requestId', 'shelfId', 'siteId', 'supplier', 'supplierBps', 'operatorBps', 'siteBps', 'feeBps'],
    'Propose a new agreement version (shelf-operator)',
    'POST /shelves/{shelfId}/agreements',
  ),
  SignAgreement: write(
    SHELF_PARTY_ROLES,
    ['requestId', 'shelfId', 'version'],
    'Sign a proposed version (a party, in its own role)',
    'POST /shelves/{shelfId}/agreements/{version}/sign',
  ),
  DeclineAgreement: write(
    SHELF_PARTY_ROLES,
    ['requestId', 'shelfId', 'version'],
    'Decline a proposed version (a party)',
    'POST /shelves/{shelfId}/agreements/{version}/decline',
  ),
  GetShelf: read(['shelfId'], 'A shelf with every agreement version', 'GET /shelves/{shelfId}'),
  ClaimDevice: write(
    ['shelf-device'],
    ['requestId', 'operator'],
    'Name the one operator that may bind the calling device (shelf-device, while unbound)',
    'POST /device-claims',
  ),
  RegisterDevice: write(
    ['shelf-operator'],
    ['requestId', 'shelfId', 'deviceId'],
    'Bind a device that has claimed the caller to the shelf (its operator)',
    'POST /shelves/{shelfId}/devices',
  ),
  UnbindDevice: write(
    ['shelf-operator'],
    ['requestId', 'shelfId', 'deviceId'],
    'End a device binding; the device records no more sales (the shelf operator)',
    'POST /shelves/{shelfId}/devices/{deviceId}/unbind',
  ),
  RecordSales: write(
    ['shelf-device'],
    ['batchId', 'linesJson'],
    "Record a batch of sales lines for the device's shelf (shelf-device); the Idempotency-Key is the batch id",
    'POST /sales',
  ),
  SettleDay: write(
    ACCOUNT_ROLES,
    ['requestId', 'shelfId', 'day'],
    'Settle a shelf-day from the next day 00:00 UTC+8 (any account)',
    'POST /shelves/{shelfId}/days/{day}/settle',
  ),
  RecordPayment: write(
    ['shelf-operator'],
    ['requestId', 'shelfId', 'day', 'transferRef'],
    'Record the fiat transfer once the dispute window (platform parameter disputeWindowSeconds, default 3 days) has closed; pending → paid (the operator)',
    'POST /shelves/{shelfId}/days/{day}/payment',
  ),
  DisputeStatement: write(
    SHELF_PARTY_ROLES,
    ['requestId', 'shelfId', 'day', 'reason'],
    'Dispute a pending statement until its disputeUntil: settlement time + disputeWindowSeconds, default 3 days (a party)',
    'POST /shelves/{shelfId}/days/{day}/dispute',
  ),
  ResolveDispute: write(
    ['admin'],
    ['requestId', 'shelfId', 'day', 'resolution', 'revenueFen', 'costFen', 'note'],
    'Resolve a dispute: accept or resettle (admin)',
    'POST /shelves/{shelfId}/days/{day}/resolution',
  ),
  GetStatement: read(
    ['shelfId', 'day'],
    'A statement with the sales lines it covers (its parties, admin, auditor)',
    'GET /shelves/{shelfId}/days/{day}/statement',
  ),
  GetReport: read(
    ['party', 'from', 'to', 'pageSize', 'bookmark'],
    'One page of the reconciliation report of a party, JSON or CSV (the party, admin, auditor)',
    'GET /reports/{party}',
  ),
});
