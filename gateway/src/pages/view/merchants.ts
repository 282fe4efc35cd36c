import { type JsonObject, textAt } from './json.js';
import type { NamedPayload } from './market.js';

/*
 * The platform's merchant list. The ledger has no list of merchants, but every registration is a
 * `RegisterMerchant` event, which the platform admin sees (docs/events.md): the stream from the
 * chain's first event names every merchant once.
 */

/** The registered merchants, in order of registration, each once. */
export function merchantsOf(events: readonly NamedPayload[]): JsonObject[] {
  const byId = new Map<string, JsonObject>();
  for (const event of events) {
    const id = textAt(event.payload, 'merchantId');
    if (event.name === 'RegisterMerchant' && id !== '–' && !byId.has(id)) {
      byId.set(id, event.payload);
    }
  }
  return [...byId.values()];
}
