/**
 * RecordPurchases: a registered merchant records a batch of purchases in one transaction, such as
 * the sales a till kept while it was offline. Each line is recorded as a RecordPurchase of its
 * order would be, by the same code (./purchase.ts), and exactly once by its order id across
 * single purchases and batches. A line a rule refuses is reported and writes nothing; the batch
 * goes on with the next line.
 *
 * @packageDocumentation
 */
import { type LedgerErrorCode, MAX_PURCHASE_BATCH_LINES, POINTS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { decodeJson } from '../ledger/args';
import { DuplicateRequestError, InvalidArgumentError, LedgerError, RequestCommittedError } from '../ledger/errors';
import { executeWrite, writeFingerprint, type WriteSpec } from '../ledger/execute';
import { claimRequest, recordRequest, type RequestClaim } from '../ledger/request';
import { isJsonObject, stableStringify } from '../ledger/state';
import {
  checkPurchase,
  openPurchaseFrame,
  type Purchase,
  type PurchaseArgs,
  type PurchaseFrame,
  purchaseSpec,
  recordOnePurchase,
} from './purchase';

/** What the batch reports for one line. */
type LineResult =
  | { readonly index: number; readonly orderId: string; readonly status: 'RECORDED'; readonly purchase: Purchase }
  | { readonly index: number; readonly orderId: string; readonly status: 'DUPLICATE'; readonly txId: string }
  | {
      readonly index: number;
      readonly orderId: string;
      readonly status: 'REJECTED';
      readonly code: LedgerErrorCode;
      readonly message: string;
    };

/** The fields a line may have; `occurredAt` may be left out. */
const LINE_FIELDS = new Set(['orderId', 'consumer', 'amountFen', 'occurredAt']);

/**
 * @param ctx - transaction context
 * @param batchId - the merchant's business id of the batch
 * @param linesJson - JSON array of 1 to {@link MAX_PURCHASE_BATCH_LINES} lines
 *   `{orderId, consumer, amountFen, occurredAt?}`, `occurredAt` as RecordPurchase takes it
 * @param lane - the merchant's lane every line's points are taken from, 0-63, not part of the
 *   batch's identity
 * @returns `{batchId, merchantId, txId, time, recorded, duplicates, rejected, lines}` as JSON, a
 *   line being RECORDED with its Purchase, DUPLICATE with the transaction that recorded its
 *   order, or REJECTED with the refusal's code and message
 */
export async function recordPurchases(ctx: Context, batchId: string, linesJson: string, lane: string): Promise<string> {
  const spec = { tx: POINTS.transactions.RecordPurchases, requestId: batchId, args: [linesJson] };
  return executeWrite(ctx, spec, async (scope) => {
    const lines = parseLines(linesJson);
    const frame = await openPurchaseFrame(scope, lane);
    const results: LineResult[] = [];
    for (const [index, line] of lines.entries()) {
      results.push(await recordLine(frame, index, line));
    }
    const counted = (status: LineResult['status']): number => results.filter((result) => result.status === status).length;
    return {
      batchId: scope.requestId,
      merchantId: scope.caller.account,
      txId: scope.txId,
      time: scope.time,
      recorded: counted('RECORDED'),
      duplicates: counted('DUPLICATE'),
      rejected: counted('REJECTED'),
      lines: results,
    };
  });
}

/**
 * Parses the batch document into the lines' RecordPurchase arguments. Only its shape is checked
 * here, a wrong shape refusing the whole batch; the values are checked line by line, as those of
 * a RecordPurchase are.
 *
 * @throws InvalidArgumentError when it is not an array of 1 to {@link MAX_PURCHASE_BATCH_LINES}
 *   lines, each an object with a string orderId and consumer, an integer amountFen, and at most
 *   a string occurredAt besides
 */
function parseLines(json: string): PurchaseArgs[] {
  const value = decodeJson(json);
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PURCHASE_BATCH_LINES) {
    throw new InvalidArgumentError(`linesJson must be a JSON array of 1 to ${MAX_PURCHASE_BATCH_LINES} lines`, { field: 'linesJson' });
  }
  const items: unknown[] = value;
  return items.map((item, index) => parseLine(item, index));
}

function parseLine(value: unknown, index: number): PurchaseArgs {
  if (!isJsonObject(value)) {
    throw badLine(index);
  }
  const { orderId, consumer, amountFen, occurredAt = '' } = value;
  const known = Object.keys(value).every((name) => LINE_FIELDS.has(name));
  if (!known || typeof orderId !== 'string' || typeof consumer !== 'string' || typeof occurredAt !== 'string') {
    throw badLine(index);
  }
  if (typeof amountFen !== 'number' || !Number.isInteger(amountFen)) {
    throw badLine(index);
  }
  // The text a RecordPurchase of the order would carry: its fingerprint and checks are the same.
  return { orderId, consumer, amountFen: String(amountFen), occurredAt };
}

function badLine(index: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `line ${index} of linesJson must be an object with a string orderId and consumer, an integer amountFen and an optional string occurredAt`,
    { field: 'linesJson', index },
  );
}

/**
 * Records one line as the RecordPurchase of its order: claimed under the order id with that
 * transaction's fingerprint, checked and recorded by the same code, its Purchase kept in the
 * order's request record.
 */
async function recordLine(frame: PurchaseFrame, index: number, args: PurchaseArgs): Promise<LineResult> {
  const { orderId } = args;
  const { txId } = frame.scope;
  try {
    const claim = await claimLine(frame, purchaseSpec(args));
    const purchase = await recordOnePurchase(frame, checkPurchase({ ...args, orderId: claim.requestId }, frame.scope, `${txId}.${index}`));
    await recordRequest(frame.view, claim, stableStringify(purchase), txId);
    return { index, orderId, status: 'RECORDED', purchase };
  } catch (error) {
    return refusedLine(index, orderId, error);
  }
}

/**
 * Claims a line's order id through the frame's view, which sees the records of the batch's
 * earlier lines. The batch's own id is taken too, by the record the batch writes when it ends.
 */
async function claimLine(frame: PurchaseFrame, spec: WriteSpec): Promise<RequestClaim> {
  const { caller, requestId: batchId, txId } = frame.scope;
  if (spec.requestId === batchId) {
    throw new DuplicateRequestError(`request id ${batchId} is the id of this batch`, { requestId: batchId, txId });
  }
  return claimRequest(frame.view, caller.account, spec.requestId, writeFingerprint(spec));
}

/**
 * A line's ledger error as its result: an order recorded already is a DUPLICATE, any other refusal
 * REJECTED. Any other error fails the transaction.
 */
function refusedLine(index: number, orderId: string, error: unknown): LineResult {
  if (!(error instanceof LedgerError)) {
    throw error;
  }
  const txId = error.details?.txId;
  if (error instanceof RequestCommittedError && typeof txId === 'string') {
    return { index, orderId, status: 'DUPLICATE', txId };
  }
  return { index, orderId, status: 'REJECTED', code: error.code, message: error.reason };
}
