/**
 * The only view of Fabric the rest of the gateway has. Services depend on this interface, never on
 * fabric-gateway or gRPC types, so tests can swap in a fake and the SDK stays in one place.
 *
 * Every method rejects with the typed errors of ./errors (NetworkUnavailableError, ChaincodeError,
 * TransactionFailedError, FabricRequestError).
 */
export interface FabricGateway {
  /** Runs a read-only transaction on one peer; nothing is ordered or written. */
  evaluate(contract: string, transaction: string, args: readonly string[], options?: CallOptions): Promise<Uint8Array>;

  /**
   * Endorses, orders and waits for the commit of a transaction, resolving only once it is valid on the ledger.
   * Read conflicts are retried with a fresh proposal; an unknown outcome is resolved by transaction id.
   */
  submit(contract: string, transaction: string, args: readonly string[], options?: SubmitOptions): Promise<SubmitResult>;

  /** Releases the connection; later calls fail. Safe to call more than once. */
  close(): void;
}

/**
 * A Fabric identity able to sign, shaped exactly like fabric-gateway's `Identity` and `Signer` so a member's
 * credentials can be passed through without this module's callers importing the SDK.
 */
export interface CallerIdentity {
  readonly identity: { readonly mspId: string; readonly credentials: Uint8Array };
  /** Signs a message digest (fabric-gateway's `Signer`). */
  readonly signer: (digest: Uint8Array) => Promise<Uint8Array>;
}

/** Per-call overrides of the configured defaults. */
export interface CallOptions {
  /** Deadline for this call in milliseconds, instead of the configured default. */
  readonly timeoutMs?: number;
  /** Identity the call runs under; the gateway's own service identity when absent. */
  readonly caller?: CallerIdentity;
  /** Chaincode to call instead of the configured one, e.g. the system chaincode `qscc`. */
  readonly chaincode?: string;
  /** Run on a peer of one of these MSP ids (Fabric Gateway target organisations). */
  readonly endorsingOrganizations?: readonly string[];
}

/** Options of {@link FabricGateway.submit}. */
export interface SubmitOptions {
  /** Identity the transaction is signed with; the gateway's own service identity when absent. */
  readonly caller?: CallerIdentity;
}

/** Outcome of a committed transaction. */
export interface SubmitResult {
  /** The chaincode's return value, as endorsed. */
  readonly result: Uint8Array;
  readonly transactionId: string;
  readonly blockNumber: bigint;
}
