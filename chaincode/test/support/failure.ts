/** Calls that must fail: a refused transaction, decoded to its typed ledger error, and what a synchronous call throws. */
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

/**
 * What a synchronous call throws, for `toMatchObject` on its properties (jest's `toThrow` takes no
 * typed object matcher).
 *
 * @param run - the call that must throw
 * @returns what it threw
 * @throws Error when the call returns
 */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
