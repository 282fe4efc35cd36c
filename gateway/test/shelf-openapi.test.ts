import { ShelfContract } from '../src/shelf/contract';
import { SHELF_BASE_PATH, shelfRoutes } from '../src/shelf/routes';
import { documentedRoutes, routesOf } from './support/routes';
import { fakeFabric } from './support/fakes';

const documented = documentedRoutes();


describe('shelf OpenAPI', () => {
  it('documents exactly the mounted shelf routes', () => {
    const mounted = routesOf(shelfRoutes(new ShelfContract(fakeFabric())), SHELF_BASE_PATH).sort();
    const shelfDocumented = [...documented].filter((route) => route.includes(`${SHELF_BASE_PATH}/`)).sort();
    expect(mounted).toHaveLength(20);
    expect(mounted).toEqual(shelfDocumented);
  });
});
