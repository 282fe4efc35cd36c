import { CONTRACTS, eventContracts, type ResultSchema, resultSchemaOf, routeOf, transactionsOf, writeResults } from '@loulan/protocol';
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage, IS_OPTIONAL } from 'class-validator';
import request from 'supertest';

import { createApp } from '../src/app';
import type { Decoder } from '../src/contract/decode';
import { eventSchemaName } from '../src/events/event-schemas';
import type { FabricGateway } from '../src/fabric/gateway';
import { openApiDocument, OPERATION_TABLES } from '../src/http/openapi';
import type { OpenApiObject } from '../src/http/openapi-parts';
import { resultSchemaName } from '../src/http/operations';
import { pathParameterNames } from '../src/http/path-parameters';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { bodyOf, invalidFieldsOf } from './support/http';
import { fakeMembers, testMember } from './support/members-fixtures';
import { servedRoutes } from './support/routes';

/*
 * One check of the whole API description: every module's operation table against the OpenAPI document
 * built from it, against the DTOs that validate its requests, and against the routes the app serves.
 */

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
}
interface DocumentedOperation {
  readonly operationId?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly responses: Readonly<Record<string, OpenApiObject>>;
}

const ADMIN_KEY = `llk_${'d'.repeat(64)}`;
const document = openApiDocument();
const paths = document['paths'] as Record<string, Record<string, DocumentedOperation>>;
const operations = Object.entries(paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, path, method, operation })),
);
const rows = OPERATION_TABLES.flatMap((table) =>
  table.operations.map((operation) => ({
    table,
    operation,
    route: `${operation.method.toUpperCase()} ${table.basePath}${operation.path}`,
  })),
);

function appWith(fabric: FabricGateway = fakeFabric()): ReturnType<typeof createApp> {
  // The platform admin: every role check of the gateway lets it through to input validation.
  const admin = testMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', isOrgAdmin: true });
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members: fakeMembers({ [ADMIN_KEY]: admin }) });
}

/** The properties a DTO validates, and those of them it requires (no `@IsOptional()`). */
function dtoFields(dto: ClassConstructor<object>): { all: string[]; required: string[] } {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const all = [...new Set(metadata.map((m) => m.propertyName))];
  const optional = new Set(metadata.filter((m) => m.name === IS_OPTIONAL).map((m) => m.propertyName));
  return { all: all.sort(), required: all.filter((name) => !optional.has(name)).sort() };
}

/**
 * The smallest value a result schema allows: its required properties only, the `variant`-th of each
 * `oneOf` (modulo its length), and texts that match the patterns the result tables use.
 */
function smallestOf(schema: ResultSchema, variant: number): unknown {
  const variants = schema.oneOf ?? [];
  const chosen = variants[variant % Math.max(variants.length, 1)];
  if (chosen !== undefined) {
    return smallestOf(chosen, variant);
  }
  if (schema.enum !== undefined) {
    return schema.enum[0];
  }
  switch (schema.type) {
    case 'object': {
      const required = Object.entries(schema.properties ?? {}).filter(([name]) => schema.required?.includes(name));
      return Object.fromEntries(required.map(([name, property]) => [name, smallestOf(property, variant)]));
    }
    case 'array':
      return [];
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return ['text', '2025-01-01T00:00:00.000Z', '2025-01-01', '202501'].find((text) => new RegExp(schema.pattern ?? '').test(text));
  }
}

const schemas = (document['components'] as { schemas: Record<string, OpenApiObject> }).schemas;
const writeRows = rows.filter(({ operation }) => operation.commits === true);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 and is served at /openapi.json', async () => {
    const response = await request(appWith()).get('/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(document)));
    expect(String(bodyOf(response).openapi)).toMatch(/^3\./);
  });

  it('serves the interactive docs at /docs', async () => {
    const response = await request(appWith()).get('/docs/');

    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('documents every row of every operation table under <module>.<Name>, and nothing else', () => {
    for (const { table, operation, route } of rows) {
      const documented = paths[`${table.basePath}${operation.path}`]?.[operation.method];
      expect([route, documented?.operationId, documented?.tags]).toEqual([route, `${table.module}.${operation.name}`, [table.module]]);
    }
    expect(operations.map((o) => o.route).sort()).toEqual(rows.map((r) => r.route).sort());
  });

  it('gives every operation a unique operationId of the form <module>.<Name>, its module being its tag', () => {
    const ids = operations.map(({ operation }) => operation.operationId ?? '');

    expect(ids.filter((id) => !/^[a-z]+\.[A-Z][A-Za-z]*$/.test(id))).toEqual([]);
    expect(operations.filter(({ operation }) => operation.operationId?.split('.')[0] !== operation.tags?.[0]).map((o) => o.route)).toEqual(
      [],
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents exactly the routes the app serves', () => {
    // swagger-ui is middleware mounted with app.use('/docs'), not a route of the router.
    const served = [...servedRoutes(appWith()), 'GET /docs'];

    expect(served.sort()).toEqual(operations.map((o) => o.route).sort());
    expect(new Set(served).size).toBe(served.length);
  });

  it('resolves every schema reference', () => {
    const schemas = (document['components'] as { schemas: Record<string, unknown> }).schemas;
    const refs = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map(([, name = '']) => name);

    expect(refs.length).toBeGreaterThan(50);
    expect([...new Set(refs)].filter((name) => schemas[name] === undefined)).toEqual([]);
  });

  it('asks every ledger write for an Idempotency-Key, except the purchase and the admission, whose order id and MSP id are their business ids', () => {
    const writes = operations.filter(({ operation }) => JSON.stringify(operation.responses['200'] ?? {}).includes('WriteResult'));
    const keyless = writes.filter(
      ({ operation }) => !(operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
    );

    expect(writes.length).toBeGreaterThan(60);
    expect(keyless.map((o) => o.route).sort()).toEqual(['POST /v1/points/purchases', 'POST /v1/system/organisations']);
  });
});

describe('the write results and events', () => {
  it("answer every ledger write with WriteResult whose result is its transaction's schema from @loulan/protocol", () => {
    expect(writeRows.length).toBeGreaterThan(60);
    for (const { table, operation, route } of writeRows) {
      const tx = { contract: table.contract ?? '', name: operation.transaction ?? operation.name };
      const documented = paths[`${table.basePath}${operation.path}`]?.[operation.method]?.responses['200'];
      const answer = { properties: { result: { $ref: `#/components/schemas/${resultSchemaName(tx)}` } } };

      expect([route, documented?.['content']]).toEqual([
        route,
        { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/WriteResult' }, { type: 'object', ...answer }] } } },
      ]);
      expect([route, schemas[resultSchemaName(tx)]]).toEqual([route, resultSchemaOf(tx)]);
    }
  });

  it('serve every write of the protocol that has a route', () => {
    const served = new Set(writeRows.map(({ table, operation }) => `${table.contract}:${operation.transaction ?? operation.name}`));
    const routed = CONTRACTS.flatMap(transactionsOf).filter((tx) => tx.submit && routeOf(tx) !== undefined);

    expect(routed.length).toBeGreaterThan(60);
    expect(routed.map((tx) => `${tx.contract}:${tx.name}`).filter((name) => !served.has(name))).toEqual([]);
  });

  it('decode the smallest result each schema allows as it is, so a REST answer keeps every field its schema requires', () => {
    // A ledger row keeps its decoder in `result`; the rows whose handler is their module's own decode in the service.
    const decoded = writeRows.flatMap(({ table, operation, route }) => {
      const decoder = (operation as { result?: Decoder<unknown> }).result;
      return decoder === undefined
        ? []
        : [{ route, decoder, schema: resultSchemaOf({ contract: table.contract ?? '', name: operation.transaction ?? operation.name }) }];
    });

    expect(decoded.length).toBeGreaterThan(50);
    for (const { route, decoder, schema } of decoded) {
      for (const variant of [0, 1, 2]) {
        const result = smallestOf(schema, variant);
        expect([route, decoder(result, '$')]).toEqual([route, result]);
      }
    }
  });

  it('describe every event by name, its payload being the result of the write that emits it', () => {
    const writes = writeResults();

    expect(writes.map(({ event }) => event).sort()).toEqual([...eventContracts().keys()].sort());
    for (const { transaction, event } of writes) {
      const properties = schemas[eventSchemaName(event)]?.['properties'] as Record<string, OpenApiObject> | undefined;

      expect([event, properties?.['name'], properties?.['module'], properties?.['payload']]).toEqual([
        event,
        { type: 'string', enum: [event] },
        { type: 'string', enum: [transaction.contract] },
        { $ref: `#/components/schemas/${resultSchemaName(transaction)}` },
      ]);
    }
  });

  it('make StreamedEvent one of the event schemas, told apart by name', () => {
    const events = [...eventContracts().keys()];
    const refs = events.map((event) => `#/components/schemas/${eventSchemaName(event)}`);
    const streamed = schemas['StreamedEvent'] as { oneOf: { $ref: string }[]; discriminator: OpenApiObject };

    expect(events).toHaveLength(67);
    expect(streamed.oneOf.map((ref) => ref.$ref).sort()).toEqual([...refs].sort());
    expect(streamed.discriminator).toEqual({
      propertyName: 'name',
      mapping: Object.fromEntries(events.map((event, i) => [event, refs[i]])),
    });
  });
});

describe('the operation tables', () => {
  it('document each body with the schema of exactly the fields its DTO validates and requires', () => {
    const schemas = (document['components'] as { schemas: Record<string, { properties?: object; required?: string[] }> }).schemas;
    const withBody = rows.filter(({ operation }) => operation.body !== undefined);

    expect(withBody.length).toBeGreaterThan(40);
    for (const { operation, route } of withBody) {
      const body = operation.body;
      const schema = body === undefined ? undefined : schemas[body.schema];
      const fields = body === undefined ? undefined : dtoFields(body.dto);
      expect([route, Object.keys(schema?.properties ?? {}).sort(), [...(schema?.required ?? [])].sort()]).toEqual([
        route,
        fields?.all,
        fields?.required,
      ]);
    }
  });

  it('document each query with one parameter per field its DTO validates, required as the DTO requires it', () => {
    const withQuery = rows.filter(({ operation }) => operation.query !== undefined);

    expect(withQuery.length).toBeGreaterThan(15);
    for (const { table, operation, route } of withQuery) {
      const documented = paths[`${table.basePath}${operation.path}`]?.[operation.method];
      const parameters = (documented?.parameters ?? []).filter((p) => p.in === 'query');
      const fields = operation.query === undefined ? undefined : dtoFields(operation.query.dto);
      expect([route, parameters.map((p) => p.name).sort()]).toEqual([route, fields?.all]);
      expect([
        route,
        parameters
          .filter((p) => p.required === true)
          .map((p) => p.name)
          .sort(),
      ]).toEqual([route, fields?.required]);
    }
  });

  it('have every served path parameter checked: a malformed one is a 400 naming it, and nothing reaches the ledger', async () => {
    const evaluate = jest.fn();
    const submit = jest.fn();
    const app = appWith(fakeFabric({ evaluate, submit }));
    const withParameters = rows.filter(({ operation }) => operation.path.includes('{'));

    expect(withParameters.length).toBeGreaterThan(60);
    for (const { table, operation, route } of withParameters) {
      const names = pathParameterNames(operation.path);
      const url = `${table.basePath}${operation.path}`.replace(/\{\w+\}/g, '%20bad');
      const response = await request(app)[operation.method](url).set('Authorization', `Bearer ${ADMIN_KEY}`).set('Idempotency-Key', 'k-1');

      expect([route, response.status, bodyOf(response).code]).toEqual([route, 400, 'VALIDATION_FAILED']);
      expect([route, invalidFieldsOf(response).sort()]).toEqual([route, [...names].sort()]);
    }
    expect(evaluate).not.toHaveBeenCalled();
    expect(submit).not.toHaveBeenCalled();
  });
});
