/**
 * The OpenAPI schemas of the events the stream sends and webhooks deliver (docs/events.md): one
 * per event name, `<Event>Event`, whose `payload` is the result schema of the write that emits it
 * (`<Module><Transaction>Result`, from @loulan/protocol's result tables), and `StreamedEvent`, any
 * one of them told apart by `name`.
 *
 * @packageDocumentation
 */
import { writeResults } from '@loulan/protocol';

import { type OpenApiObject, schemaRef } from '../http/openapi-parts';
import { resultSchemaName } from '../http/operations';

/**
 * @param event - an event name of the ledger
 * @returns the name of its schema in `components.schemas`: `RecordPurchaseEvent`
 */
export function eventSchemaName(event: string): string {
  return `${event}Event`;
}

/** The envelope every event shares, `name`, `module` and `payload` fixed by its write. */
function eventSchema(event: string, contract: string, transaction: string, result: string): OpenApiObject {
  return {
    type: 'object',
    description: `The \`${event}\` event, which \`${contract}:${transaction}\` emits; its \`payload\` is that write's result`,
    required: ['id', 'name', 'module', 'block', 'txIndex', 'txId', 'time', 'payload'],
    properties: {
      id: { type: 'string', pattern: '^\\d+-\\d+$', description: '<block>-<transaction index>' },
      name: { type: 'string', enum: [event] },
      module: { type: 'string', enum: [contract] },
      block: { type: 'string', pattern: '^\\d+$' },
      txIndex: { type: 'integer' },
      txId: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      payload: schemaRef(result),
    },
  };
}

/**
 * @returns the schema of each event of the ledger, and `StreamedEvent`: the `data` of an SSE message
 *   and the body of a webhook delivery, one of them by `name`
 */
export function eventSchemas(): OpenApiObject {
  const events = writeResults().map(({ transaction, event }) => ({
    event,
    schema: eventSchema(event, transaction.contract, transaction.name, resultSchemaName(transaction)),
  }));
  const refs = events.map(({ event }) => schemaRef(eventSchemaName(event)));
  return {
    ...Object.fromEntries(events.map(({ event, schema }) => [eventSchemaName(event), schema])),
    StreamedEvent: {
      description: 'The `data` of each SSE message; its `id` is the SSE id and `name` its SSE event type, which tells its schema',
      oneOf: refs,
      discriminator: {
        propertyName: 'name',
        mapping: Object.fromEntries(events.map(({ event }) => [event, `#/components/schemas/${eventSchemaName(event)}`])),
      },
    },
  };
}
