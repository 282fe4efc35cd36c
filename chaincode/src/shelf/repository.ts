/**
 * World-state access of the shelf module: a record store per record kind (ledger/store.ts), and
 * the writes that also keep an index, the day lines and the party pointers; keys built only
 * through ledger/keys.ts, values written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import { stateKey } from '../ledger/keys';
import { creditLane, LANE_COUNT, laneKeyPart } from '../ledger/lanes';
import { MAX_PAGE_SIZE } from '../ledger/paging';
import { count, listOf, record } from '../ledger/schema';
import { recordStore } from '../ledger/store';
import type { Stub } from '../ledger/stub';
import type { SaleLine } from './lines';
import {
  type Agreement,
  parseAgreement,
  parseDevice,
  parseDeviceClaim,
  parsePost,
  parsePostIndex,
  parseSaleLine,
  parseShelfHead,
  parseStoredSale,
  type Post,
  type StoredSale,
} from './records';
import { parseStatement, parseStatementIndex, type Statement, type StatementIndex } from './statement';

/** `shelfpost~<kind>~<city>~<postId>`: the matching board. */
export const posts = recordStore('shelfpost', parsePost);
/** `shelfpostid~<kind>~<postId>`: where a post is filed, so that ids stay unique across cities. */
export const postIndex = recordStore('shelfpostid', parsePostIndex);
/** `shelf~<shelfId>`. */
export const shelves = recordStore('shelf', parseShelfHead, { noun: 'shelf' });
/** `shelfdevice~<deviceId>`: a device's binding to a shelf. */
export const devices = recordStore('shelfdevice', parseDevice);
/** `shelfdeviceclaim~<deviceId>`: the operator a device named. */
export const deviceClaims = recordStore('shelfdeviceclaim', parseDeviceClaim);
/** `shelfsale~<shelfId>~<saleId>`: a recorded sale, by id; its line is filed by {@link writeDayLines}. */
export const storedSales = recordStore('shelfsale', parseStoredSale);
/** `shelfstmt~<shelfId>~<day>`. */
export const statements = recordStore('shelfstmt', parseStatement);
/** `shelfagreement~<shelfId>~<version>`: every version of a shelf's agreement, oldest first. */
export const agreements = recordStore('shelfagreement', parseAgreement);
/** `shelfstmtby~<party>~<day>~<shelfId>`: a party's statements. */
const statementPointers = recordStore('shelfstmtby', parseStatementIndex);
/** `shelftally~<shelfId>~<day>~<lane>`: how many batches a lane filed for a shelf-day. */
const tallies = recordStore('shelftally', record<{ batches: number }>('shelf tally', { batches: count }));
/** `shelfbatch~<shelfId>~<day>~<lane>~<seq>`: the lines of one batch for a shelf-day. */
const batches = recordStore('shelfbatch', record<{ lines: readonly SaleLine[] }>('shelf batch', { lines: listOf(parseSaleLine) }));

/** Agreement versions are padded so that keys sort in version order. */
function versionPart(version: number): string {
  return String(version).padStart(6, '0');
}

/** @returns one agreement version, or undefined */
export async function readAgreement(stub: Stub, shelfId: string, version: number): Promise<Agreement | undefined> {
  return agreements.read(stub, shelfId, versionPart(version));
}

/** Writes an agreement version. */
export async function writeAgreement(stub: Stub, agreement: Agreement): Promise<void> {
  await agreements.write(stub, agreement, agreement.shelfId, versionPart(agreement.version));
}

/** Writes a new post and its index entry. */
export async function writePost(stub: Stub, post: Post): Promise<void> {
  await posts.write(stub, post, post.kind, post.city, post.postId);
  await postIndex.write(stub, { city: post.city, owner: post.owner }, post.kind, post.postId);
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
    await batches.write(stub, { lines }, shelfId, day, lane, seqPart(seq));
    await tallies.write(stub, { batches: seq + 1 }, shelfId, day, lane);
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
    const filed = await readBatchCount(stub, shelfId, day, part);
    for (let seq = 0; seq < filed; seq++) {
      const batch = await batches.read(stub, shelfId, day, part, seqPart(seq));
      if (batch === undefined) {
        throw new Error(`batch ${seq} of lane ${part} of shelf ${shelfId} on ${day} is missing`);
      }
      lines.push(...batch.lines);
    }
  }
  return lines.sort((a, b) => (a.saleId < b.saleId ? -1 : a.saleId > b.saleId ? 1 : 0));
}

/** Batch numbers are padded so that a lane's batches sort in recording order. */
function seqPart(seq: number): string {
  return String(seq).padStart(6, '0');
}

async function readBatchCount(stub: Stub, shelfId: string, day: string, lane: string): Promise<number> {
  return (await tallies.read(stub, shelfId, day, lane))?.batches ?? 0;
}

/**
 * Writes a statement; the first write also files it under each of its three parties.
 *
 * @param stub - normally `ctx.stub`
 * @param statement - the statement
 * @param isNew - true at settlement
 */
export async function writeStatement(stub: Stub, statement: Statement, isNew = false): Promise<void> {
  await statements.write(stub, statement, statement.shelfId, statement.day);
  if (isNew) {
    const entry = { shelfId: statement.shelfId, day: statement.day };
    for (const party of new Set([statement.operator, statement.siteProvider, statement.supplier])) {
      await statementPointers.write(stub, entry, party, statement.day, statement.shelfId);
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
  let bookmark = fromShelf === '' ? '' : Buffer.from(stateKey(stub, 'shelfstmtby', party, day, fromShelf), 'utf8').toString('base64url');
  do {
    const page = await statementPointers.page(stub, MAX_PAGE_SIZE, bookmark, party, day);
    yield* page.items;
    // An empty page ends the range even if a bookmark came with it.
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
}
