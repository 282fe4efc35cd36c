/**
 * The value, narrowed to defined. Fails the test clearly when it is undefined (an index past the end
 * of a fixture, a missing entry), where a non-null assertion would let `undefined` flow on unnoticed.
 *
 * @param value - the value a test relies on
 * @returns `value`
 * @throws Error when `value` is undefined
 */
export function defined<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('expected a defined value, got undefined');
  }
  return value;
}
