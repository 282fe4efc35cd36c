/** The REST gateway process that `make up` started answers health and readiness probes. */
import { gatewayUrl } from '../../support/fabric';

describe('REST gateway on the running network', () => {
  it('reports liveness', async () => {
    const response = await fetch(`${gatewayUrl()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready once its peer answers the chaincode', async () => {
    const response = await fetch(`${gatewayUrl()}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', chaincode: { chaincode: 'loulan' } });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
