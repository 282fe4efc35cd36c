import { ID_PATTERN } from './dto-rules';
import { IDEMPOTENCY_KEY_HEADER } from './writes';

/** A JSON value of the OpenAPI document. */
export type OpenApiObject = Record<string, unknown>;

/** Schema of an id that goes into a ledger key. */
export const ID_SCHEMA: OpenApiObject = { type: 'string', pattern: ID_PATTERN.source };

/** A closed request body whose listed properties are required unless `required` says otherwise. */
export function bodySchema(properties: OpenApiObject, required: string[] = Object.keys(properties)): OpenApiObject {
  return { type: 'object', additionalProperties: false, properties, required };
}

/** The Idempotency-Key header every write but a purchase requires. */
export const IDEMPOTENCY_PARAMETER: OpenApiObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: true,
  description:
    'Business id of the write; the same key with the same request answers the first result, transactionId and blockNumber and commits nothing; with another request 409 DUPLICATE_REQUEST',
  schema: ID_SCHEMA,
};

/** A reference to a schema of `components.schemas`. */
export function schemaRef(name: string): OpenApiObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** The `content` of a JSON request or response. */
export function jsonContent(schema: OpenApiObject): OpenApiObject {
  return { 'application/json': { schema } };
}

/** A JSON answer described by the component schema `name`. */
export function okAnswer(name: string): OpenApiObject {
  return { description: 'OK', content: jsonContent(schemaRef(name)) };
}
