import { openApiDocument } from '../src/http/openapi';
import { JospContract } from '../src/josp/contract';
import { JOSP_BASE_PATH, jospRoutes } from '../src/josp/routes';
import { routesOf } from './support/routes';
import { fakeFabric } from './support/fakes';

const document = openApiDocument();
const paths = document['paths'] as Record<string, Record<string, unknown>>;
const documented = Object.entries(paths)
  .filter(([path]) => path.startsWith(JOSP_BASE_PATH))
  .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));


describe('JOSP OpenAPI', () => {
  it('documents exactly the mounted josp routes', () => {
    const mounted = routesOf(jospRoutes(new JospContract(fakeFabric())), JOSP_BASE_PATH);

    expect(mounted).toHaveLength(17);
    expect([...mounted].sort()).toEqual([...documented].sort());
  });

  it('asks for an Idempotency-Key on every josp write and names each chaincode transaction once', () => {
    const operations = Object.entries(paths)
      .filter(([path]) => path.startsWith(JOSP_BASE_PATH))
      .flatMap(([, ops]) => Object.entries(ops as Record<string, { operationId: string; parameters: { name: string }[] }>));
    const ids = operations.map(([, op]) => op.operationId);

    expect(new Set(ids).size).toBe(ids.length);
    for (const [method, op] of operations) {
      expect(op.parameters.some((p) => p.name === 'Idempotency-Key')).toBe(method === 'post');
    }
  });
});
