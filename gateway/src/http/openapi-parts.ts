import { DEFAULT_PAGE_SIZE, ID_PATTERN, MAX_PAGE_SIZE } from './dto-rules';
import { IDEMPOTENCY_KEY_HEADER } from './writes';

/** A JSON value of the OpenAPI document. */
export type OpenApiObject = Record<string, unknown>;

/** Schema of an id that goes into a ledger key. */
export const ID_SCHEMA: OpenApiObject = { type: 'string', pattern: ID_PATTERN.source };

/** A closed request body whose listed properties are required unless `required` says otherwise. */
export function bodySchema(properties: OpenApiObject, required: string[] = Object.keys(properties)): OpenApiObject {
  return { type: 'object', additionalProperties: false, properties, required };
}

/** `pageSize` and `bookmark` of a paginated chaincode listing. */
export const PAGE_PARAMETERS: readonly OpenApiObject[] = [
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
  { name: 'bookmark', in: 'query', schema: { type: 'string', maxLength: 1024 } },
];

/** The Idempotency-Key header every write but a purchase requires. */
export const IDEMPOTENCY_PARAMETER: OpenApiObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: true,
  description:
    'Business id of the write; the same key with the same request answers the first result, transactionId and blockNumber and commits nothing; with another request 409 DUPLICATE_REQUEST',
  schema: ID_SCHEMA,
};
