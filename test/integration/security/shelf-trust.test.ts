/**
 * Trust between shelf partners end to end through the REST gateway (docs/shelf.md): a device is
 * bound only by the operator it claimed with its own identity, so another operator cannot take
 * it over; only its operator unbinds it; and the payer cannot close the other parties' dispute
 * window by paying early. Every id carries this run's suffix, so the file runs on a shared
 * network. Steps build on each other, so they run in order in one file.
 */
import { anyString } from '../../support/assertions';
import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const retailAdmin = new RestClient(orgAdminKey('retail'));

const ownerId = uniqueId('trust-op-a');
const intruderId = uniqueId('trust-op-b');
const siteProviderId = uniqueId('trust-site-prov');
const supplierId = uniqueId('trust-supplier');
const deviceId = uniqueId('trust-device');
const city = uniqueId('Hangzhou');
const siteId = uniqueId('trust-site');
const ownerShelfId = uniqueId('trust-shelf-a');
const intruderShelfId = uniqueId('trust-shelf-b');

let owner: RestClient;
let intruder: RestClient;
let siteProvider: RestClient;
let supplier: RestClient;
let device: RestClient;

/** Yesterday in Asia/Shanghai, `yyyy-mm-dd`: a day that can be settled now. */
const D1 = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);

let saleCount = 0;

/** Records one sale of D1 as the device and returns the response. */
function recordSale(): Promise<RestResponse> {
  saleCount += 1;
  const line = { saleId: `sale-${saleCount}`, sku: 'SKU-TEA', qty: 1, amountFen: 500, costFen: 300, occurredAt: `${D1}T12:00:00+08:00` };
  return device.post('/v1/shelf/sales', { lines: [line] });
}

function result(body: Record<string, unknown>): Record<string, unknown> {
  const value = body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(body)}`);
  }
  return value as Record<string, unknown>;
}

async function activate(operator: RestClient, shelfId: string): Promise<void> {
  const proposal = { siteId, supplier: supplierId, supplierBps: 3000, operatorBps: 5000, siteBps: 2000, feeBps: 500 };
  expect((await operator.post(`/v1/shelf/shelves/${shelfId}/agreements`, proposal)).status).toBe(200);
  for (const party of [operator, siteProvider, supplier]) {
    expect((await party.post(`/v1/shelf/shelves/${shelfId}/agreements/1/sign`, undefined)).status).toBe(200);
  }
}

function bind(operator: RestClient, shelfId: string): Promise<RestResponse> {
  return operator.post(`/v1/shelf/shelves/${shelfId}/devices`, { deviceId });
}

describe('shelf trust through the REST gateway', () => {
  beforeAll(async () => {
    owner = await registerMember(retailAdmin, ownerId, 'shelf-operator');
    intruder = await registerMember(retailAdmin, intruderId, 'shelf-operator');
    siteProvider = await registerMember(retailAdmin, siteProviderId, 'site-provider');
    supplier = await registerMember(retailAdmin, supplierId, 'supplier');
    device = await registerMember(retailAdmin, deviceId, 'shelf-device', deviceId);

    const site = await siteProvider.post('/v1/shelf/sites', {
      siteId,
      city,
      location: 'Metro exit B',
      footfall: 5000,
      desiredShareBps: 2000,
    });
    expect(site.status).toBe(200);
    await activate(owner, ownerShelfId);
    await activate(intruder, intruderShelfId);
  });

  it('refuses to bind a device that has not claimed the operator', async () => {
    const unclaimed = await bind(intruder, intruderShelfId);
    expect(unclaimed).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', details: { deviceId } } });

    const claim = await device.post('/v1/shelf/device-claims', { operator: ownerId });
    expect(claim).toMatchObject({ status: 200, body: { result: { deviceId, operator: ownerId } } });
    // Only the device's own identity can claim it.
    const forged = await intruder.post('/v1/shelf/device-claims', { operator: intruderId });
    expect(forged).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const hijack = await bind(intruder, intruderShelfId);
    expect(hijack).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', details: { deviceId } } });
    const bound = await bind(owner, ownerShelfId);
    expect(bound).toMatchObject({ status: 200, body: { result: { deviceId, shelfId: ownerShelfId, operator: ownerId } } });
  });

  it('refuses a hijack of the bound device with 403 and keeps it bound to its owner', async () => {
    const hijack = await bind(intruder, intruderShelfId);
    expect(hijack).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', details: { deviceId } } });
    const reclaim = await device.post('/v1/shelf/device-claims', { operator: intruderId });
    expect(reclaim).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { shelfId: ownerShelfId } } });
    const stolenUnbind = await intruder.post(`/v1/shelf/shelves/${ownerShelfId}/devices/${deviceId}/unbind`, undefined);
    expect(stolenUnbind).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const wrongShelf = await intruder.post(`/v1/shelf/shelves/${intruderShelfId}/devices/${deviceId}/unbind`, undefined);
    expect(wrongShelf).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    const sale = await recordSale();
    expect(sale).toMatchObject({ status: 200, body: { result: { shelfId: ownerShelfId, deviceId } } });
  });

  it('lets the owner unbind its device exactly once per Idempotency-Key, and bind it again', async () => {
    const key = uniqueId('unbind');
    const path = `/v1/shelf/shelves/${ownerShelfId}/devices/${deviceId}/unbind`;
    const unbound = await owner.post(path, undefined, { idempotencyKey: key });
    expect(unbound).toMatchObject({
      status: 200,
      body: { result: { deviceId, shelfId: ownerShelfId, operator: ownerId, unboundAt: anyString() } },
    });
    const retried = await owner.post(path, undefined, { idempotencyKey: key });
    expect(retried).toMatchObject({ status: 200 });
    expect(result(retried.body)).toEqual(result(unbound.body));
    expect(await owner.post(path, undefined)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    expect(await recordSale()).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // Unbound, the device still names its owner: the intruder gets nothing from the gap.
    expect(await bind(intruder, intruderShelfId)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await bind(owner, ownerShelfId)).status).toBe(200);
    expect(await recordSale()).toMatchObject({ status: 200, body: { result: { shelfId: ownerShelfId } } });
  });

  it('refuses an early payment, so a party can still dispute within the window', async () => {
    const settled = await siteProvider.post(`/v1/shelf/shelves/${ownerShelfId}/days/${D1}/settle`, undefined);
    expect(settled).toMatchObject({ status: 200, body: { result: { status: 'pending', lines: 2, revenueFen: 1000 } } });
    const { disputeUntil } = result(settled.body);

    const early = await owner.post(`/v1/shelf/shelves/${ownerShelfId}/days/${D1}/payment`, { transferRef: uniqueId('CNAPS') });
    expect(early).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { disputeUntil } } });
    const detail = await supplier.get(`/v1/shelf/shelves/${ownerShelfId}/days/${D1}/statement`);
    expect(detail).toMatchObject({ status: 200, body: { statement: { status: 'pending', transferRef: null, paidAt: null } } });

    const disputed = await supplier.post(`/v1/shelf/shelves/${ownerShelfId}/days/${D1}/dispute`, { reason: 'a tea sale is missing' });
    expect(disputed).toMatchObject({ status: 200, body: { result: { status: 'disputed', disputedBy: supplierId } } });
    const stillBlocked = await owner.post(`/v1/shelf/shelves/${ownerShelfId}/days/${D1}/payment`, { transferRef: uniqueId('CNAPS') });
    expect(stillBlocked).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { status: 'disputed' } } });
  });
});
