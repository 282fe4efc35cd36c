/**
 * Who may see which events, and what a stream asks for: the request's query and `Last-Event-ID`
 * checked once into an {@link EventQuery} without its page size.
 *
 * @packageDocumentation
 */
import { eventContracts } from '@loulan/protocol';

import type { AuthenticatedMember } from '../auth/authenticated-member';
import { ForbiddenError, ValidationError } from '../errors';
import { PLATFORM_ADMIN_ROLE } from '../members/roles';
import type { EventPosition, EventQuery } from '../readmodel/store';
import { EVENT_ID_PATTERN, type EventsQueryDto } from './dtos';

/** Roles that see every event: the auditors and the platform operator. */
export const ALL_EVENTS_ROLES: readonly string[] = ['auditor', PLATFORM_ADMIN_ROLE];

/** Every event name, with the module whose write emits it. */
export const EVENT_MODULES: ReadonlyMap<string, string> = eventContracts();

/** The transaction index that stands for "after the whole block": above any index a block can hold. */
export const END_OF_BLOCK = 999_999;

/** The `after` that starts a stream at the read model's newest block instead of the chain's first event. */
export const LATEST = 'latest';

/** What one stream sends: the events after a position, of some names, of some account. */
export type StreamFilter = Omit<EventQuery, 'limit'>;

/** Which events a stream or a subscription asks for, before the caller's rights are applied. */
export interface EventSelection {
  /** Event names; every name when absent. */
  readonly types?: readonly string[];
  /** Only the events of this module. */
  readonly module?: string;
  /** Only the events concerning this account. */
  readonly account?: string;
}

/**
 * @param caller - the member opening the stream
 * @param query - the validated query
 * @param lastEventId - the `Last-Event-ID` header of a reconnecting client, which wins over `after`
 * @returns the stream's filter
 * @throws ValidationError on an unknown event name or module, or a malformed event id
 * @throws ForbiddenError when a member who may only see its own account's events asks for another's
 */
export function streamFilter(caller: AuthenticatedMember, query: EventsQueryDto, lastEventId: string | undefined): StreamFilter {
  const after = positionOf(lastEventId ?? query.after);
  const selection: EventSelection = {
    ...(query.types === undefined ? {} : { types: query.types.split(',') }),
    ...(query.module === undefined ? {} : { module: query.module }),
    ...(query.account === undefined ? {} : { account: query.account }),
  };
  return { ...(after === undefined ? {} : { after }), ...visibleEvents(caller, selection) };
}

/**
 * The event names and account a caller's selection comes to: a member who may not see every event
 * gets those of its own account only (docs/events.md, "Who sees what").
 *
 * @throws ValidationError on an unknown event name or module
 * @throws ForbiddenError when a member who may only see its own account's events asks for another's
 */
export function visibleEvents(caller: AuthenticatedMember, selection: EventSelection): { names?: readonly string[]; account?: string } {
  const names = namesOf(selection.types, selection.module);
  return { ...(names === undefined ? {} : { names }), ...accountOf(caller, selection.account) };
}

/** True when the member may receive events at all: it sees every event, or holds an account. */
export function mayReceiveEvents(caller: Pick<AuthenticatedMember, 'role' | 'account'>): boolean {
  return ALL_EVENTS_ROLES.includes(caller.role) || caller.account !== null;
}

/** The id the stream gives the event at a position. */
export function eventId(position: EventPosition): string {
  return `${position.block.toString()}-${String(position.txIndex)}`;
}

function positionOf(id: string | undefined): EventPosition | undefined {
  if (id === undefined) {
    return undefined;
  }
  const match = EVENT_ID_PATTERN.exec(id);
  if (match === null) {
    throw new ValidationError('Last-Event-ID must be an event id <block>-<index>', {
      details: { fields: { 'Last-Event-ID': ['must be an event id <block>-<index>'] } },
    });
  }
  return { block: BigInt(match[1] ?? '0'), txIndex: Number(match[2]) };
}

function namesOf(types: readonly string[] | undefined, module: string | undefined): readonly string[] | undefined {
  const unknown = (types ?? []).filter((name) => !EVENT_MODULES.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(`unknown event types: ${unknown.join(', ')}`, {
      details: { fields: { types: ['must name events of the ledger'] } },
    });
  }
  if (module !== undefined && ![...EVENT_MODULES.values()].includes(module)) {
    throw new ValidationError(`unknown module ${module}`, {
      details: { fields: { module: ['must be a module whose writes emit events'] } },
    });
  }
  const ofModule = module === undefined ? undefined : [...EVENT_MODULES].filter(([, m]) => m === module).map(([name]) => name);
  if (types === undefined) {
    return ofModule;
  }
  return ofModule === undefined ? types : types.filter((name) => ofModule.includes(name));
}

function accountOf(caller: AuthenticatedMember, account: string | undefined): { account?: string } {
  if (ALL_EVENTS_ROLES.includes(caller.role)) {
    return account === undefined ? {} : { account };
  }
  if (caller.account === null || (account !== undefined && account !== caller.account)) {
    throw new ForbiddenError('a member may stream the events of its own account only', {
      details: { account: account ?? null },
    });
  }
  return { account: caller.account };
}
