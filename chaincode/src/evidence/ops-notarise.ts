/**
 * Notarising a document by its hash (docs/rules.md#evidence).
 *
 * @packageDocumentation
 */
import { EVIDENCE } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { requireOpenAccount } from '../ledger/accounts';
import { executeWrite, type WriteScope } from '../ledger/execute';
import { platform } from '../ledger/platform';
import type { JsonValue } from '../ledger/state';
import { evidence, evidenceByRecorder, type EvidenceRecord } from './records';
import { type NotariseArguments, parseTerms } from './rules';

/**
 * Notarise (every account holder but a shelf device): records the hash with its metadata, or, when
 * the hash was notarised before, by anyone, answers that first record with `duplicate: true` and
 * writes no evidence (the caller's request record alone, so that its retry gets the same answer).
 *
 * @param requestId - the business id (Idempotency-Key)
 * @param sha256 - the document's SHA-256, 64 lower-case hex digits
 * @param kind - one of the evidence kinds
 * @param partiesJson - JSON array of the open accounts the record names, `""` for none
 * @param occurredAt - ISO 8601 with an offset, `""` for the transaction time
 * @param title - a short title, `""` for none
 * @returns `{duplicate, evidence}` as JSON
 */
export async function notarise(
  ctx: Context,
  requestId: string,
  sha256: string,
  kind: string,
  partiesJson: string,
  occurredAt: string,
  title: string,
): Promise<string> {
  const spec = { tx: EVIDENCE.transactions.Notarise, requestId, args: [sha256, kind, partiesJson, occurredAt, title] };
  return executeWrite(ctx, spec, (scope) => record(scope, { sha256, kind, partiesJson, occurredAt, title }));
}

async function record(scope: WriteScope, args: NotariseArguments): Promise<JsonValue> {
  const { stub, caller } = scope;
  const { maxBackdateDays } = await platform().readParams(stub);
  // Every argument is checked first, so that a malformed request is refused whether or not the hash is known.
  const terms = parseTerms(args, scope.timeMs, maxBackdateDays);
  const first = await evidence.read(stub, terms.sha256);
  if (first !== undefined) {
    return { duplicate: true, evidence: first };
  }
  for (const party of terms.parties) {
    // Only open accounts: a record must not name an id that whoever enrols it first would then own.
    await requireOpenAccount(stub, party, 'parties');
  }
  const created: EvidenceRecord = {
    ...terms,
    recorder: caller.account,
    recorderMsp: caller.msp,
    recorderRole: caller.role,
    requestId: scope.requestId,
    txId: scope.txId,
    time: scope.time,
  };
  await evidence.write(stub, created, created.sha256);
  await evidenceByRecorder.write(stub, created, created.recorder, created.time, created.sha256);
  return { duplicate: false, evidence: created };
}
