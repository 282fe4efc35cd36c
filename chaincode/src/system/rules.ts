/**
 * Domain rules of the system contract, free of Fabric types so that they can be tested and
 * reasoned about without a stub.
 *
 * @packageDocumentation
 */
import { DuplicateRequestError, InvalidArgumentError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { isJsonObject } from '../ledger/state';
import type { TxInfo } from '../ledger/tx';
import { CHAINCODE_NAME, CHAINCODE_VERSION } from '../version';

/** Longest marker value accepted, in UTF-16 code units; markers are probes, not storage. */
export const MARKER_VALUE_MAX_LENGTH = 256;

// Control characters corrupt logs, and lone surrogates would be rewritten to U+FFFD when
// stored as UTF-8, making an identical retry look like a different value.
const FORBIDDEN_VALUE_CHARS = /[\p{Cc}\p{Cs}]/u;

/** A validated PutMarker request. */
export interface MarkerInput {
  readonly markerId: string;
  readonly value: string;
}

/** A marker as stored under `marker~<markerId>` and returned to clients. */
export type MarkerRecord = {
  readonly markerId: string;
  readonly value: string;
  /** Transaction that first wrote the marker. */
  readonly txId: string;
  /** Proposal timestamp of that transaction, ISO 8601. */
  readonly txTime: string;
  /** MSP id of the identity that submitted it. */
  readonly creatorMsp: string;
};

/** What PutMarker must do, decided from the current state. */
export type PutMarkerOutcome =
  { readonly kind: 'create'; readonly record: MarkerRecord } | { readonly kind: 'replay'; readonly record: MarkerRecord };

/** Answer of Ping. */
export type PingResponse = {
  readonly chaincode: string;
  readonly version: string;
  readonly txTime: string;
};

/**
 * Checks the arguments of PutMarker.
 *
 * @param markerId - client-chosen id, used as a key part
 * @param value - client-chosen value
 * @returns the validated input
 * @throws InvalidArgumentError naming the argument at fault
 */
export function validateMarkerInput(markerId: unknown, value: unknown): MarkerInput {
  const id = requireKeyPart(markerId, 'markerId');
  if (typeof value !== 'string' || value.length === 0 || value.length > MARKER_VALUE_MAX_LENGTH || FORBIDDEN_VALUE_CHARS.test(value)) {
    throw new InvalidArgumentError(`value must be 1-${MARKER_VALUE_MAX_LENGTH} characters without control characters`, {
      field: 'value',
      length: typeof value === 'string' ? value.length : null,
    });
  }
  return { markerId: id, value };
}

/**
 * Applies exactly-once semantics to a PutMarker request: the marker id is the idempotency
 * key, so a retry with the same value gets the original record back and writes nothing.
 *
 * @param existing - the stored marker, if any
 * @param input - the validated request
 * @param tx - facts of the running transaction, recorded only on creation
 * @returns whether to create the record or replay the stored one
 * @throws DuplicateRequestError when the id already holds a different value
 */
export function decidePutMarker(existing: MarkerRecord | undefined, input: MarkerInput, tx: TxInfo): PutMarkerOutcome {
  if (existing === undefined) {
    return {
      kind: 'create',
      record: {
        markerId: input.markerId,
        value: input.value,
        txId: tx.txId,
        txTime: tx.txTime,
        creatorMsp: tx.creatorMsp,
      },
    };
  }
  if (existing.value !== input.value) {
    throw new DuplicateRequestError(`marker ${input.markerId} already exists with a different value`, {
      markerId: input.markerId,
      txId: existing.txId,
    });
  }
  return { kind: 'replay', record: existing };
}

/**
 * Checks a stored marker read back from state.
 *
 * @param value - decoded JSON
 * @returns the marker record
 * @throws Error when the shape is not a marker record
 */
export function parseMarkerRecord(value: unknown): MarkerRecord {
  if (!isJsonObject(value)) {
    throw new Error('marker record is not an object');
  }
  const { markerId, value: markerValue, txId, txTime, creatorMsp } = value;
  if (
    typeof markerId !== 'string' ||
    typeof markerValue !== 'string' ||
    typeof txId !== 'string' ||
    typeof txTime !== 'string' ||
    typeof creatorMsp !== 'string'
  ) {
    throw new Error('marker record lacks a string field');
  }
  return { markerId, value: markerValue, txId, txTime, creatorMsp };
}

/**
 * Builds the answer of Ping.
 *
 * @param txTime - proposal timestamp, ISO 8601
 * @returns chaincode name, release and the transaction time
 */
export function pingResponse(txTime: string): PingResponse {
  return { chaincode: CHAINCODE_NAME, version: CHAINCODE_VERSION, txTime };
}
