/**
 * Decoding of JSON a test reads back (transaction results, files, child process output) without
 * trusting its shape: each helper either returns `unknown` for the test to assert on, or checks the
 * shape it returns and fails the test clearly when the text holds something else.
 */
import type { Json } from './driver';

/**
 * @param text - JSON text
 * @returns the decoded value, of a shape the caller still has to check
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/**
 * @param value - a decoded JSON value
 * @returns true when it is an object (not an array, not null)
 */
export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param text - JSON text of an object
 * @returns the decoded object
 * @throws Error when the text holds anything else
 */
export function parseJsonObject(text: string): Json {
  const value = parseJson(text);
  if (!isJsonObject(value)) {
    throw new Error(`expected a JSON object, got ${text.slice(0, 200)}`);
  }
  return value;
}

/**
 * @param object - a decoded JSON object
 * @param name - the field to read
 * @returns the field's value
 * @throws Error when the field is not a string
 */
export function stringField(object: Json, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') {
    throw new Error(`expected ${name} to be a string, got ${typeof value}`);
  }
  return value;
}
