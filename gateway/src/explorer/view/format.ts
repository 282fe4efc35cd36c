/*
 * Pure helpers of the explorer page: reading untyped JSON safely and formatting it as escaped HTML text.
 * No DOM here, so the gateway's unit tests cover them without a browser.
 */

/** A JSON object, or null when `value` is not one. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The array at `obj[name]`, or an empty one. */
export function listField(obj: Record<string, unknown> | null, name: string): unknown[] {
  const value = obj?.[name];
  return Array.isArray(value) ? value : [];
}

/** `obj[name]` as display text: strings as they are, numbers and booleans printed, anything else `–`. */
export function textField(obj: Record<string, unknown> | null, name: string): string {
  const value = obj?.[name];
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '–';
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Shortens a hash or transaction id for tables, keeping both ends recognisable. */
export function shortId(id: string, keep = 8): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`;
}

/** An ISO instant as `yyyy-mm-dd hh:mm:ss` UTC, or the input unchanged when it is not one. */
export function formatTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]} UTC`;
}

/** Transactions per second with two decimals (`0.35 tx/s`). */
export function formatRate(perSecond: number): string {
  return `${perSecond.toFixed(2)} tx/s`;
}

/** Pretty JSON for record values, escaped. */
export function jsonBlock(value: unknown): string {
  return `<pre>${escapeHtml(prettyJson(value) ?? 'null')}</pre>`;
}

/** JSON.stringify as it behaves: undefined for undefined (and functions), which its declared type omits. */
function prettyJson(value: unknown): string | undefined {
  return JSON.stringify(value, null, 2);
}
