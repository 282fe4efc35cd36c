/**
 * The pages (/app) in headless Chromium on the running network: a consumer claims a coupon, presents
 * it at a merchant and pays with points, seeing the new balance; a merchant uploads a CSV of 100
 * purchases and sees every one recorded; the platform resolves a shelf dispute. Each flow is checked
 * in Chinese (the default) and in English. Needs Debian's chromium (network/install-browser.sh) or
 * CHROMIUM_PATH.
 */
import type { Browser, Page } from 'playwright-core';

import { gatewayUrl } from '../../support/fabric';
import { orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';
import { DAY_MS, launchBrowser, logIn as logInWith, merchant, ok, platformAdmin, retailAdmin, shanghaiDay, text } from './pages-support';

let browser: Browser | undefined;

/** Registers a member and answers its API key, which the page asks for. */
async function memberKey(admin: RestClient, memberId: string, role: string, account?: string): Promise<string> {
  const body = ok(
    await admin.post('/v1/members', { memberId, role, ...(account === undefined ? {} : { account }) }),
    `registering ${memberId}`,
  );
  return String(body.apiKey);
}

async function balanceOf(account: string): Promise<number> {
  return Number(ok(await platformAdmin.get(`/v1/points/accounts/${account}/balance`), 'balance').balance);
}

/** A fresh browser page at the phone width of the issue, logged in with `key`. */
async function logIn(key: string): Promise<Page> {
  if (browser === undefined) {
    throw new Error('no browser');
  }
  return logInWith(browser, key);
}

beforeAll(async () => {
  ok(await platformAdmin.post('/v1/points/mint', { points: 1_000_000 }), 'minting');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('consumer wallet', () => {
  it('claims a coupon, presents it for an order and pays with points, showing the new balance', async () => {
    const shop = await merchant('shop-wallet');
    const consumerId = uniqueId('c-wallet');
    const consumerKey = await memberKey(platformAdmin, consumerId, 'consumer');
    const classId = uniqueId('cls-wallet');
    const claimId = uniqueId('claim-wallet');
    ok(
      await shop.client.post('/v1/coupons/classes', {
        classId,
        name: 'Wallet coupon',
        faceValueFen: 1_000,
        quantity: 10,
        validFrom: new Date(Date.now() - DAY_MS).toISOString(),
        validUntil: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      }),
      'creating the class',
    );
    ok(await shop.client.post('/v1/coupons/claims', { claimId, classId, perPerson: 1, total: 10 }), 'opening the claim');
    const couponOrder = uniqueId('order-coupon');
    const pointsOrder = uniqueId('order-points');
    for (const orderId of [couponOrder, pointsOrder]) {
      ok(await shop.client.post('/v1/points/purchases', { orderId, consumer: consumerId, amountFen: 20_000 }), 'recording');
    }
    const earned = await balanceOf(consumerId);
    expect(earned).toBeGreaterThan(100);

    const page = await logIn(consumerKey);
    expect(await text(page, 'wallet')).toContain('我的钱包');
    await page.getByTestId('statement-row').nth(1).waitFor();
    expect(await text(page, 'wallet-balance')).toBe(earned.toLocaleString('en'));

    await page.getByTestId('claim-claimId').fill(claimId);
    await page.getByTestId('claim-submit').click();
    await page.getByTestId('claim-message').waitFor();
    expect(await text(page, 'claim-message')).toBe(`已完成。 ${classId} × 1`);
    const couponRow = page.getByTestId('coupon-row').filter({ hasText: classId });
    await couponRow.waitFor();
    expect(await couponRow.locator('td').nth(2).textContent()).toBe('1');

    await page.getByTestId('present-classId').selectOption(classId);
    await page.getByTestId('present-merchantId').fill(shop.id);
    await page.getByTestId('present-orderId').fill(couponOrder);
    await page.getByTestId('present-submit').click();
    await page.getByTestId('present-message').waitFor();
    expect(await text(page, 'present-message')).toBe(`已在 ${shop.id} 为订单 ${couponOrder} 出示。`);
    await page.locator('[data-testid="coupon-row"] td:nth-child(3)', { hasText: /^0$/ }).waitFor();
    const presentation = ok(await shop.client.get(`/v1/coupons/merchants/${shop.id}/orders/${couponOrder}/presentation`), 'presentation');
    expect(presentation).toMatchObject({ classId, holder: consumerId, status: 'PRESENTED' });

    await page.getByTestId('redeem-merchantId').fill(shop.id);
    await page.getByTestId('redeem-orderId').fill(pointsOrder);
    await page.getByTestId('redeem-points').fill('50');
    await page.getByTestId('redeem-submit').click();
    await page.getByTestId('redeem-message').waitFor();
    expect(await text(page, 'redeem-message')).toBe('已完成。 -50');
    const after = (earned - 50).toLocaleString('en');
    await page.locator('[data-testid="wallet-balance"]', { hasText: new RegExp(`^${after}$`) }).waitFor();
    expect(await balanceOf(consumerId)).toBe(earned - 50);

    await page.getByTestId('lang-select').selectOption('en');
    expect(await text(page, 'wallet')).toContain('My wallet');
    expect(await text(page, 'coupons-card')).toContain('My coupons');
    expect(await text(page, 'wallet-balance')).toBe(after);
    await page.close();
  });

  it('refuses a wrong API key in the login form', async () => {
    if (browser === undefined) {
      throw new Error('no browser');
    }
    const page = await browser.newPage();
    await page.goto(`${gatewayUrl()}/app`);
    await page.getByTestId('api-key').fill('not-a-key');
    await page.getByTestId('login-submit').click();

    await page.getByTestId('login-error').waitFor();
    expect(await text(page, 'login-error')).toBe('此 API 密钥被拒绝。');
    await page.close();
  });
});

describe('merchant console', () => {
  it('uploads a CSV of 100 purchases and shows every one, the totals and the live list', async () => {
    const shop = await merchant('shop-csv');
    const orderIds = Array.from({ length: 100 }, (_, i) => uniqueId(`csv-${i}`));
    const csv = [
      'orderId,consumer,amountFen',
      ...orderIds.map((orderId, i) => `${orderId},${uniqueId(`c-csv-${i % 7}`)},${1_000 + i}`),
    ].join('\n');
    const page = await logIn(shop.key);

    await page.getByTestId('lang-select').selectOption('en');
    expect(await text(page, 'merchant')).toContain('Merchant console');
    await page.getByTestId('csv-file').setInputFiles({ name: 'purchases.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('csv-submit').click();
    await page.getByTestId('csv-message').waitFor({ timeout: 60_000 });

    expect(await text(page, 'csv-message')).toBe('100 recorded, 0 duplicates, 0 rejected.');
    const rows = await page
      .getByTestId('csv-row')
      .evaluateAll((trs: { textContent: string | null }[]) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(100);
    orderIds.forEach((orderId, i) => {
      expect(rows[i]).toContain(orderId);
    });
    expect(rows.every((row) => row.includes('RECORDED'))).toBe(true);

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7).replace('-', '');
    const sales = ok(await shop.client.get(`/v1/points/merchants/${shop.id}/sales/${month}`), 'sales');
    expect(sales).toMatchObject({ purchases: 100, salesFen: 100 * 1_000 + (99 * 100) / 2 });
    const monthRow = page.getByTestId('sales-row').nth(1);
    await page.locator('[data-testid="sales-row"]', { hasText: /^This month100¥1,049\.50$/ }).waitFor();
    expect(await monthRow.textContent()).toBe('This month100¥1,049.50');
    // Today's figures and the recent list come from the live event stream.
    await page.locator('[data-testid="sales-row"]', { hasText: /^Today100/ }).waitFor();
    expect(await page.getByTestId('recent-row').count()).toBe(20);
    expect(await page.getByTestId('recent-row').first().textContent()).toContain(orderIds[99]);

    await page.getByTestId('lang-select').selectOption('zh-CN');
    expect(await text(page, 'csv-message')).toBe('已记录 100 笔，重复 0 笔，拒绝 0 笔。');
    expect(await text(page, 'merchant')).toContain('商户控制台');
    await page.close();
  });

  it('issues a coupon class and opens a claim on it', async () => {
    const shop = await merchant('shop-classes');
    const classId = uniqueId('cls-console');
    const claimId = uniqueId('claim-console');
    const page = await logIn(shop.key);

    await page.getByTestId('class-classId').fill(classId);
    await page.getByTestId('class-name').fill('Console coupon');
    await page.getByTestId('class-faceValueFen').fill('500');
    await page.getByTestId('class-quantity').fill('40');
    await page.getByTestId('class-submit').click();
    await page.getByTestId('class-message').waitFor();
    expect(await text(page, 'class-message')).toBe(`已完成。 ${classId} × 40`);
    await page.getByTestId('open-claim-claimId').fill(claimId);
    await page.getByTestId('open-claim-classId').fill(classId);
    await page.getByTestId('open-claim-total').fill('10');
    await page.getByTestId('open-claim-submit').click();
    await page.getByTestId('open-claim-message').waitFor();

    expect(ok(await shop.client.get(`/v1/coupons/classes/${classId}`), 'class')).toMatchObject({
      issuer: shop.id,
      faceValueFen: 500,
      supply: 40,
    });
    expect(ok(await shop.client.get(`/v1/coupons/claims/${claimId}`), 'claim')).toMatchObject({
      classId,
      perPerson: 1,
      total: 10,
      open: true,
    });
    await page.close();
  });
});

/** A shelf whose statement of yesterday a supplier disputed: `{shelfId, day}`. */
async function disputedStatement(): Promise<{ shelfId: string; day: string }> {
  const operatorId = uniqueId('pages-op');
  const supplierId = uniqueId('pages-supplier');
  const deviceId = uniqueId('pages-device');
  const operator = await registerMember(retailAdmin, operatorId, 'shelf-operator');
  const siteProvider = await registerMember(retailAdmin, uniqueId('pages-site-prov'), 'site-provider');
  const supplier = await registerMember(retailAdmin, supplierId, 'supplier');
  const device = await registerMember(retailAdmin, deviceId, 'shelf-device', deviceId);
  const siteId = uniqueId('pages-site');
  const shelfId = uniqueId('pages-shelf');
  const day = shanghaiDay(1);
  ok(
    await siteProvider.post('/v1/shelf/sites', { siteId, city: uniqueId('city'), location: 'Lobby', footfall: 100, desiredShareBps: 2000 }),
    'site',
  );
  ok(
    await operator.post(`/v1/shelf/shelves/${shelfId}/agreements`, {
      siteId,
      supplier: supplierId,
      supplierBps: 3000,
      operatorBps: 5000,
      siteBps: 2000,
      feeBps: 500,
    }),
    'agreement',
  );
  for (const party of [operator, siteProvider, supplier]) {
    ok(await party.post(`/v1/shelf/shelves/${shelfId}/agreements/1/sign`, undefined), 'signing');
  }
  ok(await device.post('/v1/shelf/device-claims', { operator: operatorId }), 'claiming the device');
  ok(await operator.post(`/v1/shelf/shelves/${shelfId}/devices`, { deviceId }), 'binding the device');
  const sale = { saleId: 's1', sku: 'SKU-COLA', qty: 1, amountFen: 1_000, costFen: 600, occurredAt: `${day}T12:00:00+08:00` };
  ok(await device.post('/v1/shelf/sales', { lines: [sale] }), 'selling');
  ok(await operator.post(`/v1/shelf/shelves/${shelfId}/days/${day}/settle`, undefined), 'settling');
  ok(await supplier.post(`/v1/shelf/shelves/${shelfId}/days/${day}/dispute`, { reason: 'cost was 500' }), 'disputing');
  return { shelfId, day };
}

describe('platform console', () => {
  it('lists an open shelf dispute from the event stream and resolves it', async () => {
    const { shelfId, day } = await disputedStatement();
    const page = await logIn(orgAdminKey('platform'));
    expect(await text(page, 'platform')).toContain('平台控制台');
    expect(await text(page, 'invariant-status')).toBe('成立');

    const row = page.locator(`[data-testid="dispute-row"][data-key="${shelfId}/${day}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('cost was 500');
    await row.getByTestId('resolve-resolution').selectOption('accept');
    await row.getByTestId('resolve-note').fill('checked the delivery note');
    await row.getByTestId('resolve-submit').click();

    // The resolution's event takes the dispute off the list.
    await row.waitFor({ state: 'detached' });
    const statement = ok(await platformAdmin.get(`/v1/shelf/shelves/${shelfId}/days/${day}/statement`), 'statement');
    expect(statement).toMatchObject({
      statement: { status: 'pending', resolution: 'accept', resolutionNote: 'checked the delivery note' },
    });

    await page.getByTestId('lang-select').selectOption('en');
    expect(await text(page, 'platform')).toContain('Platform console');
    expect(await text(page, 'invariant-status')).toBe('holds');
    await page.close();
  });
});
