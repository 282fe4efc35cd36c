/**
 * World-state access of the shelf module: keys built only through ledger/keys.ts, values
 * written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import { partialKey, stateKey } from '../ledger/keys';
import { MAX_PAGE_SIZE, readAll, readPage, type Page } from '../ledger/paging';
import { readFields } from '../ledger/reader';
import { getJson, putJson } from '../ledger/state';
import { LANE_COUNT, creditLane, laneKeyPart } from '../points/lanes';
import type { Stub } from '../points/repository';
import type { SaleLine } from './lines';
import {
  parseAgreement,
  parseDevice,
  parseDeviceClaim,
  parsePost,
  parsePostIndex,
  parseSaleLine,
  parseShelfHead,
  parseStoredSale,
  type Agreement,
  type Device,
  type DeviceClaim,
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

/**
 * Every version of a shelf's agreement, for the GetShelf query. Read page by page: versions
 * only grow, one per proposal.
 *
 * @returns the versions, oldest first
 */
export async function readAgreements(stub: Stub, shelfId: string): Promise<Agreement[]> {
  return readAll(stub, partialKey('shelfagreement', shelfId), parseAgreement);
}

/** @returns a device's binding, or undefined */
export async function readDevice(stub: Stub, deviceId: string): Promise<Device | undefined> {
  return getJson(stub, stateKey(stub, 'shelfdevice', deviceId), parseDevice);
}

/** Writes a device binding. */
export async function writeDevice(stub: Stub, device: Device): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfdevice', device.deviceId), device);
}

/** Removes a device binding; the device's claim stays. */
export async function deleteDevice(stub: Stub, deviceId: string): Promise<void> {
  await stub.deleteState(stateKey(stub, 'shelfdevice', deviceId));
}

/** @returns the operator a device has claimed, or undefined */
export async function readDeviceClaim(stub: Stub, deviceId: string): Promise<DeviceClaim | undefined> {
  return getJson(stub, stateKey(stub, 'shelfdeviceclaim', deviceId), parseDeviceClaim);
}

/** Writes a device's claim, replacing an earlier one. */
export async function writeDeviceClaim(stub: Stub, claim: DeviceClaim): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfdeviceclaim', claim.deviceId), claim);
}

/** @returns a shelf's sale by id, or undefined */
export async function readSale(stub: Stub, shelfId: string, saleId: string): Promise<StoredSale | undefined> {
  return getJson(stub, stateKey(stub, 'shelfsale', shelfId, saleId), parseStoredSale);
}

/**
 * Writes a sale by id, new or with `refundedBy` set; its line is filed by {@link writeDayLines}.
 *
 * @param stub - normally `ctx.stub`
 * @param shelfId - the shelf
 * @param sale - the sale
 */
export async function writeSale(stub: Stub, shelfId: string, sale: StoredSale): Promise<void> {
  await putJson(stub, stateKey(stub, 'shelfsale', shelfId, sale.saleId), sale);
}

/**
 * Files the lines of one batch under the days they are settled in, so that a settlement reads
 * a day's lines by key instead of one range read the peer would cut at its totalQueryLimit.
 * Per day the batch takes the next number of its lane (`creditLane(txId)`), counted in
 * `shelftally~<shelfId>~<day>~<lane>`, and stores its lines in
 * `shelfbatch~<shelfId>~<day>~<lane>~<seq>`. Concurrent batches of one shelf-day write the
 * same tally only when their ids pick the same lane (1 in 64), and then one is retried.
 *
 * @param stub - normally `ctx.stub`
 * @param shelfId - the shelf
 * @param txId - the recording transaction, which picks the lane
 * @param sales - the batch's new sales, with the day each is settled in
 */
export async function writeDayLines(stub: Stub, shelfId: string, txId: string, sales: readonly StoredSale[]): Promise<void> {
  const byDay = new Map<string, SaleLine[]>();
  for (const sale of sales) {
    const line: SaleLine = {
      saleId: sale.saleId,
      sku: sale.sku,
      qty: sale.qty,
      amountFen: sale.amountFen,
      costFen: sale.costFen,
      occurredAt: sale.occurredAt,
      refundOf: sale.refundOf,
    };
    byDay.set(sale.day, [...(byDay.get(sale.day) ?? []), line]);
  }
  const lane = laneKeyPart(creditLane(txId));
  for (const [day, lines] of byDay) {
    const seq = await readBatchCount(stub, shelfId, day, lane);
    await putJson(stub, stateKey(stub, 'shelfbatch', shelfId, day, lane, seqPart(seq)), { lines });
    await putJson(stub, stateKey(stub, 'shelftally', shelfId, day, lane), { batches: seq + 1 });
  }
}

/**
 * Every line counted in a shelf-day, read by key through the day's 64 lane tallies: no query
 * limit applies, and a concurrent batch for the day changes a tally read here, so it
 * invalidates a settlement instead of escaping it.
 *
 * @param stub - normally `ctx.stub`
 * @param shelfId - the shelf
 * @param day - the settled day
 * @returns the lines, in sale id order
 */
export async function readDayLines(stub: Stub, shelfId: string, day: string): Promise<SaleLine[]> {
  const lines: SaleLine[] = [];
  for (let lane = 0; lane < LANE_COUNT; lane++) {
    const part = laneKeyPart(lane);
    const batches = await readBatchCount(stub, shelfId, day, part);
    for (let seq = 0; seq < batches; seq++) {
      const batch = await getJson(stub, stateKey(stub, 'shelfbatch', shelfId, day, part, seqPart(seq)), parseBatchLines);
      if (batch === undefined) {
        throw new Error(`batch ${seq} of lane ${part} of shelf ${shelfId} on ${day} is missing`);
      }
      lines.push(...batch);
    }
  }
  return lines.sort((a, b) => (a.saleId < b.saleId ? -1 : a.saleId > b.saleId ? 1 : 0));
}

/** Batch numbers are padded so that a lane's batches sort in recording order. */
function seqPart(seq: number): string {
  return String(seq).padStart(6, '0');
}

async function readBatchCount(stub: Stub, shelfId: string, day: string, lane: string): Promise<number> {
  const parse = (value: unknown): number => readFields(value, 'shelf tally').integer('batches');
  return (await getJson(stub, stateKey(stub, 'shelftally', shelfId, day, lane), parse)) ?? 0;
}

function parseBatchLines(value: unknown): SaleLine[] {
  return readFields(value, 'shelf batch').list('lines', parseSaleLine);
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

/**
 * A party's statement pointers of one day, for the GetReport query, from the pointer of shelf
 * `fromShelf` on (Fabric's bookmark is the key a page starts at), so a report page never rereads
 * the pointers of the pages before it. Read page by page: a supplier may stock any number of shelves.
 *
 * @param stub - normally `ctx.stub` of a read-only transaction
 * @param party - the party
 * @param day - the settled day
 * @param fromShelf - the first shelf to answer; `""` for all
 * @returns the pointers, in shelf id order
 */
export async function* partyDayPointers(stub: Stub, party: string, day: string, fromShelf: string): AsyncGenerator<StatementIndex> {
  const range = partialKey('shelfstmtby', party, day);
  let bookmark = fromShelf === '' ? '' : Buffer.from(stateKey(stub, 'shelfstmtby', party, day, fromShelf), 'utf8').toString('base64url');
  do {
    const page = await readPage(stub, range, MAX_PAGE_SIZE, bookmark, parseStatementIndex);
    yield* page.items;
    // An empty page ends the range even if a bookmark came with it.
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
}
