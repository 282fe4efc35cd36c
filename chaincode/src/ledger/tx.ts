/**
 * Facts about the running transaction, read the same way by every module.
 *
 * Only values carried in the proposal are used: they are identical on every endorsing peer,
 * whereas the peer's clock (Date.now) differs between peers and would split endorsements.
 *
 * @packageDocumentation
 */

/** The stub capabilities that describe the running transaction. */
export interface TxStub {
  getTxID(): string;
  getTxTimestamp(): { seconds: { toNumber(): number }; nanos: number };
  getCreator(): { mspid: string };
}

/** Who submitted the running transaction, and when, as stored in records. */
export interface TxInfo {
  readonly txId: string;
  /** Client-assigned proposal timestamp, ISO 8601 with millisecond precision. */
  readonly txTime: string;
  /** MSP id of the submitting identity. */
  readonly creatorMsp: string;
}

/**
 * Reads the proposal timestamp.
 *
 * @param stub - normally `ctx.stub`
 * @returns the timestamp as ISO 8601 UTC, truncated to milliseconds
 */
export function txTimeIso(stub: Pick<TxStub, 'getTxTimestamp'>): string {
  return new Date(txTimeMillis(stub)).toISOString();
}

/**
 * Reads the proposal timestamp as a number, for calendar arithmetic.
 *
 * @param stub - normally `ctx.stub`
 * @returns milliseconds since the Unix epoch, truncated to whole milliseconds
 */
export function txTimeMillis(stub: Pick<TxStub, 'getTxTimestamp'>): number {
  const { seconds, nanos } = stub.getTxTimestamp();
  return seconds.toNumber() * 1000 + Math.floor(nanos / 1_000_000);
}

/**
 * Collects the transaction facts that records keep.
 *
 * @param stub - normally `ctx.stub`
 * @returns id, time and submitting MSP of the running transaction
 */
export function txInfo(stub: TxStub): TxInfo {
  return { txId: stub.getTxID(), txTime: txTimeIso(stub), creatorMsp: stub.getCreator().mspid };
}
