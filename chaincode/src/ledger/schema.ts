/**
 * Parsers of stored records declared by shape: one check per field of the record's type, so a
 * parser states each field once, and the compiler refuses a shape that misses a field of the
 * type, adds one, or checks one for a narrower type than it has.
 *
 * ```ts
 * export type Loan = { readonly loanId: string; readonly principalFen: number; readonly closedAt: string | null };
 * export const parseLoan = record<Loan>('loan', { loanId: text, principalFen: count, closedAt: textOrNull });
 * ```
 *
 * @packageDocumentation
 */
import { type FieldReader, readFields } from './reader';
import type { Parser } from './state';

/** Checks one field of a decoded record; throws a plain Error naming the field when it is wrong. */
export type Field<T> = (fields: FieldReader, name: string) => T;

/** The checks of a record type: one for every field, each returning that field's type. */
export type Shape<T> = { readonly [K in keyof T]-?: Field<T[K]> };

/** A string. */
export const text: Field<string> = (f, name) => f.string(name);
/** A string or null. */
export const textOrNull: Field<string | null> = (f, name) => f.stringOrNull(name);
/** A safe integer from 0. */
export const count: Field<number> = (f, name) => f.integer(name);
/** A safe integer from 1. */
export const positive: Field<number> = (f, name) => f.integer(name, 1);
/** Any safe integer: an amount that may be negative. */
export const signed: Field<number> = (f, name) => f.integer(name, Number.MIN_SAFE_INTEGER);
/** A safe integer from 0, or null. */
export const countOrNull: Field<number | null> = (f, name) => f.integerOrNull(name);
/** A boolean. */
export const flag: Field<boolean> = (f, name) => f.boolean(name);

/**
 * @param parse - checks each item
 * @returns a list field
 */
export function listOf<T>(parse: Parser<T>): Field<readonly T[]> {
  return (f, name) => f.list(name, parse);
}

/** A list of strings. */
export const textList: Field<readonly string[]> = listOf((item) => {
  if (typeof item !== 'string') {
    throw new Error('a list item is not a string');
  }
  return item;
});

/**
 * @param allowed - the values the field may hold
 * @returns a string field holding one of them
 */
export function oneOf<T extends string>(allowed: readonly T[]): Field<T> {
  return (f, name) => {
    const value = f.string(name);
    const known = allowed.find((item) => item === value);
    if (known === undefined) {
      throw new Error(`${name} is not one of ${allowed.join(', ')}`);
    }
    return known;
  };
}

/**
 * @param parse - checks the field's value, e.g. a nested record
 * @returns a field checked by `parse`
 */
export function nested<T>(parse: Parser<T>): Field<T> {
  return (f, name) => f.value(name, parse);
}

/**
 * Declares the parser of a stored record.
 *
 * @param what - record name used in error messages
 * @param shape - a check for each field of `T`
 * @returns the parser, which keeps only the fields of the shape
 */
export function record<T>(what: string, shape: Shape<T>): Parser<T> {
  const fields: [string, Field<unknown>][] = Object.entries(shape);
  return (value) => {
    const f = readFields(value, what);
    const checked: Record<string, unknown> = {};
    for (const [name, field] of fields) {
      checked[name] = field(f, name);
    }
    // The shape holds a check for every field of T, and each returned that field's type.
    return checked as T;
  };
}
