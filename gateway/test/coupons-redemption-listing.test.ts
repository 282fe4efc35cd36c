import request from 'supertest';

import type { RedemptionRow } from '../src/readmodel/rows';
import { bodyOf, csvLines } from './support/http';
import { testMember } from './support/members-fixtures';
import { appOnReadModel, memoryReadModel } from './support/readmodel-app';
import { block, redemptionRow } from './support/store-contract';

const members = {
  'shop-a-key': testMember({ memberId: 'shop-a', role: 'merchant', account: 'shop-a' }),
  'shop-b-key': testMember({ memberId: 'shop-b', role: 'merchant', account: 'shop-b' }),
  'shop-c-key': testMember({ memberId: 'shop-c', role: 'merchant', account: 'shop-c' }),
  'alice-key': testMember(),
  'auditor-key': testMember({ memberId: 'aud', role: 'auditor', account: null }),
  'admin-key': testMember({ memberId: 'adm', role: 'admin', account: 'treasury' }),
  'retail-admin-key': testMember({ memberId: 'ra', org: 'retail', mspId: 'RetailMSP', role: 'org-admin', account: null, isOrgAdmin: true }),
};
const as = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });
const HEADER = 'time,merchantId,orderId,classId,issuer,holder,amountFen,faceValueFen,payFen,rebateFen,occurredAt,payableDay,requestId,txId';
const t = (minute: number): string => `2025-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** Shop A issued class c1; it was redeemed at A's own till, at B's (a rebate of 50 yuan), then at B again. */
const REDEMPTIONS: RedemptionRow[] = [
  redemptionRow('shop-a', 'o1', t(1)),
  { ...redemptionRow('shop-b', 'o2', t(2)), amountFen: 1_000_000_000_001, payFen: 999_999_990_001, holder: '=HYPERLINK("x")' },
  redemptionRow('shop-b', 'o3', t(3), 'c2'),
];

async function appWithRedemptions(): Promise<ReturnType<typeof appOnReadModel>> {
  const store = memoryReadModel();
  await store.applyBlock(block(1, { redemptions: REDEMPTIONS }));
  return appOnReadModel(members, store);
}

describe('redemption listings', () => {
  it("answers a merchant's redemptions as JSON, oldest first, exact amounts", async () => {
    const app = await appWithRedemptions();

    const response = await request(app).get('/v1/coupons/merchants/shop-b/redemptions').set(as('shop-b-key'));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ merchantId: 'shop-b', items: REDEMPTIONS.slice(1), bookmark: '' });
  });

  it('answers them as CSV: header, one row per redemption, integers as they are, formulas neutralised', async () => {
    const app = await appWithRedemptions();

    const response = await request(app).get('/v1/coupons/merchants/shop-b/redemptions?format=csv').set(as('shop-b-key'));

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename=coupon-redemptions-merchant-shop-b.csv');
    expect(response.headers['link']).toBeUndefined();
    expect(csvLines(response.text)).toEqual([
      HEADER,
      `${t(2)},shop-b,o2,c1,shop-a,"'=HYPERLINK(""x"")",1000000000001,10000,999999990001,5000,2025-03-01T00:00:00.000Z,2025-03-01,r-o2,tx-o2`,
      `${t(3)},shop-b,o3,c2,shop-a,alice,100000,10000,90000,5000,2025-03-01T00:00:00.000Z,2025-03-01,r-o3,tx-o3`,
    ]);
  });

  it("lists an issuer's redemptions wherever redeemed, of one class with classId, in pages linked by rel=next", async () => {
    const app = await appWithRedemptions();
    const get = (path: string): request.Test => request(app).get(path).set(as('shop-a-key'));

    const first = await get('/v1/coupons/issuers/shop-a/redemptions?classId=c1&format=csv&pageSize=1');
    const next = /^<([^>]+)>; rel="next"$/.exec(String(first.headers['link']))?.[1] ?? '';
    const second = await get(next);
    const json = await get('/v1/coupons/issuers/shop-a/redemptions?from=2025-03-01T10:02:00.000Z');

    expect(csvLines(first.text)).toEqual([HEADER, expect.stringMatching(/^[^,]+,shop-a,o1,c1,/)]);
    expect(next).toMatch(/^\/v1\/coupons\/issuers\/shop-a\/redemptions\?classId=c1&format=csv&pageSize=1&bookmark=[A-Za-z0-9_-]+$/);
    expect(csvLines(second.text)).toEqual([HEADER, expect.stringMatching(/^[^,]+,shop-b,o2,c1,/)]);
    expect(second.headers['link']).toBeUndefined();
    expect(bodyOf(json)).toEqual({ issuer: 'shop-a', items: REDEMPTIONS.slice(1), bookmark: '' });
  });

  it('lets the platform admin and auditors read every party', async () => {
    const app = await appWithRedemptions();

    for (const key of ['admin-key', 'auditor-key']) {
      const merchant = await request(app).get('/v1/coupons/merchants/shop-a/redemptions?format=csv').set(as(key));
      const issuer = await request(app).get('/v1/coupons/issuers/shop-a/redemptions').set(as(key));
      expect([key, merchant.status, csvLines(merchant.text).length, issuer.status]).toEqual([key, 200, 2, 200]);
    }
  });

  it.each([
    ['another merchant', 'shop-c-key', '/v1/coupons/merchants/shop-b/redemptions?format=csv'],
    ['the issuer, at another merchant', 'shop-a-key', '/v1/coupons/merchants/shop-b/redemptions'],
    ['a redeeming merchant, as issuer', 'shop-b-key', '/v1/coupons/issuers/shop-a/redemptions?format=csv'],
    ['a consumer', 'alice-key', '/v1/coupons/issuers/shop-a/redemptions'],
    ['an org admin', 'retail-admin-key', '/v1/coupons/merchants/shop-a/redemptions?format=csv'],
  ])('refuses %s with 403, whatever the format', async (_who, key, path) => {
    const response = await request(await appWithRedemptions())
      .get(path)
      .set(as(key));

    expect(response.status).toBe(403);
    expect(bodyOf(response).code).toBe('FORBIDDEN');
  });

  it('refuses a bookmark it did not return, an unknown format and a page over 100 with 400', async () => {
    const app = await appWithRedemptions();
    const get = (query: string): request.Test =>
      request(app).get(`/v1/coupons/merchants/shop-a/redemptions?${query}`).set(as('shop-a-key'));

    const statuses = await Promise.all(
      ['bookmark=nope', 'format=xlsx', 'pageSize=101', 'from=yesterday'].map(async (q) => (await get(q)).status),
    );

    expect(statuses).toEqual([400, 400, 400, 400]);
  });

  it('answers 404 on a gateway without a read model', async () => {
    const response = await request(appOnReadModel(members)).get('/v1/coupons/merchants/shop-a/redemptions').set(as('shop-a-key'));

    expect(response.status).toBe(404);
  });
});
