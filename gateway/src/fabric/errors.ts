import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { parseLedgerError } from '@loulan/protocol';

import { AppError } from '../errors';

/** Options common to the Fabric error classes. */
export interface FabricErrorOptions {
  /** Fabric transaction id, when the failure happened after a proposal was created. */
  readonly transactionId?: string;
  readonly cause?: unknown;
}

/**
 * The peer could not be reached or did not answer in time (gRPC UNAVAILABLE or DEADLINE_EXCEEDED), a write
 * reached its deadline, or the ordering service lacks a quorum (readiness).
 *
 * When `outcomeUnknown` is true the transaction had already been sent to ordering, so it may still
 * commit: a retry must carry the same business id (it is then applied once), and the journal settles it.
 */
export class NetworkUnavailableError extends AppError {
  override readonly name = 'NetworkUnavailableError';
  readonly transactionId?: string;
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    options: FabricErrorOptions & {
      readonly outcomeUnknown?: boolean;
      /** Further facts for the client, e.g. the ordering probe behind a failed readiness check. */
      readonly details?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    const outcomeUnknown = options.outcomeUnknown ?? false;
    // Only with an unknown outcome does the client need the id: to find out later whether its request took effect.
    const details =
      outcomeUnknown && options.transactionId !== undefined
        ? { ...options.details, transactionId: options.transactionId, outcomeUnknown }
        : options.details;
    super('NETWORK_UNAVAILABLE', message, { cause: options.cause, ...(details === undefined ? {} : { details }) });
    this.outcomeUnknown = outcomeUnknown;
    if (options.transactionId !== undefined) {
      this.transactionId = options.transactionId;
    }
  }
}

/** The transaction was ordered but the peers marked it invalid (e.g. MVCC_READ_CONFLICT); nothing was written. */
export class TransactionFailedError extends AppError {
  override readonly name = 'TransactionFailedError';
  readonly transactionId: string;
  /** Fabric's `TxValidationCode` number, as in fabric-gateway's `StatusCode`. */
  readonly validationCode: number;

  constructor(transactionId: string, validationCode: number, options: { readonly cause?: unknown } = {}) {
    const validationName = validationCodeName(validationCode);
    super('TRANSACTION_FAILED', `transaction ${transactionId} was not committed: ${validationName}`, {
      cause: options.cause,
      details: { transactionId, validationCode: validationName },
    });
    this.transactionId = transactionId;
    this.validationCode = validationCode;
  }
}

/** A transaction refused before anything of it was ordered, named by its id so a client can report it. */
abstract class UnorderedTransactionError extends AppError {
  readonly transactionId: string;

  protected constructor(code: string, message: string, transactionId: string, cause: unknown) {
    super(code, message, { cause, details: { transactionId } });
    this.transactionId = transactionId;
  }
}

/**
 * Endorsers kept returning different results for the same proposal — peers at different heights while
 * the keys it reads are being changed. Nothing was ordered; the same request may be sent again.
 */
export class EndorsementMismatchError extends UnorderedTransactionError {
  override readonly name = 'EndorsementMismatchError';

  constructor(transactionId: string, options: { readonly cause?: unknown } = {}) {
    super(
      'ENDORSEMENT_MISMATCH',
      'endorsing peers disagreed on the result while its data was changing; retry',
      transactionId,
      options.cause,
    );
  }
}

/** The chaincode rejected the request; `code`, `message` and `details` are the chaincode's own. */
export class ChaincodeError extends AppError {
  override readonly name = 'ChaincodeError';
  readonly transactionId?: string;

  constructor(code: string, message: string, options: FabricErrorOptions & { readonly details?: Readonly<Record<string, unknown>> } = {}) {
    super(code, message, { cause: options.cause, details: options.details });
    if (options.transactionId !== undefined) {
      this.transactionId = options.transactionId;
    }
  }
}

/**
 * The ordering service refused the transaction for its size: more than one transaction may carry
 * on this network (with the pinned Fabric build's SmartBFT, 500 KiB). Nothing was ordered; the same
 * request can never commit, a smaller one (fewer batch lines) can.
 */
export class TransactionTooLargeError extends UnorderedTransactionError {
  override readonly name = 'TransactionTooLargeError';

  constructor(transactionId: string, options: { readonly cause?: unknown } = {}) {
    const message = 'the ordering service refused the transaction as too large; send fewer lines per batch';
    super('TRANSACTION_TOO_LARGE', message, transactionId, options.cause);
  }
}

// How ordering nodes word a size refusal: SmartBFT ("submitted request (N) is bigger than request max
// bytes (M)") and the broadcast size filter of Raft ("message payload is N bytes and exceeds maximum
// allowed M bytes"); the peer gateway passes them on in the details of its error.
const OVERSIZED_PATTERNS: readonly RegExp[] = [/is bigger than request/, /exceeds maximum allowed \d+ bytes/];

/**
 * @param err - what submitting a signed transaction threw
 * @returns true when the ordering service refused the transaction for its size, which no retry changes
 */
export function isOversizedTransaction(err: unknown): boolean {
  if (!(err instanceof GatewayError)) {
    return false;
  }
  const texts = [err.message, ...err.details.map((detail) => detail.message)];
  return texts.some((text) => OVERSIZED_PATTERNS.some((pattern) => pattern.test(text)));
}

/** Any other failure reported by the Fabric Gateway (access denied, endorsement mismatch...): a server-side fault. */
export class FabricRequestError extends AppError {
  override readonly name = 'FabricRequestError';
  readonly transactionId?: string;
  /** gRPC status code returned by the peer. */
  readonly grpcCode: number;

  constructor(grpcCode: number, message: string, options: FabricErrorOptions = {}) {
    super('FABRIC_REQUEST_FAILED', message, { cause: options.cause });
    this.grpcCode = grpcCode;
    if (options.transactionId !== undefined) {
      this.transactionId = options.transactionId;
    }
  }
}

const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]);
// Thrown once the transaction may have reached the orderer; SubmitError is only exported as a type, hence names.
const AFTER_SUBMIT_ERRORS: ReadonlySet<string> = new Set(['SubmitError', 'CommitStatusError']);

/**
 * Translates an error thrown by fabric-gateway into one of the typed errors above.
 *
 * @param transactionId - used when the error itself does not carry one (plain GatewayError from evaluate).
 * @returns the translated error; `AppError`s and unrelated errors are returned unchanged.
 */
export function fromFabricError(err: unknown, transactionId?: string): Error {
  if (err instanceof AppError) {
    return err;
  }
  if (err instanceof CommitError) {
    return new TransactionFailedError(err.transactionId, err.code, { cause: err });
  }
  if (!(err instanceof GatewayError)) {
    return err instanceof Error ? err : new Error(String(err));
  }

  const txId = 'transactionId' in err && typeof err.transactionId === 'string' ? err.transactionId : transactionId;
  const context = { cause: err, ...(txId === undefined ? {} : { transactionId: txId }) };
  if (UNAVAILABLE_CODES.has(err.code)) {
    return new NetworkUnavailableError(`Fabric peer unavailable or too slow (${GrpcStatus[err.code]})`, {
      ...context,
      outcomeUnknown: AFTER_SUBMIT_ERRORS.has(err.name),
    });
  }
  // Endorsement failures carry the chaincode's text only in the details; evaluate failures in both.
  // Read tolerantly: a chaincode newer than this gateway may answer with a code it does not know yet,
  // and that is still a business refusal (422, see http/errors.ts), not a gateway fault.
  const candidates = [...err.details.map((detail) => detail.message), err.message];
  const chaincodeError = candidates.map((text) => parseLedgerError(text, { tolerant: true })).find((parsed) => parsed !== undefined);
  if (chaincodeError !== undefined) {
    const { code, message, details } = chaincodeError;
    return new ChaincodeError(code, message, { ...context, details });
  }
  if (err instanceof EndorseError && isShortOfEndorsers(err)) {
    // No chaincode refused it: too few of the peers the endorsement policy needs answered (stopped, or
    // just stopped and still in discovery's view). Nothing reached ordering; the same request can
    // commit once enough organisations' peers are back.
    return new NetworkUnavailableError("not enough organisations' peers endorsed the transaction for its endorsement policy", {
      ...context,
      outcomeUnknown: false,
    });
  }
  return new FabricRequestError(err.code, err.message, context);
}

// Discovery's answer when the peers that are up cannot satisfy the endorsement policy.
const NO_ENDORSEMENT_PLAN = /no combination of peers can be derived which satisfy the endorsement policy/;

// Plain numbers: fabric-gateway types `code` as a number, not as grpc-js's enum.
const ABORTED: number = GrpcStatus.ABORTED;
const FAILED_PRECONDITION: number = GrpcStatus.FAILED_PRECONDITION;

/** Too few peers answered (ABORTED), or discovery knows too few that could (no endorsement plan). */
function isShortOfEndorsers(err: EndorseError): boolean {
  return err.code === ABORTED || (err.code === FAILED_PRECONDITION && NO_ENDORSEMENT_PLAN.test(err.message));
}

function validationCodeName(code: number): string {
  return Object.entries(StatusCode).find(([, value]) => value === code)?.[0] ?? String(code);
}
