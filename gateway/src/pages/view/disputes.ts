import { type JsonObject, textAt } from './json.js';

/*
 * The shelf disputes the platform has to resolve. The ledger has no list of disputed statements, but
 * the platform admin sees every event (docs/events.md): each `DisputeStatement` and `ResolveDispute`
 * event carries the statement as it became, so the last one per shelf-day tells whether it is open.
 */

/** The event names that change a statement's dispute state. */
export const DISPUTE_EVENTS = ['DisputeStatement', 'ResolveDispute'] as const;

/** A shelf-day statement's key: its shelf and Shanghai day. */
export function statementKey(statement: JsonObject): string {
  return `${textAt(statement, 'shelfId')}/${textAt(statement, 'day')}`;
}

/** Folds one event's statement into the latest statement per shelf-day. */
export function foldStatement(latest: ReadonlyMap<string, JsonObject>, statement: JsonObject): Map<string, JsonObject> {
  const next = new Map(latest);
  next.set(statementKey(statement), statement);
  return next;
}

/** The statements whose latest state is `disputed`, oldest dispute first. */
export function openDisputes(latest: ReadonlyMap<string, JsonObject>): JsonObject[] {
  return [...latest.values()].filter((statement) => textAt(statement, 'status') === 'disputed');
}
