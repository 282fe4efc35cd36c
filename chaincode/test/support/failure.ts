/** Runs a transaction that must be refused and decodes the typed ledger error it throws. */
import { type LedgerErrorPayload, parseLedgerError } from '@loulan/protocol';

/**
 * @param run - the transaction call
 * @returns the decoded error
 * @throws Error when the call succeeds or throws something that is not a ledger error
 */
export async function expectLedgerError(run: () => Promise<unknown>): Promise<LedgerErrorPayload> {
  let message: string | undefined;
  try {
    await run();
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  if (message === undefined) {
    throw new Error('expected the transaction to fail');
  }
  const payload = parseLedgerError(message);
  if (payload === undefined) {
    throw new Error(`not a ledger error: ${message}`);
  }
  return payload;
}
