/**
 * A named party's countersignature of an evidence record (docs/rules.md#evidence).
 *
 * @packageDocumentation
 */
import { EVIDENCE } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { AlreadyExistsError, ForbiddenError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { type Countersignature, countersignatures, evidence } from './records';
import { parseSha256 } from './rules';

/**
 * Countersign (a party the record names): confirms the record with the party's own certificate, once.
 *
 * @param requestId - the business id (Idempotency-Key)
 * @param sha256 - the record's hash
 * @returns the Countersignature as JSON
 * @throws NotFoundError when the hash was never notarised
 * @throws ForbiddenError when the record does not name the caller
 * @throws AlreadyExistsError when the caller countersigned it before
 */
export async function countersign(ctx: Context, requestId: string, sha256: string): Promise<string> {
  const spec = { tx: EVIDENCE.transactions.Countersign, requestId, args: [sha256] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time }) => {
    const record = await evidence.require(stub, 'sha256', parseSha256(sha256));
    if (!record.parties.includes(caller.account)) {
      throw new ForbiddenError('only a party the record names countersigns it', { sha256: record.sha256, account: caller.account });
    }
    const earlier = await countersignatures.read(stub, record.sha256, caller.account);
    if (earlier !== undefined) {
      throw new AlreadyExistsError(`${caller.account} countersigned this record already`, { sha256: record.sha256, txId: earlier.txId });
    }
    const signature: Countersignature = {
      sha256: record.sha256,
      party: caller.account,
      partyMsp: caller.msp,
      partyRole: caller.role,
      requestId: id,
      txId,
      time,
    };
    await countersignatures.write(stub, signature, record.sha256, caller.account);
    return signature;
  });
}
