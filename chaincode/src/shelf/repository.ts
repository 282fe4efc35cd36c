/**
 * World-state access of the shelf module: keys built only through ledger/keys.ts, values
 * written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import { partialKey, stateKey } from '../ledger/keys';
import { readPage, type Page } from '../ledger/paging';
import { scanRange } from '../ledger/scan';
import { getJson, putJson } from '../ledger/state';
import type { Stub } from '../points/repository';
import type { SaleLine } from './lines';
import {
  parseAgreement,
  parseDevice,
  parsePost,
  parsePostIndex,
  parseSaleLine,
  parseShelfHead,
  parseStoredSale,
  type Agreement,
  type Device,
  type Post,
  type PostIndex,
  type PostKind,
  type ShelfHead,
  type StoredSale,
} from './records';
import { parseStatement, parseStatementIndex, type Statement, type StatementIndex } from './statement';

/** Agreement versions are padded so that keys sort in version order. */
function versionPart(version: number): string {
  return String(version).padStart(6, '0');
}

/** @returns where a post of that kind and id is filed, or undefined */
export async function readPostIndex(stub: Stub, kind: PostKind, postId: string): Promise<PostIndex | undefined> {
  return getJson(stub, stateKey(stub, 'shelfpostid', kind, postId), parsePostIndex);
}

/** Writes a new post and its index entry. */
export async function writePost(stub: Stub, post: Post): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfpost', post.kind, post.city, post.postId), post);
  await putJson(stub, stateKey(stub, 'shelfpostid', post.kind, post.postId), { city: post.city, owner: post.owner });
}

/** One page of posts of a kind, in one city or (city `""`) all of them. */
export async function pagePosts(stub: Stub, kind: PostKind, city: string, pageSize: number, bookmark: unknown): Promise<Page<Post>> {
  const range = city === '' ? partialKey('shelfpost', kind) : partialKey('shelfpost', kind, city);
  return readPage(stub, range, pageSize, bookmark, parsePost);
}

/** @returns the shelf, or undefined */
export async function readShelf(stub: Stub, shelfId: string): Promise<ShelfHead | undefined> {
  return getJson(stub, stateKey(stub, 'shelf', shelfId), parseShelfHead);
}

/** Writes a shelf head. */
export async function writeShelf(stub: Stub, shelf: ShelfHead): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelf', shelf.shelfId), shelf);
}

/** @returns one agreement version, or undefined */
export async function readAgreement(stub: Stub, shelfId: string, version: number): Promise<Agreement | undefined> {
  return getJson(stub, stateKey(stub, 'shelfagreement', shelfId, versionPart(version)), parseAgreement);
}

/** Writes an agreement version. */
export async function writeAgreement(stub: Stub, agreement: Agreement): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfagreement', agreement.shelfId, versionPart(agreement.version)), agreement);
}

/** @returns every version of a shelf's agreement, oldest first */
export async function readAgreements(stub: Stub, shelfId: string): Promise<Agreement[]> {
  return (await scanRange(stub, partialKey('shelfagreement', shelfId), parseAgreement)).map((record) => record.value);
}

/** @returns a device's binding, or undefined */
export async function readDevice(stub: Stub, deviceId: string): Promise<Device | undefined> {
  return getJson(stub, stateKey(stub, 'shelfdevice', deviceId), parseDevice);
}

/** Writes a device binding. */
export async function writeDevice(stub: Stub, device: Device): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfdevice', device.deviceId), device);
}

/** @returns a shelf's sale by id, or undefined */
export async function readSale(stub: Stub, shelfId: string, saleId: string): Promise<StoredSale | undefined> {
  return getJson(stub, stateKey(stub, 'shelfsale', shelfId, saleId), parseStoredSale);
}

/**
 * Writes a sale by id and, when new, its line in the bucket of the day it is settled in.
 *
 * @param stub - normally `ctx.stub`
 * @param shelfId - the shelf
 * @param sale - the sale
 * @param isNew - false when only `refundedBy` changes
 */
export async function writeSale(stub: Stub, shelfId: string, sale: StoredSale, isNew: boolean): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfsale', shelfId, sale.saleId), sale);
  if (isNew) {
    const line: SaleLine = {
      saleId: sale.saleId,
      sku: sale.sku,
      qty: sale.qty,
      amountFen: sale.amountFen,
      costFen: sale.costFen,
      occurredAt: sale.occurredAt,
      refundOf: sale.refundOf,
    };
    await putJson(stub, stateKey(stub, 'shelfline', shelfId, sale.day, sale.saleId), line);
  }
}

/** @returns every line counted in a shelf-day, in sale id order */
export async function readDayLines(stub: Stub, shelfId: string, day: string): Promise<SaleLine[]> {
  return (await scanRange(stub, partialKey('shelfline', shelfId, day), parseSaleLine)).map((record) => record.value);
}

/** @returns a shelf-day's statement, or undefined */
export async function readStatement(stub: Stub, shelfId: string, day: string): Promise<Statement | undefined> {
  return getJson(stub, stateKey(stub, 'shelfstmt', shelfId, day), parseStatement);
}

/**
 * Writes a statement; the first write also files it under each of its three parties.
 *
 * @param stub - normally `ctx.stub`
 * @param statement - the statement
 * @param isNew - true at settlement
 */
export async function writeStatement(stub: Stub, statement: Statement, isNew = false): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfstmt', statement.shelfId, statement.day), statement);
  if (isNew) {
    const entry = { shelfId: statement.shelfId, day: statement.day };
    for (const party of new Set([statement.operator, statement.siteProvider, statement.supplier])) {
      await putJson(stub, stateKey(stub, 'shelfstmtby', party, statement.day, statement.shelfId), entry);
    }
  }
}

/** @returns a party's statement pointers of one day */
export async function readPartyDay(stub: Stub, party: string, day: string): Promise<StatementIndex[]> {
  return (await scanRange(stub, partialKey('shelfstmtby', party, day), parseStatementIndex)).map((record) => record.value);
}
