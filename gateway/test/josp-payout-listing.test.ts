import request from 'supertest';

import type { PayoutRow } from '../src/readmodel/rows';
import { bodyOf, csvLines } from './support/http';
import { testMember } from './support/members-fixtures';
import { appOnReadModel, memoryReadModel } from './support/readmodel-app';
import { at, block, payoutRow, planRow } from './support/store-contract';

const members = {
  // planRow's plan p1 is issued by `shop`.
  'shop-key': testMember({ memberId: 'shop', role: 'merchant', account: 'shop' }),
  'other-shop-key': testMember({ memberId: 'shop-2', role: 'merchant', account: 'shop-2' }),
  'investor-key': testMember({ memberId: 'x', role: 'consumer', account: 'x' }),
  'auditor-key': testMember({ memberId: 'aud', role: 'auditor', account: null }),
  'admin-key': testMember({ memberId: 'adm', role: 'admin', account: 'treasury' }),
};
const as = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });
const HEADER = 'planId,status,investor,tranche,seq,principal,yieldPoints,paidPoints,paidAt,txId';

/** Plan p1 settled in two pages: tranche 0's x and y, then tranche 1's z, whose principal is beyond 32 bits. */
const PAYOUTS: PayoutRow[] = [payoutRow('x', 0, 0, 1_000, 10), payoutRow('y', 0, 1, 600, 6), payoutRow('z', 1, 0, 2 ** 40, 10_995_116_277)];

async function settledPlan(): Promise<ReturnType<typeof appOnReadModel>> {
  const store = memoryReadModel();
  await store.applyBlock(block(1, { plans: [planRow(at(1), 'SETTLING')] }));
  await store.applyBlock(block(2, { payouts: PAYOUTS.slice(0, 2) }));
  await store.applyBlock(block(3, { plans: [planRow(at(3), 'SETTLED')], payouts: PAYOUTS.slice(2) }));
  return appOnReadModel(members, store);
}

describe('the payout listing of a plan', () => {
  it('answers the payouts as JSON in roster order', async () => {
    const response = await request(await settledPlan())
      .get('/v1/josp/plans/p1/payouts')
      .set(as('shop-key'));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ planId: 'p1', items: PAYOUTS, bookmark: '' });
  });

  it('answers them as CSV pages: header, one row per investor paid, exact points, the next page in the Link header', async () => {
    const app = await settledPlan();

    const first = await request(app).get('/v1/josp/plans/p1/payouts?format=csv&pageSize=2').set(as('shop-key'));
    const next = /^<([^>]+)>; rel="next"$/.exec(String(first.headers['link']))?.[1] ?? '';
    const second = await request(app).get(next).set(as('shop-key'));

    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(first.headers['content-disposition']).toBe('attachment; filename=josp-payouts-p1.csv');
    expect(csvLines(first.text)).toEqual([
      HEADER,
      `p1,PAID,x,0,0,1000,10,1010,${at(5).time},tx-pay-0`,
      `p1,PAID,y,0,1,600,6,606,${at(5).time},tx-pay-0`,
    ]);
    expect(next).toMatch(/^\/v1\/josp\/plans\/p1\/payouts\?format=csv&pageSize=2&bookmark=[A-Za-z0-9_-]+$/);
    expect(csvLines(second.text)).toEqual([HEADER, `p1,PAID,z,1,0,1099511627776,10995116277,1110506744053,${at(5).time},tx-pay-1`]);
    expect(second.headers['link']).toBeUndefined();
  });

  it('lets the platform admin and auditors read it', async () => {
    const app = await settledPlan();

    for (const key of ['admin-key', 'auditor-key']) {
      const response = await request(app).get('/v1/josp/plans/p1/payouts?format=csv').set(as(key));
      const [header, ...rows] = csvLines(response.text);
      expect([key, response.status, header, rows.length]).toEqual([key, 200, HEADER, PAYOUTS.length]);
    }
  });

  it.each([
    ['an investor of the plan', 'investor-key'],
    ['another merchant', 'other-shop-key'],
  ])('refuses %s with 403, whatever the format', async (_who, key) => {
    const app = await settledPlan();

    for (const format of ['json', 'csv']) {
      const response = await request(app).get(`/v1/josp/plans/p1/payouts?format=${format}`).set(as(key));
      expect([format, response.status, bodyOf(response).code]).toEqual([format, 403, 'FORBIDDEN']);
    }
  });

  it('answers 404 for a plan the read model does not hold, and 400 for a bookmark it did not return', async () => {
    const app = await settledPlan();

    const unknown = await request(app).get('/v1/josp/plans/p9/payouts').set(as('auditor-key'));
    const bookmark = await request(app).get('/v1/josp/plans/p1/payouts?bookmark=WyJ4Il0').set(as('auditor-key'));

    expect([unknown.status, bodyOf(unknown).code]).toEqual([404, 'NOT_FOUND']);
    expect([bookmark.status, bodyOf(bookmark).code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
