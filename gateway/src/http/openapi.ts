import { AUDIT_OPERATIONS } from '../audit/routes';
import { COUPON_OPERATIONS } from '../coupons/routes';
import { EVENTS_OPERATIONS } from '../events/routes';
import { SUBSCRIPTION_OPERATIONS } from '../events/webhooks/routes';
import { EVIDENCE_OPERATIONS } from '../evidence/routes';
import { EXPLORER_OPERATIONS } from '../explorer/routes';
import { JOSP_OPERATIONS } from '../josp/routes';
import { MEMBER_OPERATIONS } from '../members/members.routes';
import { MONITORING_OPERATIONS } from '../monitoring/routes';
import { PAGES_OPERATIONS } from '../pages/routes';
import { POINTS_OPERATIONS } from '../points/routes';
import { READMODEL_OPERATIONS } from '../readmodel/routes';
import { RATE_LIMITED_RESPONSE, withRateLimitAnswers } from '../security/rate-limit';
import { SHELF_OPERATIONS } from '../shelf/routes';
import { ORGANISATION_OPERATIONS } from '../system/routes';
import { IDEMPOTENCY_PARAMETER, jsonContent, type OpenApiObject, schemaRef } from './openapi-parts';
import { committedAnswer, ID_PARAMETER, type OperationDoc, type OperationTable, writeResultSchemas } from './operations';
import { pathParameterNames } from './path-parameters';

/** The gateway's own endpoints, outside /v1: probes, metrics and this document. */
export const SYSTEM_OPERATIONS: OperationTable = {
  module: 'system',
  basePath: '',
  anonymous: true,
  operations: [
    { method: 'get', path: '/healthz', name: 'Liveness', summary: 'Liveness', answer: { description: 'OK' }, errors: [] },
    {
      method: 'get',
      path: '/readyz',
      name: 'Readiness',
      summary: 'Readiness: the peer and the chaincode answer, and a quorum of ordering nodes is reachable',
      answer: { description: 'OK' },
      errors: [],
    },
    {
      method: 'get',
      path: '/metrics',
      name: 'Metrics',
      summary: 'Prometheus metrics',
      description: 'Needs `Authorization: Bearer <LOULAN_METRICS_TOKEN>` when the gateway has a scrape token.',
      security: [{}, { metricsToken: [] }],
      answer: { description: 'text/plain exposition' },
      errors: [401],
    },
    { method: 'get', path: '/openapi.json', name: 'OpenApi', summary: 'This document', answer: { description: 'OK' }, errors: [] },
    { method: 'get', path: '/docs', name: 'Docs', summary: 'Interactive API documentation', answer: { description: 'HTML' }, errors: [] },
  ],
};

/** Every operation table, in the order of the document. */
export const OPERATION_TABLES: readonly OperationTable[] = [
  SYSTEM_OPERATIONS,
  ORGANISATION_OPERATIONS,
  MEMBER_OPERATIONS,
  POINTS_OPERATIONS,
  JOSP_OPERATIONS,
  COUPON_OPERATIONS,
  SHELF_OPERATIONS,
  EVIDENCE_OPERATIONS,
  AUDIT_OPERATIONS,
  EXPLORER_OPERATIONS,
  PAGES_OPERATIONS,
  READMODEL_OPERATIONS,
  EVENTS_OPERATIONS,
  SUBSCRIPTION_OPERATIONS,
  MONITORING_OPERATIONS,
];

/**
 * The operationId of an operation: `<module>.<Name>`, e.g. `points.Mint`, `shelf.ListSites` (README
 * "Operation tables"); test/openapi.test.ts checks that they are unique.
 */
function operationId(table: OperationTable, operation: OperationDoc): string {
  return `${table.module}.${operation.name}`;
}

/**
 * The OpenAPI 3 document of the gateway, built from the operation tables (./operations.ts) that the
 * routes are built from too, and the component schemas written by hand next to each module's DTOs;
 * test/openapi.test.ts checks it against the tables, the DTOs and the routes the app serves.
 */
export function openApiDocument(): OpenApiObject {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Loulan gateway',
      version: '0.1.0',
      description:
        'REST gateway of the Loulan loyalty ledger. Errors are `{ code, message, details?, requestId }`. Every answer ' +
        "carries the `RateLimit` and `RateLimit-Policy` headers (draft-ietf-httpapi-ratelimit-headers-08) of the caller's " +
        'budget (per member, or per address without a valid key); over it the answer is 429 `RATE_LIMITED` with `Retry-After`.',
    },
    paths: withRateLimitAnswers(merged(OPERATION_TABLES.map(operationPaths))),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'The member API key' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The scrape token of /metrics (LOULAN_METRICS_TOKEN)' },
      },
      schemas: {
        ...merged(OPERATION_TABLES.map((table) => table.schemas ?? {})),
        ...writeResultSchemas(),
        WriteResult: {
          type: 'object',
          required: ['result', 'transactionId', 'blockNumber'],
          properties: {
            result: {
              type: 'object',
              description: 'The chaincode result; each write route documents its own (`<Module><Transaction>Result`)',
            },
            transactionId: { type: 'string' },
            blockNumber: { type: 'string', pattern: '^\\d+$' },
          },
        },
        Error: {
          type: 'object',
          required: ['code', 'message', 'requestId'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            details: { type: 'object' },
            requestId: { type: 'string' },
          },
        },
      },
      responses: {
        Error: {
          description: 'Error (see README: codes and statuses)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        RateLimited: RATE_LIMITED_RESPONSE,
      },
    },
  };
}

const API_KEY_SECURITY: readonly OpenApiObject[] = [{ apiKey: [] }];
const ERROR_RESPONSE: OpenApiObject = { $ref: '#/components/responses/Error' };
const CHAINCODE_RESULT: OpenApiObject = { description: 'The chaincode result', content: jsonContent({ type: 'object' }) };

/** The `paths` of one table, keyed by full path. */
function operationPaths(table: OperationTable): Record<string, Record<string, OpenApiObject>> {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const operation of table.operations) {
    const path = `${table.basePath}${operation.path}`;
    paths[path] = { ...paths[path], [operation.method]: operationObject(table, operation) };
  }
  return paths;
}

function operationObject(table: OperationTable, operation: OperationDoc): OpenApiObject {
  const parameters = parametersOf(table, operation);
  const description = descriptionOf(table, operation);
  const security = operation.security ?? (table.anonymous === true ? undefined : API_KEY_SECURITY);
  return {
    operationId: operationId(table, operation),
    summary: operation.summary,
    ...(description === undefined ? {} : { description }),
    tags: [table.module],
    ...(security === undefined ? {} : { security }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...requestBodyOf(operation),
    responses: { [String(operation.status ?? 200)]: answerOf(table, operation), ...errorResponses(operation) },
  };
}

/** A write's committed answer with its transaction's result schema; any other operation's own answer. */
function answerOf(table: OperationTable, operation: OperationDoc): OpenApiObject {
  if (operation.commits !== true) {
    return operation.answer ?? CHAINCODE_RESULT;
  }
  return committedAnswer(
    table.contract === undefined ? undefined : { contract: table.contract, name: operation.transaction ?? operation.name },
  );
}

/** The objects' properties in one object, later ones winning. */
function merged<T>(objects: readonly Readonly<Record<string, T>>[]): Record<string, T> {
  return Object.fromEntries(objects.flatMap((object) => Object.entries(object)));
}

function parametersOf(table: OperationTable, operation: OperationDoc): OpenApiObject[] {
  return [
    ...pathParameterNames(operation.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: (table.pathParameters?.[name] ?? ID_PARAMETER).schema,
    })),
    ...(operation.query?.parameters ?? []),
    ...(operation.idempotencyKey === true ? [IDEMPOTENCY_PARAMETER] : []),
  ];
}

/** The operation's own description; else the chaincode transaction it runs, or its module's description. */
function descriptionOf(table: OperationTable, operation: OperationDoc): string | undefined {
  if (operation.description !== undefined) {
    return operation.description;
  }
  return table.contract === undefined
    ? table.description
    : `Chaincode transaction \`${table.contract}:${operation.transaction ?? operation.name}\`.`;
}

function requestBodyOf(operation: OperationDoc): OpenApiObject {
  const body = operation.body;
  return body === undefined ? {} : { requestBody: { required: body.required ?? true, content: jsonContent(schemaRef(body.schema)) } };
}

function errorResponses(operation: OperationDoc): OpenApiObject {
  return operation.errors === undefined
    ? { default: ERROR_RESPONSE }
    : Object.fromEntries(operation.errors.map((status) => [String(status), ERROR_RESPONSE]));
}
