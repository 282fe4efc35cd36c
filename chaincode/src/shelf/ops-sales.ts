/**
 * RecordSales (docs/rules.md#shelf-sales): a shelf device records a batch of sales lines for the shelf it is
 * bound to. Idempotent per sale id; all-or-nothing per batch.
 *
 * @packageDocumentation
 */
import { SHELF } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { nextDay, shanghaiDay } from '../ledger/day';
import { ConflictError, DuplicateRequestError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { checkOccurredAt, platform } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { atLine, parseBatch, type SaleLine, sameLine } from './lines';
import type { Device, StoredSale } from './records';
import { devices, shelves, statements, storedSales, writeDayLines } from './repository';

/** Days a settlement can lie ahead of a late sale's own day; far beyond maxBackdateDays. */
const MAX_ATTRIBUTION_DAYS = 400;

/**
 * The day a sale is settled in: its own Asia/Shanghai day, or, when that day is settled
 * already, the first later day of the shelf that is not (the "next settlement" adjustment).
 */
async function settlementDay(stub: Stub, shelfId: string, occurredDay: string, settled: Map<string, boolean>): Promise<string> {
  let day = occurredDay;
  for (let step = 0; step < MAX_ATTRIBUTION_DAYS; step++) {
    let isSettled = settled.get(day);
    if (isSettled === undefined) {
      isSettled = (await statements.read(stub, shelfId, day)) !== undefined;
      settled.set(day, isSettled);
    }
    if (!isSettled) {
      return day;
    }
    day = nextDay(day);
  }
  throw new Error(`no unsettled day within ${MAX_ATTRIBUTION_DAYS} days of ${occurredDay}`);
}

function checkRefund(line: SaleLine, original: StoredSale | undefined): StoredSale {
  if (original === undefined) {
    throw new NotFoundError(`sale ${line.refundOf ?? ''} of this shelf does not exist`, { field: 'refundOf' });
  }
  if (original.refundOf !== null) {
    throw new InvalidArgumentError('a refund cannot be refunded', { field: 'refundOf' });
  }
  if (original.refundedBy !== null) {
    throw new ConflictError(`sale ${original.saleId} is refunded already`, { field: 'refundOf', refundedBy: original.refundedBy });
  }
  if (-line.qty > original.qty || -line.amountFen > original.amountFen || -line.costFen > original.costFen) {
    throw new InvalidArgumentError('a refund takes back at most the quantity, amount and cost of its sale', { field: 'amountFen' });
  }
  return { ...original, refundedBy: line.saleId };
}

/**
 * The device's binding, when the shelf it is bound to has an active agreement.
 *
 * @throws ForbiddenError when the device is not bound, ConflictError when the shelf has no active agreement
 */
async function requireSellingDevice(stub: Stub, deviceId: string): Promise<Device> {
  const device = await devices.read(stub, deviceId);
  if (device === undefined) {
    throw new ForbiddenError('this device is not bound to a shelf', { deviceId });
  }
  const { shelfId } = device;
  const shelf = await shelves.read(stub, shelfId);
  if (shelf === undefined || shelf.activeVersion === null) {
    throw new ConflictError('the shelf has no active agreement', { shelfId });
  }
  return device;
}

/** A sale id recorded before is a duplicate only with the same content. */
function requireSameLine(index: number, previous: StoredSale, line: SaleLine): void {
  if (!sameLine(previous, line)) {
    throw new DuplicateRequestError(`line ${index}: sale ${line.saleId} was recorded with different content`, {
      index,
      saleId: line.saleId,
    });
  }
}

/** The sales a batch writes: those it creates and the earlier ones it refunds. */
interface BatchSales {
  readonly created: Map<string, StoredSale>;
  readonly refunded: Map<string, StoredSale>;
}

/**
 * Marks the sale a refund line takes back as refunded, in the batch when the batch created it.
 *
 * @throws LedgerError, naming the line, when the refund is not allowed (see {@link checkRefund})
 */
async function markRefunded(
  stub: Stub,
  shelfId: string,
  index: number,
  line: SaleLine,
  refundOf: string,
  sales: BatchSales,
): Promise<void> {
  const { created, refunded } = sales;
  const original = created.get(refundOf) ?? refunded.get(refundOf) ?? (await storedSales.read(stub, shelfId, refundOf));
  const updated = atLine(index, () => checkRefund(line, original));
  (created.has(refundOf) ? created : refunded).set(refundOf, updated);
}

/**
 * @param ctx - transaction context
 * @param batchId - the device's business id of the batch
 * @param linesJson - JSON array of lines `{saleId, sku, qty, amountFen, costFen, occurredAt, refundOf?}`
 * @returns `{batchId, shelfId, deviceId, recorded, duplicates, txId, time}` as JSON
 */
export async function recordSales(ctx: Context, batchId: string, linesJson: string): Promise<string> {
  const spec = { tx: SHELF.transactions.RecordSales, requestId: batchId, args: [linesJson] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId, txId, time, timeMs }) => {
    const device = await requireSellingDevice(stub, caller.account);
    const { shelfId } = device;
    const lines = parseBatch(linesJson);
    const { maxBackdateDays } = await platform().readParams(stub);
    const settled = new Map<string, boolean>();
    const created = new Map<string, StoredSale>();
    const refunded = new Map<string, StoredSale>();
    const recorded: { saleId: string; day: string; occurredDay: string }[] = [];
    const duplicates: string[] = [];

    for (const [index, line] of lines.entries()) {
      const occurredAtMs = Date.parse(line.occurredAt);
      atLine(index, () => {
        checkOccurredAt(occurredAtMs, timeMs, maxBackdateDays);
      });
      const previous = created.get(line.saleId) ?? (await storedSales.read(stub, shelfId, line.saleId));
      if (previous !== undefined) {
        requireSameLine(index, previous, line);
        duplicates.push(line.saleId);
        continue;
      }
      if (line.refundOf !== null) {
        await markRefunded(stub, shelfId, index, line, line.refundOf, { created, refunded });
      }
      const occurredDay = shanghaiDay(occurredAtMs);
      const day = await settlementDay(stub, shelfId, occurredDay, settled);
      created.set(line.saleId, { ...line, day, deviceId: device.deviceId, batchId: requestId, txId, refundedBy: null });
      recorded.push({ saleId: line.saleId, day, occurredDay });
    }
    for (const sale of created.values()) {
      await storedSales.write(stub, sale, shelfId, sale.saleId);
    }
    for (const sale of refunded.values()) {
      await storedSales.write(stub, sale, shelfId, sale.saleId);
    }
    await writeDayLines(stub, shelfId, txId, [...created.values()]);
    return { batchId: requestId, shelfId, deviceId: device.deviceId, recorded, duplicates, txId, time };
  });
}
