import request from 'supertest';
import { createApp } from '../src/app';
import { openApiDocument } from '../src/http/openapi';
import { memberRoutes } from '../src/members/members.routes';
import { PointsContract } from '../src/points/contract';
import { LanePool } from '../src/points/lane-pool';
import { POINTS_BASE_PATH, pointsRoutes } from '../src/points/routes';
import { PointsService } from '../src/points/service';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers } from './support/members-fixtures';

const document = openApiDocument();
const documented = new Set(
  Object.entries(document['paths'] as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  ),
);

/** `METHOD /path/{param}` of every route of an Express router, read from its layer stack. */
function routesOf(router: unknown, prefix: string): string[] {
  const stack = (router as { stack?: unknown }).stack;
  if (!Array.isArray(stack)) {
    throw new Error('not an Express router');
  }
  return stack.flatMap((layer: unknown) => {
    const route = (layer as { route?: { path?: unknown; methods?: Record<string, boolean> } }).route;
    if (route === undefined || typeof route.path !== 'string') {
      return [];
    }
    const path = `${prefix}${route.path}`.replace(/:(\w+)/g, '{$1}');
    return Object.keys(route.methods ?? {}).map((method) => `${method.toUpperCase()} ${path}`);
  });
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3 and is served at /openapi.json', async () => {
    const app = createApp({
      fabric: fakeFabric(),
      logger: memoryLogger().logger,
      config: testConfig(),
      members: fakeMembers(),
    });

    const response = await request(app).get('/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(document)));
    expect(String(response.body.openapi)).toMatch(/^3\./);
  });

  it('documents every mounted points route', () => {
    const contract = new PointsContract(fakeFabric());
    const mounted = routesOf(pointsRoutes(contract, new PointsService(contract, new LanePool(64))), POINTS_BASE_PATH);

    expect(mounted.length).toBeGreaterThanOrEqual(20);
    expect(mounted.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('documents every mounted member route', () => {
    const mounted = routesOf(memberRoutes(fakeMembers().registrar), '');

    expect(mounted.sort()).toEqual(['GET /v1/members/me', 'POST /v1/members']);
    expect(mounted.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('documents no route that the app does not serve', async () => {
    const app = createApp({
      fabric: fakeFabric(),
      logger: memoryLogger().logger,
      config: testConfig(),
      members: fakeMembers(),
    });
    const samples: Record<string, string> = { merchantId: 'shop-1', productId: 'p-1', account: 'alice', month: '202501' };

    const unserved: string[] = [];
    for (const route of documented) {
      const [method = '', path = ''] = route.split(' ');
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? 'x');
      const response = await request(app)[method.toLowerCase() as 'get' | 'post' | 'put'](url);
      if (response.status === 404 && String(response.body?.message).startsWith('no route for')) {
        unserved.push(route);
      }
    }

    expect(unserved).toEqual([]);
  });

  it('serves the interactive docs at /docs', async () => {
    const app = createApp({
      fabric: fakeFabric(),
      logger: memoryLogger().logger,
      config: testConfig(),
      members: fakeMembers(),
    });

    const response = await request(app).get('/docs/');

    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });
});
