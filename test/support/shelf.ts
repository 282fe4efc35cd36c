/**
 * Shelves ready to record sales, set up through the REST gateway as in docs/shelf.md, for tests and
 * the bench: one operator, site provider and supplier, one site, and per device a shelf whose
 * agreement all three parties signed and to which the device (claimed by the operator) is bound.
 */
import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from './rest';

/** The split every bench shelf's agreement sets, in basis points. */
const AGREEMENT = { supplierBps: 3000, operatorBps: 5000, siteBps: 2000, feeBps: 500 };

function expectOk(response: RestResponse, what: string): void {
  if (response.status !== 200) {
    throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

/**
 * Sets up `count` shelves, each with its own bound device.
 *
 * @returns a client acting as each device
 */
export async function shelfDevices(count: number, name = 'bench'): Promise<RestClient[]> {
  const retailAdmin = new RestClient(orgAdminKey('retail'));
  const operatorId = uniqueId(`${name}-op`);
  const siteProviderId = uniqueId(`${name}-site-prov`);
  const supplierId = uniqueId(`${name}-supplier`);
  const operator = await registerMember(retailAdmin, operatorId, 'shelf-operator');
  const siteProvider = await registerMember(retailAdmin, siteProviderId, 'site-provider');
  const supplier = await registerMember(retailAdmin, supplierId, 'supplier');
  const siteId = uniqueId(`${name}-site`);
  const site = { siteId, city: uniqueId(`${name}-city`), location: 'Lobby', footfall: 1000, desiredShareBps: 2000 };
  expectOk(await siteProvider.post('/v1/shelf/sites', site), 'posting the site');
  const devices: RestClient[] = [];
  for (let index = 0; index < count; index++) {
    const shelfId = uniqueId(`${name}-shelf-${index}`);
    expectOk(await operator.post(`/v1/shelf/shelves/${shelfId}/agreements`, { siteId, supplier: supplierId, ...AGREEMENT }), 'proposing');
    for (const party of [operator, siteProvider, supplier]) {
      expectOk(await party.post(`/v1/shelf/shelves/${shelfId}/agreements/1/sign`, undefined), 'signing');
    }
    const deviceId = uniqueId(`${name}-device-${index}`);
    const device = await registerMember(retailAdmin, deviceId, 'shelf-device', deviceId);
    expectOk(await device.post('/v1/shelf/device-claims', { operator: operatorId }), 'claiming the device');
    expectOk(await operator.post(`/v1/shelf/shelves/${shelfId}/devices`, { deviceId }), 'binding the device');
    devices.push(device);
  }
  return devices;
}

/**
 * @param batch - a name unique to the batch
 * @param lines - how many sales
 * @param idLength - length of every sale id and SKU (at their most, 128, they stretch a batch's size)
 * @returns sales lines of one cola each, sold a minute ago
 */
export function salesLines(batch: string, lines: number, idLength?: number): Record<string, unknown>[] {
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const stretch = (id: string): string => (idLength === undefined ? id : id.padEnd(idLength, '0').slice(0, idLength));
  return Array.from({ length: lines }, (_, line) => ({
    saleId: stretch(`${batch}-${line}-`),
    sku: stretch('SKU-COLA-'),
    qty: 1,
    amountFen: 300,
    costFen: 200,
    occurredAt,
  }));
}
