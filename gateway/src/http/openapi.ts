import { AUDIT_SCHEMAS, auditOpenApiPaths } from '../audit/openapi';
import { COUPON_SCHEMAS, couponsOpenApiPaths } from '../coupons/openapi';
import { JOSP_SCHEMAS, jospOpenApiPaths } from '../josp/openapi';
import { MEMBER_SCHEMAS, memberOpenApiPaths } from '../members/openapi';
import { POINTS_SCHEMAS, pointsOpenApiPaths } from '../points/openapi';
import type { OpenApiObject } from './openapi-parts';
import { SHELF_SCHEMAS, shelfOpenApiPaths } from '../shelf/openapi';
import { READMODEL_SCHEMAS, readModelOpenApiPaths } from '../readmodel/openapi';
import { RATE_LIMITED_RESPONSE, withRateLimitAnswers } from '../security/rate-limit';

/**
 * The OpenAPI 3 document of the gateway, written by hand next to the routes it describes (the DTOs stay
 * plain class-validator classes); test/points-openapi.test.ts checks that every mounted route is in it
 * and that it documents no route that is not mounted.
 */
export function openApiDocument(): OpenApiObject {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Loulan gateway',
      version: '0.1.0',
      description:
        'REST gateway of the Loulan loyalty ledger. Errors are `{ code, message, details?, requestId }`. Every answer ' +
        'carries the `RateLimit` and `RateLimit-Policy` headers (draft-ietf-httpapi-ratelimit-headers-08) of the caller\'s ' +
        'budget (per member, or per address without a valid key); over it the answer is 429 `RATE_LIMITED` with `Retry-After`.',
    },
    paths: withRateLimitAnswers({
      '/healthz': { get: plain('Liveness', 'system') },
      '/readyz': { get: plain('Readiness: the peer and the chaincode answer, and a quorum of ordering nodes is reachable', 'system') },
      '/metrics': {
        get: {
          ...plain('Prometheus metrics', 'system'),
          description: 'Needs `Authorization: Bearer <LOULAN_METRICS_TOKEN>` when the gateway has a scrape token.',
          security: [{}, { metricsToken: [] }],
          responses: { '200': { description: 'text/plain exposition' }, '401': { $ref: '#/components/responses/Error' } },
        },
      },
      '/openapi.json': { get: plain('This document', 'system') },
      '/docs': { get: { ...plain('Interactive API documentation', 'system'), responses: { '200': { description: 'HTML' } } } },
      ...memberOpenApiPaths(),
      ...pointsOpenApiPaths(),
      ...jospOpenApiPaths(),
      ...couponsOpenApiPaths(),
      ...shelfOpenApiPaths(),
      ...auditOpenApiPaths(),
      ...readModelOpenApiPaths(),
    }),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'The member API key' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The scrape token of /metrics (LOULAN_METRICS_TOKEN)' },
      },
      schemas: {
        ...MEMBER_SCHEMAS,
        ...POINTS_SCHEMAS,
        ...JOSP_SCHEMAS,
        ...COUPON_SCHEMAS,
        ...SHELF_SCHEMAS,
        ...AUDIT_SCHEMAS,
        ...READMODEL_SCHEMAS,
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

function plain(summary: string, tag: string): OpenApiObject {
  return { summary, tags: [tag], responses: { '200': { description: 'OK' } } };
}
