/**
 * The JSON Schema subset the write results are described in: what OpenAPI 3.0 schemas accept
 * (`nullable` rather than a `null` type, no `$ref`), so that the gateway puts them in its OpenAPI
 * document as they are and the chaincode tests validate results against the very same objects.
 *
 * @packageDocumentation
 */

/** A JSON Schema of the subset OpenAPI 3.0 accepts. */
export interface ResultSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, ResultSchema>>;
  readonly required?: readonly string[];
  /** false: no other property; a schema: what every other property is (a map). */
  readonly additionalProperties?: boolean | ResultSchema;
  readonly items?: ResultSchema;
  readonly enum?: readonly (string | null)[];
  readonly nullable?: boolean;
  readonly pattern?: string;
  /** Exactly one of these (OpenAPI 3.0 `oneOf`). */
  readonly oneOf?: readonly ResultSchema[];
}

/** Any text. */
export const TEXT: ResultSchema = { type: 'string' };

/** A whole number: points, fen, basis points, counts. The chaincode keeps every amount a safe integer. */
export const INTEGER: ResultSchema = { type: 'integer' };

/** A JSON boolean. */
export const FLAG: ResultSchema = { type: 'boolean' };

/** An instant as the ledger writes every one: ISO 8601 UTC with milliseconds. */
export const INSTANT: ResultSchema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
  description: 'ISO 8601 UTC with milliseconds',
};

/** A calendar day `yyyy-mm-dd` (UTC+8 business days). */
export const DAY: ResultSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** A calendar month `yyyymm`. */
export const MONTH: ResultSchema = { type: 'string', pattern: '^\\d{6}$' };

/**
 * An object with exactly these properties.
 *
 * @param properties - its properties by name
 * @param optional - the names of those that may be absent; every other one is always there
 * @returns the schema, closed to other properties: every result is a record the chaincode builds field by field
 */
export function object(properties: Readonly<Record<string, ResultSchema>>, optional: readonly string[] = []): ResultSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', properties, required, additionalProperties: false };
}

/**
 * A map from names the ledger does not fix (regions, tiers) to values of one schema.
 *
 * @param values - the schema of every value
 * @returns the schema
 */
export function mapOf(values: ResultSchema): ResultSchema {
  return { type: 'object', additionalProperties: values };
}

/**
 * @param items - the schema of every item
 * @returns an array of them
 */
export function listOf(items: ResultSchema): ResultSchema {
  return { type: 'array', items };
}

/**
 * @param schema - a schema with a type
 * @returns the same, or `null`
 */
export function nullable(schema: ResultSchema): ResultSchema {
  return schema.enum === undefined ? { ...schema, nullable: true } : { ...schema, nullable: true, enum: [...schema.enum, null] };
}

/**
 * @param values - the texts it may be
 * @returns a text that is one of them
 */
export function oneOfTexts(...values: readonly string[]): ResultSchema {
  return { type: 'string', enum: values };
}

/**
 * @param variants - object schemas told apart by a property whose value each fixes
 * @returns a value of exactly one of them
 */
export function oneOf(...variants: readonly ResultSchema[]): ResultSchema {
  return { oneOf: variants };
}

/**
 * @param schema - a schema
 * @param description - what it is, as the API documentation shows it
 * @returns the schema with that description
 */
export function described(schema: ResultSchema, description: string): ResultSchema {
  return { ...schema, description };
}
