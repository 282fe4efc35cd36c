/**
 * Records of the trading side of the coupons module (listings, exchange orders, point
 * programs) as stored in world state and returned to clients, with a validating parser for
 * each.
 *
 * @packageDocumentation
 */
import { readFields } from '../ledger/reader';
import { oneOf } from './records';

/** Lifecycle of a listing or an exchange order. */
export type OfferStatus = 'OPEN' | 'FILLED' | 'CANCELLED';

/** `cpnlisting~<listingId>`: coupons for sale at a price in platform points each. */
export type Listing = {
  readonly listingId: string;
  readonly seller: string;
  readonly classId: string;
  readonly quantity: number;
  readonly remaining: number;
  readonly pricePoints: number;
  readonly status: OfferStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** `cpnorder~<orderId>`: give at most `giveQuantity` of one class for exactly `wantQuantity` of another. */
export type ExchangeOrder = {
  readonly orderId: string;
  readonly owner: string;
  readonly giveClassId: string;
  readonly giveQuantity: number;
  readonly wantClassId: string;
  readonly wantQuantity: number;
  readonly status: OfferStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Transaction of the match that filled it, null while open or when cancelled. */
  readonly matchTxId: string | null;
};

/** `ppprogram~<programId>`: a merchant's or an alliance's own point program. */
export type PointProgram = {
  readonly programId: string;
  readonly name: string;
  /** The registering merchant. */
  readonly owner: string;
  /** The alliance whose members may issue its points, or null when only the owner may. */
  readonly allianceId: string | null;
  /** Value of one point in fen, the unit value the exchange matcher weighs it by. */
  readonly pointValueFen: number;
  readonly issued: number;
  readonly createdAt: string;
  readonly txId: string;
};

const OFFER_STATUSES: readonly OfferStatus[] = ['OPEN', 'FILLED', 'CANCELLED'];

/** @returns the listing @throws Error when the shape is wrong */
export function parseListing(value: unknown): Listing {
  const f = readFields(value, 'listing');
  return {
    listingId: f.string('listingId'),
    seller: f.string('seller'),
    classId: f.string('classId'),
    quantity: f.integer('quantity', 1),
    remaining: f.integer('remaining'),
    pricePoints: f.integer('pricePoints', 1),
    status: oneOf(f, 'status', OFFER_STATUSES),
    createdAt: f.string('createdAt'),
    updatedAt: f.string('updatedAt'),
  };
}

/** @returns the order @throws Error when the shape is wrong */
export function parseExchangeOrder(value: unknown): ExchangeOrder {
  const f = readFields(value, 'exchange order');
  return {
    orderId: f.string('orderId'),
    owner: f.string('owner'),
    giveClassId: f.string('giveClassId'),
    giveQuantity: f.integer('giveQuantity', 1),
    wantClassId: f.string('wantClassId'),
    wantQuantity: f.integer('wantQuantity', 1),
    status: oneOf(f, 'status', OFFER_STATUSES),
    createdAt: f.string('createdAt'),
    updatedAt: f.string('updatedAt'),
    matchTxId: f.stringOrNull('matchTxId'),
  };
}

/** @returns the program @throws Error when the shape is wrong */
export function parsePointProgram(value: unknown): PointProgram {
  const f = readFields(value, 'point program');
  return {
    programId: f.string('programId'),
    name: f.string('name'),
    owner: f.string('owner'),
    allianceId: f.stringOrNull('allianceId'),
    pointValueFen: f.integer('pointValueFen', 1),
    issued: f.integer('issued'),
    createdAt: f.string('createdAt'),
    txId: f.string('txId'),
  };
}
