import { AuditLedger } from '../src/audit/ledger';
import { AUDIT_BASE_PATH, auditRoutes } from '../src/audit/routes';
import { AuditService } from '../src/audit/service';
import { CouponsContract } from '../src/coupons/contract';
import { PointsContract } from '../src/points/contract';
import { documentedRoutes, routesOf } from './support/routes';
import { fakeFabric } from './support/fakes';

describe('audit OpenAPI', () => {
  it('documents exactly the mounted audit routes', () => {
    const fabric = fakeFabric();
    const service = new AuditService(new AuditLedger(fabric, 'loulan'), new PointsContract(fabric), new CouponsContract(fabric), []);
    const mounted = routesOf(auditRoutes(service), AUDIT_BASE_PATH);
    const documented = [...documentedRoutes()].filter((route) => route.split(' ')[1]?.startsWith(`${AUDIT_BASE_PATH}/`));

    expect(mounted.sort()).toEqual([
      'GET /v1/audit/blocks',
      'GET /v1/audit/blocks/{number}',
      'GET /v1/audit/chain',
      'GET /v1/audit/history/{entityType}/{entityId}',
      'GET /v1/audit/invariants',
      'GET /v1/audit/transactions/{txId}',
      'GET /v1/audit/verify',
    ]);
    expect(documented.sort()).toEqual(mounted);
  });
});
