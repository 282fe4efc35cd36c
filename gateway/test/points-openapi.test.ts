import request from 'supertest';
import { createApp } from '../src/app';
import { openApiDocument } from '../src/http/openapi';
import { memberRoutes } from '../src/members/members.routes';
import { PointsContract } from '../src/points/contract';
import { LanePool } from '../src/points/lane-pool';
import { POINTS_BASE_PATH, pointsRoutes } from '../src/points/routes';
import { PointsService } from '../src/points/service';
import { documentedRoutes, routesOf } from './support/routes';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers } from './support/members-fixtures';

const document = openApiDocument();
const documented = documentedRoutes();


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
