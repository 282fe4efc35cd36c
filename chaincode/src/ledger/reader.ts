/**
 * Small building blocks for {@link Parser}s of stored records, so that each record type's
 * parser states its fields in a few lines instead of repeating `typeof` checks; ./schema.ts
 * declares whole records with them.
 *
 * @packageDocumentation
 */
import { isJsonObject, type Parser } from './state';

/** Typed access to the fields of one decoded object; each getter throws on a wrong type. */
export interface FieldReader {
  /** A string field. */
  string(name: string): string;
  /** A string field that may be null. */
  stringOrNull(name: string): string | null;
  /** A safe integer field, at least `min` (default 0). */
  integer(name: string, min?: number): number;
  /** A safe integer field that may be null. */
  integerOrNull(name: string): number | null;
  /** A boolean field. */
  boolean(name: string): boolean;
  /** A list field whose items are checked by `parse`. */
  list<T>(name: string, parse: Parser<T>): T[];
  /** A field of any shape, checked by `parse` (a nested record, say). */
  value<T>(name: string, parse: Parser<T>): T;
}

/**
 * Opens a decoded value for field-by-field checking.
 *
 * @param value - decoded JSON
 * @param what - record name used in error messages
 * @returns the reader
 * @throws Error when the value is not an object
 */
export function readFields(value: unknown, what: string): FieldReader {
  if (!isJsonObject(value)) {
    throw new Error(`${what} is not an object`);
  }
  const fail = (name: string, expected: string): Error => new Error(`${what}.${name} is not ${expected}`);
  const isInteger = (item: unknown, min: number): item is number => typeof item === 'number' && Number.isSafeInteger(item) && item >= min;
  return {
    string(name) {
      const item = value[name];
      if (typeof item !== 'string') throw fail(name, 'a string');
      return item;
    },
    stringOrNull(name) {
      const item = value[name];
      if (item !== null && typeof item !== 'string') throw fail(name, 'a string or null');
      return item;
    },
    integer(name, min = 0) {
      const item = value[name];
      if (!isInteger(item, min)) throw fail(name, `an integer from ${min}`);
      return item;
    },
    integerOrNull(name) {
      const item = value[name];
      if (item !== null && !isInteger(item, 0)) throw fail(name, 'a non-negative integer or null');
      return item;
    },
    boolean(name) {
      const item = value[name];
      if (typeof item !== 'boolean') throw fail(name, 'a boolean');
      return item;
    },
    list(name, parse) {
      const item = value[name];
      if (!Array.isArray(item)) throw fail(name, 'a list');
      const entries: unknown[] = item;
      return entries.map((entry) => parse(entry));
    },
    value(name, parse) {
      return parse(value[name]);
    },
  };
}
