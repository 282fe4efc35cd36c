/**
 * `GET /v1/events`: the ledger's events as Server-Sent Events (docs/events.md), from the read
 * model, for the members who may see them.
 *
 * @packageDocumentation
 */
import type { Router } from 'express';

import { currentMember } from '../auth/authenticated-member';
import { schemaRef } from '../http/openapi-parts';
import { type Exchange, type Operation, operationRouter, type OperationTable, type QueryShape } from '../http/operations';
import { validateInput } from '../http/validate';
import type { Logger } from '../logger';
import type { ReadModelControl } from '../readmodel/routes';
import type { ReadModelStore } from '../readmodel/store';
import type { EventsConfig } from './config';
import { EventsQueryDto } from './dtos';
import { eventSchemas } from './event-schemas';
import { END_OF_BLOCK, eventId, LATEST, streamFilter } from './filter';
import { streamEvents } from './stream';

/** Where the events router is mounted. */
export const EVENTS_BASE_PATH = '/v1/events';

/** What the events route needs. */
export interface EventsDeps {
  readonly store: Pick<ReadModelStore, 'events' | 'checkpoint'>;
  readonly control: Pick<ReadModelControl, 'onApplied'>;
  readonly logger: Logger;
  readonly config: EventsConfig;
}

const EVENTS_QUERY: QueryShape<EventsQueryDto> = {
  dto: EventsQueryDto,
  parameters: [
    {
      name: 'types',
      in: 'query',
      schema: { type: 'string' },
      description: 'Event names, comma separated (e.g. `RecordPurchase,Transfer`)',
    },
    {
      name: 'module',
      in: 'query',
      schema: { type: 'string' },
      description: 'Only events of this module (`points`, `josp`, `coupons`, `shelf`, `system`)',
    },
    {
      name: 'account',
      in: 'query',
      schema: { type: 'string' },
      description: 'Only events concerning this account (auditors and the platform admin; others see their own only)',
    },
    {
      name: 'after',
      in: 'query',
      schema: { type: 'string', pattern: '^(latest|\\d+-\\d+)$' },
      description: 'Start after this event id, or with `latest` after the newest block indexed; the `Last-Event-ID` header wins over it',
    },
    {
      name: 'Last-Event-ID',
      in: 'header',
      schema: { type: 'string' },
      description: 'The id of the last event received, sent by a reconnecting client',
    },
  ],
};

/** The event stream's one operation. */
export const EVENTS_OPERATIONS: OperationTable<Operation<EventsDeps>> = {
  module: 'events',
  basePath: EVENTS_BASE_PATH,
  description: 'The ledger events pushed to subscribers (docs/events.md).',
  schemas: eventSchemas(),
  operations: [
    {
      method: 'get',
      path: '',
      name: 'Stream',
      summary: 'Server-Sent Events of the ledger, in chain order, resumable by Last-Event-ID',
      query: EVENTS_QUERY,
      answer: {
        description: 'A text/event-stream of StreamedEvent messages',
        content: { 'text/event-stream': { schema: schemaRef('StreamedEvent') } },
      },
      errors: [400, 401, 403],
      serve: serveStream,
    },
  ],
};

/** Validates the query, decides what the caller may see, and streams it. */
async function serveStream(deps: EventsDeps, { req, res }: Exchange): Promise<void> {
  const query = await validateInput(EventsQueryDto, req.query, 'query');
  if (query.after === LATEST) {
    query.after = await latestEventId(deps.store);
  }
  const filter = streamFilter(currentMember(res), query, req.get('last-event-id'));
  const onApplied = (listener: (block: bigint) => void): (() => void) => deps.control.onApplied(listener);
  await streamEvents({ ...deps, ...deps.config, onApplied }, filter, req, res);
}

/** The position after the read model's newest block, as an event id; none before the first block. */
async function latestEventId(store: Pick<ReadModelStore, 'checkpoint'>): Promise<string | undefined> {
  const checkpoint = await store.checkpoint();
  return checkpoint === null ? undefined : eventId({ block: checkpoint.block, txIndex: END_OF_BLOCK });
}

/** The router of {@link EVENTS_OPERATIONS}, to mount at {@link EVENTS_BASE_PATH}. */
export function eventsRoutes(deps: EventsDeps): Router {
  return operationRouter(EVENTS_OPERATIONS, deps);
}
