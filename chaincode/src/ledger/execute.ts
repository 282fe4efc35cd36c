/**
 * The frame every writing transaction of every module runs in: caller, role and
 * account-ownership check, the exactly-once claim of the business id (./request.ts), then the
 * operation, the request record and the event. Its state calls go through ./tx-state.ts: one
 * read of each key from the peer, and each written key sent once when the operation has succeeded.
 *
 * @packageDocumentation
 */
import { eventNameOf, type Transaction } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { requireAccountOwner } from './accounts';
import { type AccountCaller, callerOf, requireRole } from './caller';
import { platform } from './platform';
import type { PointsBook } from './points-book';
import { claimRequest, recordRequest, requestFingerprint } from './request';
import { type JsonValue, stableStringify } from './state';
import type { Stub } from './stub';
import { txTimeIso, txTimeMillis } from './tx';
import { txState } from './tx-state';

/** What a write declares about itself. */
export interface WriteSpec {
  /**
   * The transaction, from its module's protocol table: its roles are who may run it, its name is
   * part of the fingerprint and the name of the event carrying the result.
   */
  readonly tx: Transaction;
  /** The business id: a request id, or the order or batch id that names the request. */
  readonly requestId: string;
  /**
   * The other arguments that identify the request, in order; a balance lane chosen per attempt
   * is left out, so that a retry on another lane is still the same request.
   */
  readonly args: readonly string[];
}

/** What an operation gets to work with. */
export interface WriteScope {
  readonly stub: Stub;
  readonly caller: AccountCaller;
  /** The checked business id. */
  readonly requestId: string;
  readonly txId: string;
  /** Transaction time, ISO 8601 UTC with milliseconds. */
  readonly time: string;
  readonly timeMs: number;
  /** The transaction's points book, the one way to move platform points. */
  readonly book: PointsBook;
}

/**
 * Runs a writing transaction exactly once per (caller account, business id).
 *
 * A retry with the same arguments is refused with `REQUEST_COMMITTED` naming the transaction
 * that executed it, before any rule runs, so even a retry the rules or the clock would now
 * refuse gets its first answer (`points:GetRequest`), and no retry is ever ordered. When `run`
 * throws, Fabric discards every write of the transaction.
 *
 * @param ctx - transaction context
 * @param spec - the transaction and the identifying arguments
 * @param run - the operation; returns the result
 * @returns the result as canonical JSON
 * @throws RequestCommittedError when the request was executed already
 * @throws DuplicateRequestError when its id was used for a different request
 */
export async function executeWrite(ctx: Context, spec: WriteSpec, run: (scope: WriteScope) => Promise<JsonValue>): Promise<string> {
  const caller = requireRole(await callerOf(ctx), ...spec.tx.roles);
  const state = txState(ctx.stub);
  const { stub } = state;
  await requireAccountOwner(stub, caller);
  const claim = await claimRequest(stub, caller.account, spec.requestId, writeFingerprint(spec));
  const txId = stub.getTxID();
  const time = txTimeIso(stub);
  const scope: WriteScope = {
    stub,
    caller,
    requestId: claim.requestId,
    txId,
    time,
    timeMs: txTimeMillis(stub),
    book: platform().openBook(stub, txId, time),
  };
  const result = stableStringify(await run(scope));
  await recordRequest(stub, claim, result, txId);
  await state.flush();
  stub.setEvent(eventNameOf(spec.tx), Buffer.from(result, 'utf8'));
  return result;
}

/**
 * The fingerprint {@link executeWrite} claims a request with: a batch whose lines are each a
 * request of another transaction claims every line with the fingerprint that transaction would.
 *
 * @param spec - the request, as its transaction declares it
 * @returns the fingerprint of its name and identifying arguments
 */
export function writeFingerprint(spec: WriteSpec): string {
  return requestFingerprint(spec.tx.name, [spec.requestId, ...spec.args]);
}
