/**
 * Exactly-once execution of business operations (docs/rules.md#exactly-once).
 *
 * Each mutating transaction carries a caller-chosen business id. The record
 * `request~<account>~<requestId>` keeps a fingerprint of what was asked, the JSON result that
 * was answered and the transaction that executed it. A retry is refused at endorsement with
 * `REQUEST_COMMITTED` naming that transaction, so it is never ordered and the ledger gains no
 * transaction per retry; the client (the REST gateway) then reads the first answer with
 * {@link readRequest} (`points:GetRequest`). Reusing the id for a different request is
 * `DUPLICATE_REQUEST`. Records are per caller account, so two callers can never collide on an
 * id or read each other's results.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import { DuplicateRequestError, RequestCommittedError } from './errors';
import { type CompositeKeyStub, requireKeyPart, stateKey } from './keys';
import { getJson, isJsonObject, putJson, stableStringify, type StateStub } from './state';

/** A stored request record. */
export interface RequestRecord {
  /** SHA-256 (hex) of the transaction name and its identifying arguments. */
  readonly fingerprint: string;
  /** The canonical JSON answered the first time, returned unchanged on a retry. */
  readonly result: string;
  /** Transaction that executed the request. */
  readonly txId: string;
}

/** A request that has not run yet, claimed by the running transaction. */
export interface RequestClaim {
  readonly key: string;
  readonly requestId: string;
  readonly fingerprint: string;
}

/** Stub capabilities the helper needs. */
export type RequestStub = StateStub & CompositeKeyStub;

/**
 * Fingerprints a request: SHA-256 of the canonical JSON array `[txName, ...args]`. Callers
 * leave out arguments that do not change the meaning of the request (such as a balance
 * lane chosen per attempt), so that a retry on another lane is still the same request.
 *
 * @param txName - transaction name
 * @param args - the identifying arguments, as received
 * @returns lowercase hex digest
 */
export function requestFingerprint(txName: string, args: readonly string[]): string {
  return createHash('sha256')
    .update(stableStringify([txName, ...args]), 'utf8')
    .digest('hex');
}

/**
 * Claims a request before executing it: refuses it when its id was used before.
 *
 * The retry of an executed request is refused rather than answered, even though the answer is
 * at hand: an answered retry would be a valid transaction of its own, ordered and committed for
 * nothing. The refusal names the executing transaction, and {@link readRequest} gives its answer.
 *
 * @param stub - normally `ctx.stub`
 * @param account - the caller's account, owner of the id space
 * @param requestId - business id given by the caller
 * @param fingerprint - from {@link requestFingerprint}
 * @returns the claim
 * @throws InvalidArgumentError when `requestId` is not a valid key part
 * @throws RequestCommittedError when the same request was executed already
 * @throws DuplicateRequestError when the id was used for a different request
 */
export async function claimRequest(stub: RequestStub, account: string, requestId: string, fingerprint: string): Promise<RequestClaim> {
  const id = requireKeyPart(requestId, 'requestId');
  const key = stateKey(stub, 'request', account, id);
  const existing = await getJson(stub, key, parseRequestRecord);
  if (existing !== undefined && existing.fingerprint !== fingerprint) {
    throw new DuplicateRequestError(`request id ${id} was already used for a different request`, {
      requestId: id,
      txId: existing.txId,
    });
  }
  if (existing !== undefined) {
    throw new RequestCommittedError(`request ${id} was executed by transaction ${existing.txId}`, {
      requestId: id,
      txId: existing.txId,
    });
  }
  return { key, requestId: id, fingerprint };
}

/**
 * Reads the record of one of the account's requests.
 *
 * @param stub - normally `ctx.stub`
 * @param account - owner of the id space; only this account's records can be reached
 * @param requestId - business id as given by the caller
 * @returns the record, or undefined when the account never executed that id
 * @throws InvalidArgumentError when `requestId` is not a valid key part
 */
export async function readRequest(stub: RequestStub, account: string, requestId: string): Promise<RequestRecord | undefined> {
  const id = requireKeyPart(requestId, 'requestId');
  return getJson(stub, stateKey(stub, 'request', account, id), parseRequestRecord);
}

/**
 * Stores the answer of an executed request, so that retries get it back.
 *
 * @param stub - normally `ctx.stub`
 * @param claim - from {@link claimRequest}
 * @param result - the canonical JSON answered to the caller
 * @param txId - the running transaction
 */
export async function recordRequest(stub: StateStub, claim: RequestClaim, result: string, txId: string): Promise<void> {
  const record: RequestRecord = { fingerprint: claim.fingerprint, result, txId };
  await putJson(stub, claim.key, { ...record });
}

/**
 * Checks a stored request record.
 *
 * @param value - decoded JSON
 * @returns the record
 * @throws Error when the shape is wrong
 */
export function parseRequestRecord(value: unknown): RequestRecord {
  if (!isJsonObject(value)) {
    throw new Error('request record is not an object');
  }
  const { fingerprint, result, txId } = value;
  if (typeof fingerprint !== 'string' || typeof result !== 'string' || typeof txId !== 'string') {
    throw new Error('request record lacks a string field');
  }
  return { fingerprint, result, txId };
}
