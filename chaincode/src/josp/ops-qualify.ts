/**
 * Bank qualification of investors for wealth products.
 *
 * @packageDocumentation
 */
import { JOSP, TREASURY_ACCOUNT } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { AlreadyExistsError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { isQualified, qualifications } from './repository';

/**
 * QualifyInvestor: a bank marks a consumer account as a qualified investor for its own
 * wealth products.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param consumer - the consumer account
 * @returns `{requestId, bank, consumer, qualifiedAt, txId}` as JSON
 */
export async function qualifyInvestor(ctx: Context, requestId: string, consumer: string): Promise<string> {
  const spec = { tx: JOSP.transactions.QualifyInvestor, requestId, args: [consumer] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time }) => {
    const account = requireKeyPart(consumer, 'consumer');
    if (account === caller.account || account === TREASURY_ACCOUNT) {
      throw new InvalidArgumentError('consumer must be another account than the bank and not the treasury', { field: 'consumer' });
    }
    if (await isQualified(stub, caller.account, account)) {
      throw new AlreadyExistsError(`${account} is qualified already`, { consumer: account });
    }
    await qualifications.write(stub, { qualifiedAt: time, txId }, caller.account, account);
    return { requestId: id, bank: caller.account, consumer: account, qualifiedAt: time, txId };
  });
}
