/**
 * Read-only transactions of the evidence contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { requireReadAccess } from '../ledger/caller';
import { requireKeyPart } from '../ledger/keys';
import { parsePageSize } from '../ledger/paging';
import { stableStringify } from '../ledger/state';
import { countersignatures, evidence, evidenceByRecorder } from './records';
import { parseSha256 } from './rules';

/**
 * GetEvidence (any member): whoever holds a document may see its record.
 *
 * @returns the EvidenceRecord with its `countersignatures` (in party order) as JSON
 * @throws NotFoundError when the hash was never notarised
 */
export async function getEvidence(ctx: Context, sha256: string): Promise<string> {
  await readingCaller(ctx);
  const record = await evidence.require(ctx.stub, 'sha256', parseSha256(sha256));
  return stableStringify({ ...record, countersignatures: await countersignatures.all(ctx.stub, record.sha256) });
}

/**
 * ListEvidence (the recorder, admin, auditors): one page of a recorder's records, oldest first.
 *
 * @returns `{items, bookmark}` as JSON
 * @throws ForbiddenError for another member's records
 */
export async function listEvidence(ctx: Context, recorder: string, pageSize: string, bookmark: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const account = requireKeyPart(recorder, 'recorder');
  requireReadAccess(caller, account);
  return stableStringify(await evidenceByRecorder.page(ctx.stub, parsePageSize(pageSize), bookmark, account));
}
