import { CouponsContract } from '../src/coupons/contract';
import { COUPONS_BASE_PATH, couponsRoutes } from '../src/coupons/routes';
import { CouponMatcher } from '../src/coupons/service';
import { openApiDocument } from '../src/http/openapi';
import { fakeFabric } from './support/fakes';
import { documentedRoutes, routesOf } from './support/routes';

const paths = openApiDocument()['paths'] as Record<string, Record<string, { operationId?: string; parameters?: { name: string }[] }>>;
const documented = documentedRoutes();

describe('OpenAPI document: coupons', () => {
  const contract = new CouponsContract(fakeFabric());
  const mounted = routesOf(couponsRoutes(contract, new CouponMatcher(contract)), COUPONS_BASE_PATH);

  it('documents every mounted coupons route, and no other coupons route', () => {
    const documentedCoupons = [...documented].filter((route) => route.includes(`${COUPONS_BASE_PATH}/`));
    expect(mounted.length).toBe(39);
    expect([...mounted].sort()).toEqual(documentedCoupons.sort());
  });

  it('asks every coupons write for an Idempotency-Key, except the on-demand matcher run', () => {
    const writes = mounted.filter((route) => route.startsWith('POST '));
    for (const route of writes) {
      const [, path = ''] = route.split(' ');
      const names = (paths[path]?.['post']?.parameters ?? []).map((p) => p.name);
      expect([route, names.includes('Idempotency-Key')]).toEqual([route, !route.endsWith('/match')]);
    }
  });
});
