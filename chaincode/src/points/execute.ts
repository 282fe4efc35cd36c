/**
 * The frame every writing transaction runs in: caller, role and account-ownership
 * check, the exactly-once claim of the business id, then the operation, the request record
 * and the event.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { requireAccountOwner } from '../ledger/accounts';
import { requireRole, resolveCaller, type AccountCaller, type AccountRole } from '../ledger/caller';
import { claimRequest, recordRequest, requestFingerprint } from '../ledger/request';
import { stableStringify, type JsonValue } from '../ledger/state';
import { txTimeIso, txTimeMillis } from '../ledger/tx';
import { PointsBook } from './book';
import type { Stub } from './repository';

/** What a write declares about itself. */
export interface WriteSpec {
  /** Transaction name, part of the fingerprint. */
  readonly txName: string;
  /** Name of the chaincode event carrying the result. */
  readonly event: string;
  /** Roles allowed to run it. */
  readonly roles: readonly AccountRole[];
  /** The business id. */
  readonly requestId: string;
  /** Every argument that identifies the request, the business id included, the lane not. */
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
 * @param spec - name, event, roles and identifying arguments
 * @param run - the operation; returns the result
 * @returns the result as canonical JSON
 * @throws RequestCommittedError when the request was executed already
 * @throws DuplicateRequestError when its id was used for a different request
 */
export async function executeWrite(
  ctx: Context,
  spec: WriteSpec,
  run: (scope: WriteScope) => Promise<JsonValue>,
): Promise<string> {
  const caller = requireRole(resolveCaller(ctx.clientIdentity), ...spec.roles);
  await requireAccountOwner(ctx.stub, caller);
  const claim = await claimRequest(ctx.stub, caller.account, spec.requestId, requestFingerprint(spec.txName, spec.args));
  const txId = ctx.stub.getTxID();
  const time = txTimeIso(ctx.stub);
  const scope: WriteScope = {
    stub: ctx.stub,
    caller,
    requestId: claim.requestId,
    txId,
    time,
    timeMs: txTimeMillis(ctx.stub),
    book: new PointsBook(ctx.stub, txId, time),
  };
  const result = stableStringify(await run(scope));
  await recordRequest(ctx.stub, claim, result, txId);
  ctx.stub.setEvent(spec.event, Buffer.from(result, 'utf8'));
  return result;
}
