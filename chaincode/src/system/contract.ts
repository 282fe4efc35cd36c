import { MARKER_PUT_EVENT, SYSTEM } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { callerOf, requireRole } from '../ledger/caller';
import { NotFoundError } from '../ledger/errors';
import { requireKeyPart, stateKey } from '../ledger/keys';
import { getJson, putJson, stableStringify } from '../ledger/state';
import { defineContract } from '../ledger/transactions';
import { txInfo, txTimeIso } from '../ledger/tx';
import { admitOrganisation, getOrganisation, listOrganisations } from './organisations';
import { decidePutMarker, parseMarkerRecord, pingResponse, validateMarkerInput } from './rules';

/**
 * Proves that the chaincode answers, and which release it is.
 *
 * @param ctx - transaction context
 * @returns JSON `{"chaincode":"loulan","txTime":"<ISO>","version":"<release>"}`
 */
async function ping(ctx: Context): Promise<string> {
  return stableStringify(pingResponse(txTimeIso(ctx.stub)));
}

/**
 * Writes a marker once (platform admin only). A retry with the same value returns the stored record without
 * writing; a different value for an existing id is rejected with DUPLICATE_REQUEST.
 * Emits {@link MARKER_PUT_EVENT} with the record when, and only when, it writes.
 *
 * @param ctx - transaction context
 * @param markerId - idempotency key, 1-128 chars of `A-Za-z0-9._:@-`
 * @param value - 1-256 characters without control characters
 * @returns the marker record as JSON
 */
async function putMarker(ctx: Context, markerId: string, value: string): Promise<string> {
  // A write outside every business rule: only the platform admin, who runs the network, may make it.
  requireRole(await callerOf(ctx), ...SYSTEM.transactions.PutMarker.roles);
  const input = validateMarkerInput(markerId, value);
  const key = markerKey(ctx, input.markerId);
  const outcome = decidePutMarker(await getJson(ctx.stub, key, parseMarkerRecord), input, txInfo(ctx.stub));
  const json = stableStringify(outcome.record);
  if (outcome.kind === 'create') {
    await putJson(ctx.stub, key, outcome.record);
    ctx.stub.setEvent(MARKER_PUT_EVENT, Buffer.from(json, 'utf8'));
  }
  return json;
}

/**
 * Reads a marker.
 *
 * @param ctx - transaction context
 * @param markerId - id given to PutMarker
 * @returns the marker record as JSON
 */
async function getMarker(ctx: Context, markerId: string): Promise<string> {
  const id = requireKeyPart(markerId, 'markerId');
  const record = await getJson(ctx.stub, markerKey(ctx, id), parseMarkerRecord);
  if (record === undefined) {
    throw new NotFoundError(`marker ${id} not found`, { markerId: id });
  }
  return stableStringify(record);
}

/**
 * Liveness, exactly-once smoke tests and the register of admitted organisations, callable as
 * `system:<Transaction>`: a thin adapter over `./rules` and `./admission`.
 */
export const SystemContract = defineContract(SYSTEM, 'Liveness, exactly-once smoke tests and the admitted organisations', {
  Ping: ping,
  PutMarker: putMarker,
  GetMarker: getMarker,
  AdmitOrganisation: admitOrganisation,
  GetOrganisation: getOrganisation,
  ListOrganisations: listOrganisations,
});
/** An instance of the system contract. */
export type SystemContract = InstanceType<typeof SystemContract>;

function markerKey(ctx: Context, markerId: string): string {
  return stateKey(ctx.stub, 'marker', markerId);
}
