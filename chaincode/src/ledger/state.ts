/**
 * Typed JSON access to world state.
 *
 * Every endorsing peer must produce byte-identical write sets, so values are written with
 * {@link stableStringify} (sorted keys, no optional whitespace). Values read back are
 * untrusted bytes until a caller-supplied parser has checked them.
 *
 * @packageDocumentation
 */
import { displayKey } from './keys';

/** A value that JSON can represent exactly. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Turns untrusted decoded JSON into a typed value, throwing when the shape is wrong.
 * Used instead of a cast so that a stored record's type is checked, not assumed.
 */
export type Parser<T> = (value: unknown) => T;

/** The stub capabilities state access needs, so it works with the real stub and test fakes. */
export interface StateStub {
  getState(key: string): Promise<Uint8Array>;
  putState(key: string, value: Uint8Array): Promise<void>;
}

/**
 * Serialises JSON deterministically: object keys sorted, no whitespace.
 *
 * @param value - the value to encode
 * @returns the canonical JSON text
 * @throws Error for values JSON cannot represent exactly (non-finite numbers, undefined,
 *   functions, bigint), which plain JSON.stringify would silently alter or drop
 */
export function stableStringify(value: JsonValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`cannot encode non-finite number ${value} as JSON`);
    }
    return JSON.stringify(value);
  }
  if (isArray(value)) {
    return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const members = Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`);
    return `{${members.join(',')}}`;
  }
  throw new Error(`cannot encode a value of type ${typeof value} as JSON`);
}

/**
 * Reads and parses a JSON value.
 *
 * @param stub - state access, normally `ctx.stub`
 * @param key - full state key
 * @param parse - checks the decoded JSON and returns it typed
 * @returns the parsed value, or undefined when the key holds nothing
 * @throws Error when the stored bytes are not JSON or fail `parse`; that is a defect or
 *   corruption, not a client mistake, so it is deliberately not a LedgerError
 */
export async function getJson<T>(stub: StateStub, key: string, parse: Parser<T>): Promise<T | undefined> {
  const bytes = await stub.getState(key);
  // Fabric reports a missing key as an empty value, never as null.
  if (bytes.length === 0) {
    return undefined;
  }
  return decodeStored(key, bytes, parse);
}

/**
 * Decodes stored bytes, e.g. a value returned by a range query.
 *
 * @param key - the key the bytes were read from, named in the error
 * @param bytes - stored JSON
 * @param parse - checks the decoded JSON and returns it typed
 * @returns the parsed value
 * @throws Error when the bytes are not JSON or fail `parse` (a defect, see {@link getJson})
 */
export function decodeStored<T>(key: string, bytes: Uint8Array, parse: Parser<T>): T {
  try {
    return parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (cause) {
    throw new Error(`stored value at ${displayKey(key)} is unreadable`, { cause });
  }
}

/**
 * Writes a value as canonical JSON.
 *
 * @param stub - state access, normally `ctx.stub`
 * @param key - full state key
 * @param value - the value to store
 */
export async function putJson(stub: StateStub, key: string, value: JsonValue): Promise<void> {
  await stub.putState(key, Buffer.from(stableStringify(value), 'utf8'));
}

/**
 * Narrows decoded JSON to an object whose fields are still unchecked; the first step of
 * most {@link Parser}s.
 *
 * @param value - decoded JSON
 * @returns true for a non-null, non-array object
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Array.isArray does not narrow readonly arrays out of a union.
function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}
