import type { StoredEvent } from '../readmodel/store';
import { EVENT_MODULES, eventId } from './filter';

/** An event as the stream's `data` and a webhook's body give it (OpenAPI `StreamedEvent`). */
export interface EventMessage {
  readonly id: string;
  readonly name: string;
  readonly module: string | null;
  /** Decimal: a 64-bit value. */
  readonly block: string;
  readonly txIndex: number;
  readonly txId: string;
  readonly time: string;
  readonly payload: unknown;
}

/** The message of a stored event, the same on the stream and in a webhook. */
export function eventMessage(event: StoredEvent): EventMessage {
  return {
    id: eventId(event),
    name: event.name,
    module: EVENT_MODULES.get(event.name) ?? null,
    block: event.block.toString(),
    txIndex: event.txIndex,
    txId: event.txId,
    time: event.time,
    payload: payloadOf(event.payload),
  };
}

/** The chaincode's result JSON; a payload that is not JSON (none of the ledger's) is sent as text. */
function payloadOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
