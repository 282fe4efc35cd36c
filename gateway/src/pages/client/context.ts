import type { Lang, MessageKey } from '../view/i18n.js';
import type { JsonObject } from '../view/json.js';
import type { Api } from './api.js';

/** One event of the stream: its id (`<block>-<tx index>`), name, time and the transaction's result. */
export interface LedgerEvent {
  readonly id: string;
  readonly name: string;
  readonly time: string;
  readonly payload: JsonObject;
}

/** The logged-in member as `GET /v1/members/me` names it. */
export interface Member {
  readonly memberId: string;
  readonly role: string;
  readonly account: string;
}

/** A translation function bound to the current language. */
export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/** What every console and its sections receive. */
export interface PageContext {
  readonly api: Api;
  readonly me: Member;
  readonly lang: Lang;
  readonly t: Translate;
  /** Increases whenever the stream brought an event or the page wrote something: sections reload on it. */
  readonly version: number;
  /** Every event the stream delivered so far, oldest first. */
  readonly events: readonly LedgerEvent[];
  /** Tells the sections to reload after a write. */
  readonly refresh: () => void;
}
