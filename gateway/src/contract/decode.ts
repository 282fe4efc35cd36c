/**
 * Small validators for the chaincode's JSON results, so nothing is trusted by a bare type assertion.
 * A result that does not match throws {@link MalformedResultError}: the chaincode and the gateway disagree
 * on the contract, which is a server-side fault (HTTP 500).
 */
export type Decoder<T> = (value: unknown, path: string) => T;

/** The chaincode returned something other than what its module's doc (docs/<module>.md) promises. */
export class MalformedResultError extends Error {
  override readonly name = 'MalformedResultError';
}

function fail(path: string, expected: string): never {
  throw new MalformedResultError(`chaincode result ${path} is not ${expected}`);
}

/** A string. */
export const string: Decoder<string> = (value, path) => (typeof value === 'string' ? value : fail(path, 'a string'));

/** A safe integer (points, fen, bps, counts). */
export const integer: Decoder<number> = (value, path) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(path, 'a safe integer');

/** A JSON boolean. */
export const boolean: Decoder<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'a boolean'));

/** Any JSON value, kept as is: for parts whose shape belongs to the chaincode alone. */
export const json: Decoder<unknown> = (value) => value;

/** `null` or a value of `decoder`. */
export function nullable<T>(decoder: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null ? null : decoder(value, path));
}

/** Absent (`undefined`) or a value of `decoder`. */
export function optional<T>(decoder: Decoder<T>): Decoder<T | undefined> {
  return (value, path) => (value === undefined ? undefined : decoder(value, path));
}

/** An array whose every item matches `item`. */
export function array<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, path) => (Array.isArray(value) ? value.map((entry, index) => item(entry, `${path}[${index}]`)) : fail(path, 'an array'));
}

/** An object whose every value matches `item` (e.g. join bonus by tier). */
export function record<T>(item: Decoder<T>): Decoder<Record<string, T>> {
  return (value, path) => {
    const source = plainObject(value, path);
    return Object.fromEntries(Object.entries(source).map(([key, entry]) => [key, item(entry, `${path}.${key}`)]));
  };
}

/** Decoded type of an object shape. */
export type Decoded<S extends Record<string, Decoder<unknown>>> = { [K in keyof S]: ReturnType<S[K]> };

/** An object with (at least) the fields of `shape`; only those fields are kept. */
export function object<S extends Record<string, Decoder<unknown>>>(shape: S): Decoder<Decoded<S>> {
  return (value, path) => {
    const source = plainObject(value, path);
    const result: Record<string, unknown> = {};
    for (const [key, decoder] of Object.entries(shape)) {
      const field = decoder(source[key], `${path}.${key}`);
      if (field !== undefined) {
        result[key] = field;
      }
    }
    // Every key of `shape` went through its own decoder above, which is what the mapped type states.
    return result as Decoded<S>;
  };
}

/** Parses the chaincode's UTF-8 JSON bytes and decodes them with `decoder`. */
export function decodeResult<T>(bytes: Uint8Array, decoder: Decoder<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    throw new MalformedResultError('chaincode result is not JSON');
  }
  return decoder(value, '$');
}

function plainObject(value: unknown, path: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(path, 'an object');
}
