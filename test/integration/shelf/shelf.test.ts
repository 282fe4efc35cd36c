/**
 * Unmanned shelves end to end through the REST gateway (docs/rules.md#shelf, docs/shelf.md): board →
 * agreement signed by three identities → device claimed and bound → three sales batches over
 * two days → T+1 settlement with exact amounts → late-sale adjustment → dispute → resolution →
 * payment refused while the dispute window is open → a day settled under a short dispute window
 * (the platform parameter `disputeWindowSeconds`, set and then restored by the platform admin).
 * Steps build on each other, so they run in order in one file.
 */
import { createHash } from 'node:crypto';

import { anyString } from '../../support/assertions';
import { gatewayUrl } from '../../support/fabric';
import { orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));

const operatorId = uniqueId('shelf-op');
const siteProviderId = uniqueId('site-prov');
const supplierId = uniqueId('supplier');
const deviceId = uniqueId('device-1');
const otherDeviceId = uniqueId('device-2');
const unboundDeviceId = uniqueId('device-3');
const city = uniqueId('Shanghai');
const siteId = uniqueId('site');
const shelfId = uniqueId('shelf-1');
const otherShelfId = uniqueId('shelf-2');

let operator: RestClient;
let siteProvider: RestClient;
let supplier: RestClient;
let device: RestClient;
let otherDevice: RestClient;
let unboundDevice: RestClient;
let siteProviderKey: string;

/** A Shanghai calendar day `daysAgo` days before today, `yyyy-mm-dd`. */
function shanghaiDay(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
const D1 = shanghaiDay(2);
const D2 = shanghaiDay(1);

function sale(
  saleId: string,
  day: string,
  amountFen: number,
  costFen: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { saleId, sku: 'SKU-COLA', qty: 1, amountFen, costFen, occurredAt: `${day}T12:00:00+08:00`, ...extra };
}

function result(body: Record<string, unknown>): Record<string, unknown> {
  const value = body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(body)}`);
  }
  return value as Record<string, unknown>;
}

/** Canonical JSON as the chaincode hashes it: keys sorted, no whitespace. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function settle(by: RestClient, shelf: string, day: string): Promise<Record<string, unknown>> {
  const response = await by.post(`/v1/shelf/shelves/${shelf}/days/${day}/settle`, undefined);
  expect(response).toMatchObject({ status: 200 });
  return result(response.body);
}

/** The parameter document as `GET /v1/points/params` answers it, less the fields UpdateParams manages. */
async function currentParams(): Promise<Record<string, unknown>> {
  const params = await platformAdmin.get('/v1/points/params');
  expect(params.status).toBe(200);
  return Object.fromEntries(Object.entries(params.body).filter(([field]) => !['version', 'updatedAt', 'updatedByTxId'].includes(field)));
}

async function activate(shelf: string): Promise<void> {
  const proposal = { siteId, supplier: supplierId, supplierBps: 3000, operatorBps: 5000, siteBps: 2000, feeBps: 500 };
  const proposed = await operator.post(`/v1/shelf/shelves/${shelf}/agreements`, proposal);
  expect(proposed).toMatchObject({ status: 200, body: { result: { version: 1, status: 'proposed', siteProvider: siteProviderId } } });
  for (const party of [operator, siteProvider, supplier]) {
    expect((await party.post(`/v1/shelf/shelves/${shelf}/agreements/1/sign`, undefined)).status).toBe(200);
  }
}

describe('shelf through the REST gateway', () => {
  beforeAll(async () => {
    operator = await registerMember(retailAdmin, operatorId, 'shelf-operator');
    const siteResponse = await retailAdmin.post('/v1/members', { memberId: siteProviderId, role: 'site-provider' });
    expect(siteResponse.status).toBe(201);
    siteProviderKey = String(siteResponse.body.apiKey);
    siteProvider = new RestClient(siteProviderKey);
    supplier = await registerMember(retailAdmin, supplierId, 'supplier');
    device = await registerMember(retailAdmin, deviceId, 'shelf-device', deviceId);
    otherDevice = await registerMember(retailAdmin, otherDeviceId, 'shelf-device', otherDeviceId);
    unboundDevice = await registerMember(retailAdmin, unboundDeviceId, 'shelf-device', unboundDeviceId);
  });

  it('puts sites, offers and requests on a searchable, paginated board', async () => {
    const site = await siteProvider.post('/v1/shelf/sites', {
      siteId,
      city,
      location: 'Lobby, Tower A',
      footfall: 1200,
      desiredShareBps: 2000,
    });
    expect(site).toMatchObject({ status: 200, body: { result: { kind: 'site', owner: siteProviderId } } });
    const second = await siteProvider.post('/v1/shelf/sites', {
      siteId: `${siteId}-b`,
      city,
      location: 'Gym',
      footfall: 300,
      desiredShareBps: 1500,
    });
    expect(second.status).toBe(200);
    expect(
      (await supplier.post('/v1/shelf/offers', { offerId: uniqueId('offer'), city, skus: [{ sku: 'SKU-COLA', costFen: 200 }] })).status,
    ).toBe(200);
    expect((await operator.post('/v1/shelf/requests', { postingId: uniqueId('want'), city, description: 'Office lobbies' })).status).toBe(
      200,
    );

    const page1 = await operator.get(`/v1/shelf/sites?city=${city}&pageSize=1`);
    expect(page1).toMatchObject({ status: 200, body: { items: [{ postId: siteId }] } });
    const page2 = await operator.get(`/v1/shelf/sites?city=${city}&pageSize=1&bookmark=${String(page1.body.bookmark)}`);
    expect(page2).toMatchObject({ status: 200, body: { items: [{ postId: `${siteId}-b` }] } });
    expect(await siteProvider.get(`/v1/shelf/offers?city=${city}`)).toMatchObject({
      body: { items: [{ skus: [{ sku: 'SKU-COLA', costFen: 200 }] }] },
    });
    expect(await siteProvider.get(`/v1/shelf/requests?city=${city}`)).toMatchObject({ body: { items: [{ owner: operatorId }] } });
  });

  it('refuses an agreement whose split does not sum to 10,000', async () => {
    const bad = { siteId, supplier: supplierId, supplierBps: 3000, operatorBps: 5000, siteBps: 1000, feeBps: 500 };
    const response = await operator.post(`/v1/shelf/shelves/${shelfId}/agreements`, bad);
    expect(response).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT', details: { sum: 9000 } } });
  });

  it('activates an agreement only when all three parties have signed', async () => {
    await activate(shelfId);
    const shelf = await supplier.get(`/v1/shelf/shelves/${shelfId}`);
    expect(shelf).toMatchObject({ status: 200, body: { activeVersion: 1, agreements: [{ status: 'active' }] } });
    await activate(otherShelfId);
  });

  it('binds devices to their shelves and refuses others', async () => {
    for (const claimant of [device, otherDevice]) {
      expect((await claimant.post('/v1/shelf/device-claims', { operator: operatorId })).status).toBe(200);
    }
    expect((await operator.post(`/v1/shelf/shelves/${shelfId}/devices`, { deviceId })).status).toBe(200);
    expect((await operator.post(`/v1/shelf/shelves/${otherShelfId}/devices`, { deviceId: otherDeviceId })).status).toBe(200);
    const rebind = await operator.post(`/v1/shelf/shelves/${shelfId}/devices`, { deviceId: otherDeviceId });
    expect(rebind).toMatchObject({ status: 409, body: { code: 'ALREADY_EXISTS' } });
    const unbound = await unboundDevice.post('/v1/shelf/sales', { lines: [sale('x1', D1, 100, 50)] });
    expect(unbound).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // The device of the other shelf records only for its own shelf, even with the same sale ids.
    const other = await otherDevice.post('/v1/shelf/sales', { lines: [sale('s1', D1, 99_999, 1)] });
    expect(other).toMatchObject({ status: 200, body: { result: { shelfId: otherShelfId } } });
  });

  it('records batches idempotently per sale id, with refunds', async () => {
    const first = await device.post('/v1/shelf/sales', {
      lines: [sale('s1', D1, 1000, 600, { qty: 2 }), sale('s2', D1, 555, 300), sale('s3', D1, 333, 100)],
    });
    expect(first).toMatchObject({ status: 200, body: { result: { shelfId, duplicates: [] } } });
    const changed = await device.post('/v1/shelf/sales', { lines: [sale('s4', D2, 2000, 1200), sale('s3', D1, 334, 100)] });
    expect(changed).toMatchObject({ status: 409, body: { code: 'DUPLICATE_REQUEST', details: { index: 1 } } });
    const second = await device.post('/v1/shelf/sales', {
      lines: [sale('s3', D1, 333, 100), sale('r1', D1, -555, -300, { qty: -1, refundOf: 's2' }), sale('s4', D2, 2000, 1200)],
    });
    expect(second).toMatchObject({ status: 200, body: { result: { duplicates: ['s3'] } } });
    expect(result(second.body).recorded).toEqual([
      { saleId: 'r1', day: D1, occurredDay: D1 },
      { saleId: 's4', day: D2, occurredDay: D2 },
    ]);
  });

  it('settles day 1 once, with exact amounts and a verifiable hash', async () => {
    const day1 = await settle(siteProvider, shelfId, D1);
    expect(day1).toMatchObject({
      revenueFen: 1333,
      costFen: 700,
      feeFen: 66,
      profitFen: 567,
      supplierFen: 870,
      siteFen: 113,
      operatorFen: 284,
      lines: 4,
      status: 'pending',
    });
    const again = await operator.post(`/v1/shelf/shelves/${shelfId}/days/${D1}/settle`, undefined);
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_SETTLED' } });

    const detail = await supplier.get(`/v1/shelf/shelves/${shelfId}/days/${D1}/statement`);
    expect(detail.status).toBe(200);
    const lines = detail.body.salesLines as Record<string, unknown>[];
    expect(lines.map((l) => l.saleId)).toEqual(['r1', 's1', 's2', 's3']);
    expect(createHash('sha256').update(canonical(lines)).digest('hex')).toBe(day1.salesHash);
  });

  it('puts a late sale of a settled day into the next settlement', async () => {
    const late = await device.post('/v1/shelf/sales', { lines: [sale('s5', D1, 100, 50)] });
    expect(result(late.body).recorded).toEqual([{ saleId: 's5', day: D2, occurredDay: D1 }]);
    const day2 = await settle(supplier, shelfId, D2);
    expect(day2).toMatchObject({
      revenueFen: 2100,
      costFen: 1250,
      feeFen: 105,
      profitFen: 745,
      supplierFen: 1473,
      siteFen: 149,
      operatorFen: 373,
      adjustmentLines: 1,
      adjustmentDays: [D1],
    });
  });

  it('blocks payment of a disputed statement, and of a resolved one while its window is open', async () => {
    const disputed = await supplier.post(`/v1/shelf/shelves/${shelfId}/days/${D1}/dispute`, { reason: 'cost of s3 is 120' });
    expect(disputed).toMatchObject({ status: 200, body: { result: { status: 'disputed', disputedBy: supplierId } } });
    const blocked = await operator.post(`/v1/shelf/shelves/${shelfId}/days/${D1}/payment`, { transferRef: 'CNAPS-0001' });
    expect(blocked).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const notAdmin = await siteProvider.post(`/v1/shelf/shelves/${shelfId}/days/${D1}/resolution`, { resolution: 'accept', note: 'ok' });
    expect(notAdmin.status).toBe(403);

    const resolved = await platformAdmin.post(`/v1/shelf/shelves/${shelfId}/days/${D1}/resolution`, {
      resolution: 'resettle',
      revenueFen: 1333,
      costFen: 720,
      note: 'supplier cost of s3 corrected to 120',
    });
    // R 1333, C 720, F 66, P 547: supplier 720 + 164, site 109, operator 274.
    expect(resolved).toMatchObject({
      status: 200,
      body: { result: { status: 'pending', resolution: 'resettle', profitFen: 547, supplierFen: 884, siteFen: 109, operatorFen: 274 } },
    });
    // Settled moments ago under the default disputeWindowSeconds (3 days): the window is still open, so the statement is not final yet.
    const early = await operator.post(`/v1/shelf/shelves/${shelfId}/days/${D1}/payment`, { transferRef: 'CNAPS-0001' });
    expect(early).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { disputeUntil: anyString() } } });
  });

  it('reports statements and sales lines per party as JSON and CSV', async () => {
    const report = await siteProvider.get(`/v1/shelf/reports/${siteProviderId}?from=${D1}&to=${D2}`);
    expect(report).toMatchObject({
      status: 200,
      body: {
        totals: { paidFen: 0, pendingFen: 109 + 149, disputedFen: 0 },
        statements: [
          { day: D1, partyRole: 'site-provider', partyAmountFen: 109, status: 'pending' },
          { day: D2, partyAmountFen: 149, status: 'pending' },
        ],
      },
    });
    expect((await supplier.get(`/v1/shelf/reports/${siteProviderId}?from=${D1}&to=${D2}`)).status).toBe(403);

    const csv = await fetch(`${gatewayUrl()}/v1/shelf/reports/${siteProviderId}?from=${D1}&to=${D2}&format=csv`, {
      headers: { authorization: `Bearer ${siteProviderKey}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^party,partyRole,shelfId,day,/);
    expect(rows).toHaveLength(1 + 4 + 2);

    // Pages of 3 rows: D1's four lines are split over two pages, and the pages together are the report.
    const period = `/v1/shelf/reports/${siteProviderId}?from=${D1}&to=${D2}&pageSize=3`;
    const page1 = await siteProvider.get(period);
    const page2 = await siteProvider.get(`${period}&bookmark=${String(page1.body.bookmark)}`);
    expect(page1.body).toMatchObject({ statements: [{ day: D1, salesLinesFrom: 0 }], totals: { pendingFen: 109 } });
    expect(page2.body).toMatchObject({
      bookmark: '',
      statements: [
        { day: D1, salesLinesFrom: 3 },
        { day: D2, salesLinesFrom: 0 },
      ],
      totals: { pendingFen: 149 },
    });
    const saleIds = (body: Record<string, unknown>): string[] =>
      (body.statements as Array<{ salesLines: Array<{ saleId: string }> }>).flatMap((s) => s.salesLines.map((line) => line.saleId));
    expect([...saleIds(page1.body), ...saleIds(page2.body)]).toEqual(saleIds(report.body));
    expect((await siteProvider.get(period.replace('pageSize=3', 'pageSize=501'))).status).toBe(400);

    // As CSV, each page is a CSV file of its own and names the next one in its Link header.
    const auth = { headers: { authorization: `Bearer ${siteProviderKey}` } };
    const csvPage1 = await fetch(`${gatewayUrl()}${period}&format=csv`, auth);
    const next = /^<([^>]+)>; rel="next"$/.exec(csvPage1.headers.get('link') ?? '')?.[1] ?? '';
    const csvPage2 = await fetch(`${gatewayUrl()}${next}`, auth);
    const pageRows = [...(await csvPage1.text()).trimEnd().split('\r\n'), ...(await csvPage2.text()).trimEnd().split('\r\n')];
    expect(csvPage2.headers.get('link')).toBeNull();
    expect(pageRows.filter((row) => row !== rows[0])).toEqual(rows.slice(1));
  });

  // Last: it settles the other shelf's day 1, which the report above must not list.
  it('fixes disputeUntil at settle time + the disputeWindowSeconds the platform admin set', async () => {
    const previous = await currentParams();
    // Short against the default 3 days, long enough that the payment below is surely early.
    const windowSeconds = 600;
    try {
      const updated = await platformAdmin.put('/v1/points/params', { ...previous, disputeWindowSeconds: windowSeconds });
      expect(updated).toMatchObject({ status: 200, body: { result: { disputeWindowSeconds: windowSeconds } } });

      const statement = await settle(operator, otherShelfId, D1);
      const settledAt = Date.parse(String(statement.settledAt));
      expect(statement).toMatchObject({ status: 'pending', disputeUntil: new Date(settledAt + windowSeconds * 1000).toISOString() });
      const stored = await supplier.get(`/v1/shelf/shelves/${otherShelfId}/days/${D1}/statement`);
      expect(stored).toMatchObject({ status: 200, body: { statement: { disputeUntil: statement.disputeUntil } } });
      const early = await operator.post(`/v1/shelf/shelves/${otherShelfId}/days/${D1}/payment`, { transferRef: 'CNAPS-0002' });
      expect(early).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { disputeUntil: statement.disputeUntil } } });
    } finally {
      const restored = await platformAdmin.put('/v1/points/params', previous);
      expect(restored).toMatchObject({ status: 200, body: { result: { disputeWindowSeconds: previous.disputeWindowSeconds } } });
    }
  });
});
