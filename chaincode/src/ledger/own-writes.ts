/**
 * Read-your-writes for a transaction that writes one key more than once: Fabric answers
 * `getState` from committed state only, so the second of two read-modify-writes of a key (a
 * batch's lines adding to one total, say) would overwrite the first instead of adding to it.
 *
 * Limits of the view:
 *
 * - only `getState` sees the writes, and only those made through the view: range and
 *   partial-composite-key reads, history and private data answer committed state as the stub
 *   does, so a caller must not range-read keys it writes in the same transaction (or must add
 *   its own writes to the result itself);
 * - a write made through the underlying stub directly (the points book's, which keeps its own
 *   record of what it wrote) is not seen either.
 *
 * @packageDocumentation
 */
import { overrideStateCalls, type StateCalls, type Stub } from './stub';

/**
 * Wraps a stub so that `getState` answers this transaction's earlier `putState` and
 * `deleteState` made through the wrapper (a deleted key reads as empty, as a missing key does),
 * and the ledger otherwise. Writes still go to the stub, so the transaction's write set is the
 * same as without the view.
 *
 * @param stub - normally `ctx.stub`
 * @returns the view, usable wherever the stub is
 */
export function ownWrites(stub: Stub): Stub {
  const written = new Map<string, Uint8Array>();
  const overridden: StateCalls = {
    async getState(key) {
      const own = written.get(key);
      return own === undefined ? stub.getState(key) : Uint8Array.from(own);
    },
    async putState(key, value) {
      await stub.putState(key, value);
      written.set(key, Uint8Array.from(value));
    },
    async deleteState(key) {
      await stub.deleteState(key);
      written.set(key, new Uint8Array());
    },
  };
  return overrideStateCalls(stub, overridden);
}
