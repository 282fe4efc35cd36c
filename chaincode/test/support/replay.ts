/**
 * What a retry of an executed request gets from the ledger, in every contract: the endorsement
 * is refused with `REQUEST_COMMITTED` naming the first transaction (so the retry is never
 * ordered), and `points:GetRequest` answers the first result.
 */
import type { LedgerErrorPayload } from '@loulan/protocol';

import { PointsContract } from '../../src/points/contract';
import { newContext } from './context';
import type { FakeLedger } from './fake-ledger';
import { parseJsonObject, stringField } from './json';
import { match } from './matchers';
import type { Who } from './points';

/** `points:GetRequest` as `as` on the committed state of `ledger`; the caller's record, decoded. */
export async function requestRecord(
  ledger: FakeLedger,
  as: Who,
  requestId: string,
): Promise<{ requestId: string; txId: string; result: string }> {
  const stub = ledger.stub({ ...as, txId: `get-request-${requestId}` });
  const record = parseJsonObject(await new PointsContract().GetRequest(newContext(stub), requestId));
  return { requestId: stringField(record, 'requestId'), txId: stringField(record, 'txId'), result: stringField(record, 'result') };
}

/**
 * Checks that `retry` is the refusal of an executed request, naming the transaction of the
 * caller's request record, and that the record still answers the first result unchanged.
 *
 * @param ledger - the driver's ledger
 * @param as - who retried
 * @param retry - the decoded refusal
 * @param requestId - the business id
 * @param first - the first answer, as JSON text or decoded
 * @returns the id of the transaction that executed the request
 */
export async function expectRefusedRetry(
  ledger: FakeLedger,
  as: Who,
  retry: LedgerErrorPayload,
  requestId: string,
  first: string | Record<string, unknown>,
): Promise<string> {
  const record = await requestRecord(ledger, as, requestId);
  expect(retry).toEqual({ code: 'REQUEST_COMMITTED', message: match.any(String), details: { requestId, txId: record.txId } });
  expect(JSON.parse(record.result)).toEqual(typeof first === 'string' ? JSON.parse(first) : first);
  return record.txId;
}
