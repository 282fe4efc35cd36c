/**
 * Typed helpers for assertions: a value a test relies on being there, and jest's asymmetric
 * matchers typed `unknown` rather than `any`, so that an expected object stays type-checked around them.
 */

/**
 * Returns `value`, failing the test with an error naming `what` when it is undefined (an element
 * past the end of a list, a setup step that did not run).
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`expected ${what}, found undefined`);
  }
  return value;
}

/** `expect.any(String)`: matches any string. */
export function anyString(): unknown {
  return expect.any(String);
}

/** `expect.any(Number)`: matches any number. */
export function anyNumber(): unknown {
  return expect.any(Number);
}
