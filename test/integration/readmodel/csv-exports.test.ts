/**
 * The CSV exports end to end (README "CSV exports"): a consumer's points statement (chaincode pages),
 * a merchant's and an issuer's coupon redemptions and a settled JOSP plan's payouts (read model
 * pages), each downloaded through the REST gateway page by page along its `Link: rel="next"` header,
 * checked row by row against the writes that made them, and refused to a member who may not read it.
 * Steps build on each other, so they run in order in one file.
 */
import { defined } from '../../support/assertions';
import { gatewayUrl } from '../../support/fabric';
import { eventually } from '../../support/network';
import { orgAdminKey, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));

const DAY_MS = 24 * 3600_000;
const merchantId = uniqueId('csv-shop');
const otherMerchantId = uniqueId('csv-shop-2');
const consumerId = uniqueId('csv-c');
const investorIds = [uniqueId('csv-inv-a'), uniqueId('csv-inv-b')];
const classId = uniqueId('csv-class');
const claimId = uniqueId('csv-claim');
const planId = uniqueId('csv-plan');

/** A member's client and its API key, which the CSV downloads send themselves. */
interface Member {
  readonly id: string;
  readonly key: string;
  readonly client: RestClient;
}

let merchant: Member;
let otherMerchant: Member;
let consumer: Member;
let auditor: Member;
const investors: Member[] = [];

async function register(admin: RestClient, id: string, role: string): Promise<Member> {
  const response = await admin.post('/v1/members', { memberId: id, role });
  expect(response.status).toBe(201);
  const key = String(response.body.apiKey);
  return { id, key, client: new RestClient(key) };
}

function result(response: RestResponse): Record<string, unknown> {
  expect(response.status).toBe(200);
  const value = response.body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(response.body)}`);
  }
  return value as Record<string, unknown>;
}

/** A CSV download: its header row and every page's rows, each split into cells. */
interface Csv {
  readonly header: string;
  readonly rows: readonly (readonly string[])[];
}

/**
 * One CSV row's cells. The exports' cells here hold ids, times and integers, never a comma or a
 * quote, so splitting on commas reads them exactly.
 */
function cells(line: string): string[] {
  return line.split(',');
}

/** GETs `path` as CSV with `member`'s key, following `Link: rel="next"` to the last page; every page repeats the header. */
async function downloadCsv(member: Member, path: string): Promise<Csv> {
  const headers = { authorization: `Bearer ${member.key}` };
  let header = '';
  const rows: string[][] = [];
  for (let next: string | undefined = path; next !== undefined;) {
    const response = await fetch(`${gatewayUrl()}${next}`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    const [first = '', ...lines] = (await response.text()).replace(/\r\n$/, '').split('\r\n');
    expect(header === '' || first === header).toBe(true);
    header = first;
    rows.push(...lines.filter((line) => line !== '').map(cells));
    next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return { header, rows };
}

/** The status a member gets for `path` as CSV. */
async function csvStatus(member: Member, path: string): Promise<number> {
  const response = await fetch(`${gatewayUrl()}${path}`, { headers: { authorization: `Bearer ${member.key}` } });
  await response.arrayBuffer();
  return response.status;
}

/** The row whose column `column` holds `value`; fails when there is none. */
function rowWith(csv: Csv, column: string, value: string): Record<string, string> {
  const names = cells(csv.header);
  const index = names.indexOf(column);
  const row = csv.rows.find((r) => r[index] === value);
  if (row === undefined) {
    throw new Error(`no row with ${column}=${value} in ${JSON.stringify(csv)}`);
  }
  return Object.fromEntries(names.map((name, i) => [name, row[i] ?? '']));
}

async function sleepUntil(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

describe('CSV exports through the REST gateway', () => {
  beforeAll(async () => {
    merchant = await register(retailAdmin, merchantId, 'merchant');
    otherMerchant = await register(retailAdmin, otherMerchantId, 'merchant');
    consumer = await register(platformAdmin, consumerId, 'consumer');
    auditor = await register(platformAdmin, uniqueId('csv-auditor'), 'auditor');
    for (const id of investorIds) {
      investors.push(await register(platformAdmin, id, 'consumer'));
    }
    result(await platformAdmin.post('/v1/points/mint', { points: 1_000_000 }));
    for (const id of [merchantId, otherMerchantId]) {
      result(await platformAdmin.post('/v1/points/merchants', { merchantId: id, name: `Shop ${id}`, region: 'Hangzhou' }));
    }
    for (const id of investorIds) {
      result(await platformAdmin.post('/v1/points/transfers', { to: id, points: 5_000 }));
    }
  });

  it("exports the consumer's statement in pages: one row per movement, the points each purchase earned", async () => {
    const purchases: { txId: string; points: number; orderId: string }[] = [];
    for (const amountFen of [10_000, 25_000, 40_000]) {
      const orderId = uniqueId(`csv-order-${amountFen}`);
      const response = await merchant.client.post('/v1/points/purchases', { orderId, consumer: consumerId, amountFen });
      purchases.push({ txId: String(response.body.transactionId), points: Number(result(response).pointsEarned), orderId });
    }

    const csv = await downloadCsv(consumer, `/v1/points/accounts/${consumerId}/statement?format=csv&pageSize=2`);

    expect(csv.header).toBe('account,time,txId,kind,delta,counterparty,requestId,reference');
    expect(csv.rows).toHaveLength(3);
    for (const { txId, points } of purchases) {
      expect(rowWith(csv, 'txId', txId)).toMatchObject({ account: consumerId, kind: 'PURCHASE_EARN', delta: String(points) });
      expect(Number.isSafeInteger(points) && points > 0).toBe(true);
    }
    expect(rowWith(csv, 'txId', defined(purchases[0], 'the first purchase').txId).time).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/,
    );
    expect(await csvStatus(otherMerchant, `/v1/points/accounts/${consumerId}/statement?format=csv`)).toBe(403);
  });

  it("exports the merchant's redemptions and the issuer's, each bound to its recorded order, exact fen", async () => {
    const validFrom = new Date(Date.now() - DAY_MS).toISOString();
    const validUntil = new Date(Date.now() + 30 * DAY_MS).toISOString();
    result(
      await merchant.client.post('/v1/coupons/classes', {
        classId,
        name: 'CSV coupon',
        faceValueFen: 1_500,
        quantity: 10,
        validFrom,
        validUntil,
      }),
    );
    result(await merchant.client.post('/v1/coupons/claims', { claimId, classId, perPerson: 1, total: 10 }));
    result(await consumer.client.post(`/v1/coupons/claims/${claimId}/takes`, { quantity: 1 }));
    const orderId = uniqueId('csv-coupon-order');
    result(await merchant.client.post('/v1/points/purchases', { orderId, consumer: consumerId, amountFen: 50_000 }));
    result(await consumer.client.post('/v1/coupons/presentations', { classId, merchantId, orderId }));
    const redeemed = await merchant.client.post('/v1/coupons/redemptions', { orderId, classId });
    expect(result(redeemed)).toMatchObject({ amountFen: 50_000, faceValueFen: 1_500, payFen: 48_500, rebateFen: 0, payableDay: null });

    const expected = {
      merchantId,
      orderId,
      classId,
      issuer: merchantId,
      holder: consumerId,
      amountFen: '50000',
      faceValueFen: '1500',
      payFen: '48500',
      rebateFen: '0',
      payableDay: '',
      txId: String(redeemed.body.transactionId),
    };
    const header =
      'time,merchantId,orderId,classId,issuer,holder,amountFen,faceValueFen,payFen,rebateFen,occurredAt,payableDay,requestId,txId';
    // The read model indexes the redemption's block within moments.
    const atTill = await eventually(async () => {
      const csv = await downloadCsv(merchant, `/v1/coupons/merchants/${merchantId}/redemptions?format=csv&pageSize=1`);
      expect(rowWith(csv, 'orderId', orderId)).toMatchObject(expected);
      return csv;
    });
    const ofIssuer = await downloadCsv(auditor, `/v1/coupons/issuers/${merchantId}/redemptions?format=csv&classId=${classId}`);

    expect(atTill.header).toBe(header);
    expect(atTill.rows).toHaveLength(1);
    expect(ofIssuer.header).toBe(header);
    expect(ofIssuer.rows).toHaveLength(1);
    expect(rowWith(ofIssuer, 'orderId', orderId)).toMatchObject(expected);
    expect(await csvStatus(otherMerchant, `/v1/coupons/merchants/${merchantId}/redemptions?format=csv`)).toBe(403);
    expect(await csvStatus(consumer, `/v1/coupons/issuers/${merchantId}/redemptions?format=csv`)).toBe(403);
  });

  it("exports a settled plan's payouts: one row per investor, principal and yield as paid", async () => {
    const windowEnd = Date.now() + 20_000;
    const maturity = windowEnd + 3_000;
    const terms = {
      planId,
      capPoints: 2_000,
      minRaisePoints: 1_000,
      minSubscription: 100,
      maxSubscription: 1_000,
      windowStart: new Date(Date.now() - 60_000).toISOString(),
      windowEnd: new Date(windowEnd).toISOString(),
      maturity: new Date(maturity).toISOString(),
    };
    result(await merchant.client.post('/v1/josp/plans', terms));
    for (const investor of investors) {
      result(await investor.client.post(`/v1/josp/plans/${planId}/subscriptions`, { points: 1_000 }));
    }
    await sleepUntil(maturity + 1_500);
    const [first, second] = [defined(investors[0], 'the first investor'), defined(investors[1], 'the second investor')];
    const settlement = await first.client.post(`/v1/josp/plans/${planId}/settlements`, { pageSize: 10 });
    const settled = result(settlement);
    expect(settled.plan).toMatchObject({ status: 'SETTLED' });
    const payouts = settled.payouts as { investor: string; principal: number; yieldPoints: number }[];
    expect(payouts.map((p) => p.investor).sort()).toEqual([...investorIds].sort());

    const csv = await eventually(async () => {
      const download = await downloadCsv(merchant, `/v1/josp/plans/${planId}/payouts?format=csv&pageSize=1`);
      expect(download.rows).toHaveLength(payouts.length);
      return download;
    });

    expect(csv.header).toBe('planId,status,investor,tranche,seq,principal,yieldPoints,paidPoints,paidAt,txId');
    for (const { investor, principal, yieldPoints } of payouts) {
      // No sales in the term: the default schedule's lowest rate, 1 %.
      expect([principal, yieldPoints]).toEqual([1_000, 10]);
      expect(rowWith(csv, 'investor', investor)).toMatchObject({
        planId,
        status: 'PAID',
        principal: String(principal),
        yieldPoints: String(yieldPoints),
        paidPoints: String(principal + yieldPoints),
        txId: String(settlement.body.transactionId),
      });
    }
    expect((await downloadCsv(auditor, `/v1/josp/plans/${planId}/payouts?format=csv`)).rows).toHaveLength(payouts.length);
    expect(await csvStatus(second, `/v1/josp/plans/${planId}/payouts?format=csv`)).toBe(403);
  });
});
