/**
 * One round trip to the peer per key and transaction. Every `getState`, `putState` and
 * `deleteState` of the shim is a message to the peer and its answer, and in a batch of purchases
 * those messages were most of the chaincode's CPU (and much of the peer's): half of the reads
 * were of keys the transaction had read already (parameters, the merchant, its lane, totals)
 * and a quarter of the writes rewrote a key it had written already (the totals every line adds
 * to). This view asks the peer once for each key it reads and sends each key's last write once,
 * when the transaction ends.
 *
 * What the transaction sees does not change: `getState` answers committed state, as Fabric's
 * does (ledger/own-writes.ts adds read-your-writes where an operation wants them), the same key
 * reads the same value twice in Fabric too, and the write set Fabric builds keeps each key's
 * last write only. Range, history and private-data calls go to the stub as they are.
 *
 * @packageDocumentation
 */
import { overrideStateCalls, type StateCalls, type Stub } from './stub';

/** A view of a transaction's stub, and the call that sends its writes. */
export interface TxState {
  /** The stub to run the transaction on. */
  readonly stub: Stub;
  /**
   * Sends each written key's last write to the peer, in the order the keys were first written.
   * Called once, when the transaction's operation has succeeded; a transaction that fails
   * sends nothing, which Fabric would have discarded anyway.
   */
  flush(): Promise<void>;
}

/**
 * @param stub - the transaction's stub, normally `ctx.stub`
 * @returns the view and its flush
 */
export function txState(stub: Stub): TxState {
  const committed = new Map<string, Promise<Uint8Array>>();
  // null marks a delete.
  const pending = new Map<string, Uint8Array | null>();
  const overridden: StateCalls = {
    async getState(key) {
      let read = committed.get(key);
      if (read === undefined) {
        read = stub.getState(key);
        committed.set(key, read);
      }
      return Uint8Array.from(await read);
    },
    async putState(key, value) {
      pending.set(key, Uint8Array.from(value));
      return Promise.resolve();
    },
    async deleteState(key) {
      pending.set(key, null);
      return Promise.resolve();
    },
  };
  const view = overrideStateCalls(stub, overridden);
  return { stub: view, flush: async () => sendWrites(stub, pending) };
}

async function sendWrites(stub: Stub, pending: Map<string, Uint8Array | null>): Promise<void> {
  for (const [key, value] of pending) {
    await (value === null ? stub.deleteState(key) : stub.putState(key, value));
  }
  pending.clear();
}
