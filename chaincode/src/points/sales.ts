/**
 * Running totals of a merchant's recorded sales, kept so that no write has to sum the
 * per-sale rows `sale~<merchantId>~<yyyymm>~<txId>`: the peer stops a range read after its
 * `totalQueryLimit` without an error, and a busy merchant records more sales than that in a
 * month. Every total is split by the purchase's lane (0-63, the gateway gives concurrent
 * purchases at one merchant different lanes), so concurrent purchases still write disjoint
 * keys; a reader adds up the 64 lanes with point reads, which no query limit cuts.
 *
 * - By attributed month, for the monthly reward: `salesum~<merchantId>~<yyyymm>~<lane>`.
 * - By time of sale (`occurredAt`), for the sales of a JOSP term: the time line of each
 *   Asia/Shanghai month is cut into segments at registered instants (a term's bounds, known
 *   when its plan opens, before any sale of the term can be recorded), listed in
 *   `salecut~<merchantId>~<yyyymm>`; `saleseg~<merchantId>~<segmentStart>~<lane>` totals the
 *   sales of one segment. The sales between two registered instants are then a handful of
 *   segments, whatever their number.
 *
 * @packageDocumentation
 */
import { safeAdd } from '../ledger/args';
import { partialKey, stateKey } from '../ledger/keys';
import { LANE_COUNT, laneKeyPart } from '../ledger/lanes';
import { readFields } from '../ledger/reader';
import { scanCounted } from '../ledger/scan';
import { getJson, putJson } from '../ledger/state';
import type { Stub } from '../ledger/stub';
import { isoMillis, monthsCovering, nextMonth, parseInstant, shanghaiMonth, startOfMonth, startOfNextMonth } from '../ledger/time';
import { parseSale } from './records';

/** `salesum~<merchantId>~<yyyymm>~<lane>`: the sales a lane recorded for a month. */
type MonthLane = { readonly salesFen: number; readonly purchases: number };

/** `saleseg~<merchantId>~<segmentStart>~<lane>`: the sales a lane recorded in a segment. */
type SegmentLane = {
  readonly salesFen: number;
  /** The latest `occurredAt` of those sales, to tell whether a new cut splits recorded sales. */
  readonly lastAt: string;
};

/**
 * One segment start in `salecut~<merchantId>~<yyyymm>`. `adjFen` corrects the lanes' total
 * when a cut was registered after sales on its far side had been recorded (possible only
 * within the clock skew the platform allows): those sales are counted in the segment they
 * were recorded in, and moved to the new segment here.
 */
type SegmentStart = { readonly at: string; readonly adjFen: number };

function parseMonthLane(value: unknown): MonthLane {
  const f = readFields(value, 'sales month lane');
  return { salesFen: f.integer('salesFen'), purchases: f.integer('purchases') };
}

function parseSegmentLane(value: unknown): SegmentLane {
  const f = readFields(value, 'sales segment lane');
  return { salesFen: f.integer('salesFen'), lastAt: f.string('lastAt') };
}

function parseSegmentStart(value: unknown): SegmentStart {
  const f = readFields(value, 'segment start');
  return { at: f.string('at'), adjFen: f.integer('adjFen', Number.MIN_SAFE_INTEGER) };
}

function parseCuts(value: unknown): SegmentStart[] {
  return readFields(value, 'sales cuts').list('starts', parseSegmentStart);
}

/**
 * Adds a recorded sale to the merchant's totals: its attributed month and the segment of its
 * time of sale, both in the purchase's lane.
 *
 * @param stub - normally `ctx.stub`
 * @param merchantId - the merchant
 * @param salesMonth - the month the sale is attributed to
 * @param lane - the purchase's lane of the merchant
 * @param amountFen - the sale's amount
 * @param occurredAtMs - the sale's time
 */
export async function addSaleTotals(
  stub: Stub,
  merchantId: string,
  salesMonth: string,
  lane: number,
  amountFen: number,
  occurredAtMs: number,
): Promise<void> {
  const monthKey = stateKey(stub, 'salesum', merchantId, salesMonth, laneKeyPart(lane));
  const month = (await getJson(stub, monthKey, parseMonthLane)) ?? { salesFen: 0, purchases: 0 };
  await putJson(stub, monthKey, { salesFen: safeAdd(month.salesFen, amountFen), purchases: month.purchases + 1 });

  const starts = await readStarts(stub, merchantId, shanghaiMonth(occurredAtMs));
  const segment = segmentOf(starts, occurredAtMs);
  const segmentKey = stateKey(stub, 'saleseg', merchantId, segment.at, laneKeyPart(lane));
  const current = await getJson(stub, segmentKey, parseSegmentLane);
  const occurredAt = isoMillis(occurredAtMs);
  await putJson(stub, segmentKey, {
    salesFen: safeAdd(current?.salesFen ?? 0, amountFen),
    lastAt: current === undefined || current.lastAt < occurredAt ? occurredAt : current.lastAt,
  });
}

/**
 * The sales attributed to a merchant's month, from the 64 lane totals.
 *
 * @param stub - normally `ctx.stub`
 * @param merchantId - checked key part
 * @param month - `yyyymm`
 * @returns total fen and number of the sales
 */
export async function monthlySales(stub: Stub, merchantId: string, month: string): Promise<{ salesFen: number; purchases: number }> {
  let salesFen = 0;
  let purchases = 0;
  for (let lane = 0; lane < LANE_COUNT; lane++) {
    const total = await getJson(stub, stateKey(stub, 'salesum', merchantId, month, laneKeyPart(lane)), parseMonthLane);
    if (total !== undefined) {
      salesFen = safeAdd(salesFen, total.salesFen);
      purchases += total.purchases;
    }
  }
  return { salesFen, purchases };
}

/**
 * Registers instants at which the merchant's sales by time of sale must be summable, e.g. the
 * bounds of a JOSP term. A sale recorded later adds to the segment its time falls in. Sales
 * recorded already with a time at or after a new instant (only a clock running ahead of the
 * registering transaction's can produce them) are found in the per-sale rows, read in full or
 * not at all.
 *
 * @param stub - normally `ctx.stub`
 * @param merchantId - the merchant
 * @param instantsMs - the instants, in any order
 * @param nowMs - the transaction time
 * @throws RangeTooLargeError when such sales have to be looked up and a month of the merchant's
 *   sales is more than the peer returns from one range read
 */
export async function registerSalesCuts(stub: Stub, merchantId: string, instantsMs: readonly number[], nowMs: number): Promise<void> {
  const byMonth = new Map<string, number[]>();
  for (const at of [...new Set(instantsMs)].sort((a, b) => a - b)) {
    const month = shanghaiMonth(at);
    byMonth.set(month, [...(byMonth.get(month) ?? []), at]);
  }
  // One read and one write per month: a transaction does not see its own writes.
  for (const [month, cuts] of byMonth) {
    const starts = await readStarts(stub, merchantId, month);
    const known = new Set(starts.map((start) => Date.parse(start.at)));
    const fresh = cuts.filter((at) => !known.has(at));
    if (fresh.length === 0) {
      continue;
    }
    const adjustments = new Map<string, number>(starts.map((start) => [start.at, start.adjFen]));
    const merged = [...known, ...fresh].sort((a, b) => a - b);
    for (const at of fresh) {
      const original = segmentOf(starts, at);
      const recordedFrom = await latestSaleAt(stub, merchantId, original.at);
      const end = merged.find((start) => start > at) ?? startOfNextMonth(month);
      const moved = recordedFrom !== undefined && recordedFrom >= at ? await recordedSalesBetween(stub, merchantId, at, end, nowMs) : 0;
      adjustments.set(isoMillis(at), moved);
      adjustments.set(original.at, (adjustments.get(original.at) ?? 0) - moved);
    }
    const next = merged.map((at) => ({ at: isoMillis(at), adjFen: adjustments.get(isoMillis(at)) ?? 0 }));
    await putJson(stub, stateKey(stub, 'salecut', merchantId, month), { starts: next });
  }
}

/**
 * The merchant's sales whose time of sale lies in `[fromMs, toMs)`, both bounds registered
 * with {@link registerSalesCuts} (or the start of a month).
 *
 * @param stub - normally `ctx.stub`
 * @param merchantId - the merchant
 * @param fromMs - start, included
 * @param toMs - end, excluded
 * @returns total fen
 * @throws Error when a bound was never registered: the segments could not add up to it
 */
export async function salesBetween(stub: Stub, merchantId: string, fromMs: number, toMs: number): Promise<number> {
  let salesFen = 0;
  for (const month of monthsCovering(fromMs, toMs - 1)) {
    const starts = await readStarts(stub, merchantId, month);
    for (const bound of [fromMs, toMs]) {
      if (shanghaiMonth(bound) === month && !starts.some((start) => Date.parse(start.at) === bound)) {
        throw new Error(`${isoMillis(bound)} is not a registered sales cut of merchant ${merchantId}`);
      }
    }
    for (const start of starts) {
      const at = Date.parse(start.at);
      if (at >= fromMs && at < toMs) {
        salesFen = safeAdd(salesFen, safeAdd(await segmentTotal(stub, merchantId, start.at), start.adjFen));
      }
    }
  }
  return salesFen;
}

/** The segment starts of a month, the month's first instant always included. */
async function readStarts(stub: Stub, merchantId: string, month: string): Promise<SegmentStart[]> {
  const stored = await getJson(stub, stateKey(stub, 'salecut', merchantId, month), parseCuts);
  return stored ?? [{ at: isoMillis(startOfMonth(month)), adjFen: 0 }];
}

/** The segment an instant falls in: the last start not after it. */
function segmentOf(starts: readonly SegmentStart[], atMs: number): SegmentStart {
  const found = starts.filter((start) => Date.parse(start.at) <= atMs).pop();
  if (found === undefined) {
    throw new Error(`no sales segment starts before ${isoMillis(atMs)}`);
  }
  return found;
}

async function segmentTotal(stub: Stub, merchantId: string, start: string): Promise<number> {
  let salesFen = 0;
  for (let lane = 0; lane < LANE_COUNT; lane++) {
    const total = await getJson(stub, stateKey(stub, 'saleseg', merchantId, start, laneKeyPart(lane)), parseSegmentLane);
    salesFen = safeAdd(salesFen, total?.salesFen ?? 0);
  }
  return salesFen;
}

/** @returns the latest time of sale recorded in a segment, undefined when it holds none */
async function latestSaleAt(stub: Stub, merchantId: string, start: string): Promise<number | undefined> {
  let latest: number | undefined;
  for (let lane = 0; lane < LANE_COUNT; lane++) {
    const total = await getJson(stub, stateKey(stub, 'saleseg', merchantId, start, laneKeyPart(lane)), parseSegmentLane);
    if (total !== undefined) {
      latest = Math.max(latest ?? Number.NEGATIVE_INFINITY, Date.parse(total.lastAt));
    }
  }
  return latest;
}

/**
 * Sums the per-sale rows whose time lies in `[fromMs, toMs)`, each month's read checked against
 * its purchase count. A sale is attributed to the month of its time or, after that month's
 * reward, a later one up to the month it was recorded in; the sales looked for here were
 * recorded by clocks at most the platform's skew ahead, so one month past now covers them.
 */
async function recordedSalesBetween(stub: Stub, merchantId: string, fromMs: number, toMs: number, nowMs: number): Promise<number> {
  const months = monthsCovering(fromMs, Math.max(fromMs, nowMs));
  months.push(nextMonth(months[months.length - 1] ?? shanghaiMonth(fromMs)));
  let salesFen = 0;
  for (const month of months) {
    const { purchases } = await monthlySales(stub, merchantId, month);
    for (const { value } of await scanCounted(stub, partialKey('sale', merchantId, month), parseSale, purchases)) {
      const at = parseInstant(value.occurredAt, 'sale.occurredAt');
      if (at >= fromMs && at < toMs) {
        salesFen = safeAdd(salesFen, value.amountFen);
      }
    }
  }
  return salesFen;
}
