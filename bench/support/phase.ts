/** A phase of the bench: its name and sizing, the load, and how many operations a successful send commits. */
export interface Phase {
  readonly phase: string;
  readonly unit: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly sends: number;
  readonly inFlight: number;
  /** Each in-flight sender sends its share in order (a device), rather than the next of all sends. */
  readonly sequentialPerSender?: boolean;
  /** Sends at this rate, however many are in flight (open loop), rather than `inFlight` at a time. */
  readonly perSecond?: number;
  /** Filled by `send` with what the gateway added to each write's Fabric call, when the phase measures it. */
  readonly gatewayAddedMs?: number[];
  /** Resolves to the operations committed, or a failure label. */
  send(index: number): Promise<number | string>;
}
