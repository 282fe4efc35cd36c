/**
 * The pages' later views in headless Chromium on the running network: a supplier sees its shelf
 * statement, disputes it and downloads the reconciliation report as CSV; a merchant confirms a
 * redemption and sees it, and the claim's takings, in the class's view; a consumer withdraws a
 * presented coupon and has it back; the platform sees a new merchant in its list and restocks a
 * product. Needs Debian's chromium (network/install-browser.sh) or CHROMIUM_PATH.
 */
import { readFileSync } from 'node:fs';

import type { Browser } from 'playwright-core';

import { orgAdminKey, uniqueId } from '../../support/rest';
import {
  classWithClaim,
  launchBrowser,
  logIn,
  member,
  merchant,
  ok,
  platformAdmin,
  retailAdmin,
  shanghaiDay,
  type TestMember,
  text,
} from './pages-support';

let browser: Browser;

beforeAll(async () => {
  ok(await platformAdmin.post('/v1/points/mint', { points: 1_000_000 }), 'minting');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
});

/** A shelf whose yesterday, with one sale, is settled and pending: its id, day and supplier. */
async function settledShelf(): Promise<{ shelfId: string; day: string; supplier: TestMember; saleId: string }> {
  const operator = await member(retailAdmin, 'more-op', 'shelf-operator');
  const siteProvider = await member(retailAdmin, 'more-site-prov', 'site-provider');
  const supplier = await member(retailAdmin, 'more-supplier', 'supplier');
  const device = await member(retailAdmin, 'more-device', 'shelf-device', true);
  const siteId = uniqueId('more-site');
  const shelfId = uniqueId('more-shelf');
  const day = shanghaiDay(1);
  const site = { siteId, city: uniqueId('city'), location: 'Lobby', footfall: 100, desiredShareBps: 2000 };
  ok(await siteProvider.client.post('/v1/shelf/sites', site), 'site');
  const terms = { siteId, supplier: supplier.id, supplierBps: 3000, operatorBps: 5000, siteBps: 2000, feeBps: 500 };
  ok(await operator.client.post(`/v1/shelf/shelves/${shelfId}/agreements`, terms), 'agreement');
  for (const party of [operator, siteProvider, supplier]) {
    ok(await party.client.post(`/v1/shelf/shelves/${shelfId}/agreements/1/sign`, undefined), 'signing');
  }
  ok(await device.client.post('/v1/shelf/device-claims', { operator: operator.id }), 'claiming the device');
  ok(await operator.client.post(`/v1/shelf/shelves/${shelfId}/devices`, { deviceId: device.id }), 'binding the device');
  const saleId = uniqueId('sale');
  const sale = { saleId, sku: 'SKU-COLA', qty: 1, amountFen: 1_000, costFen: 600, occurredAt: `${day}T12:00:00+08:00` };
  ok(await device.client.post('/v1/shelf/sales', { lines: [sale] }), 'selling');
  ok(await operator.client.post(`/v1/shelf/shelves/${shelfId}/days/${day}/settle`, undefined), 'settling');
  return { shelfId, day, supplier, saleId };
}

describe('shelf console', () => {
  it('shows a supplier its statement and shelf, takes its dispute and downloads the report CSV', async () => {
    const { shelfId, day, supplier, saleId } = await settledShelf();
    const page = await logIn(browser, supplier.key);
    expect(await text(page, 'shelf')).toContain('货架控制台');

    const row = page.locator(`[data-testid="shelf-statement-row"][data-key="${shelfId}/${day}"]`);
    await row.waitFor();
    // Supplier: its cost 600 + 30 % of the profit (1000 − 600 − 50 fee = 350 → 105).
    expect(await row.textContent()).toContain('¥7.05');
    expect(await row.textContent()).toContain('pending');
    await page.locator(`[data-testid="shelf-agreement-row"][data-key="${shelfId}/1"]`, { hasText: 'active' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('shelf-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(download.suggestedFilename()).toBe(`shelf-report-${supplier.id}-${shanghaiDay(6)}-${shanghaiDay(0)}.csv`);
    expect(csv[0]?.startsWith('party,partyRole,shelfId,day,')).toBe(true);
    const lines = csv.slice(1).filter((line) => line.includes(shelfId));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${supplier.id},supplier,${shelfId},${day},`);
    expect(lines[0]).toContain(`,${saleId},SKU-COLA,1,1000,600,`);

    await row.getByTestId('dispute-reason').fill('two colas were delivered');
    await row.getByTestId('dispute-submit').click();
    await row.getByTestId('dispute-message').waitFor();
    expect(await text(page, 'dispute-message')).toBe('已完成。 disputed');
    await page.locator(`[data-testid="shelf-statement-row"][data-key="${shelfId}/${day}"]`, { hasText: 'disputed' }).waitFor();
    const statement = ok(await supplier.client.get(`/v1/shelf/shelves/${shelfId}/days/${day}/statement`), 'statement');
    expect(statement).toMatchObject({
      statement: { status: 'disputed', disputedBy: supplier.id, disputeReason: 'two colas were delivered' },
    });

    await page.getByTestId('lang-select').selectOption('en');
    expect(await text(page, 'shelf')).toContain('Shelf console');
    expect(await text(page, 'shelf-totals')).toContain('disputed ¥7.05');
    await page.close();
  });
});

/** A consumer with one coupon of the class, taken from its claim, and an order of 200 yuan recorded at `shop`. */
async function consumerWithCoupon(shop: TestMember, name: string): Promise<{ consumer: TestMember; classId: string; orderId: string }> {
  const { classId, claimId } = await classWithClaim(shop, name);
  const consumer = await member(platformAdmin, `c-${name}`, 'consumer');
  ok(await consumer.client.post(`/v1/coupons/claims/${claimId}/takes`, { quantity: 1 }), 'claiming');
  const orderId = uniqueId(`order-${name}`);
  ok(await shop.client.post('/v1/points/purchases', { orderId, consumer: consumer.id, amountFen: 20_000 }), 'recording');
  return { consumer, classId, orderId };
}

describe('merchant console', () => {
  it("confirms a redemption and shows it with the claim's takings in the class's view", async () => {
    const shop = await merchant('shop-class-view');
    const { consumer, classId, orderId } = await consumerWithCoupon(shop, 'class-view');
    ok(await consumer.client.post('/v1/coupons/presentations', { classId, merchantId: shop.id, orderId }), 'presenting');
    const page = await logIn(browser, shop.key);
    await page.getByTestId('lang-select').selectOption('en');

    await page.getByTestId('confirm-orderId').fill(orderId);
    await page.getByTestId('confirm-classId').fill(classId);
    await page.getByTestId('confirm-submit').click();
    await page.getByTestId('confirm-message').waitFor();
    expect(await text(page, 'confirm-message')).toBe('Redeemed: the customer pays ¥190.00.');

    const redemption = page.getByTestId('class-redemption-row').filter({ hasText: orderId });
    await redemption.waitFor();
    expect(await redemption.locator('td').allTextContents()).toEqual([
      expect.any(String),
      orderId,
      consumer.id,
      '¥200.00',
      '¥190.00',
      '¥0.00',
    ]);
    const claim = page.getByTestId('class-claim-row');
    await claim.filter({ hasText: '1 / 10' }).waitFor();
    expect(await text(page, 'class-detail-summary')).toContain('supply 10, held 0, redeemed 1');

    await page.getByTestId('lang-select').selectOption('zh-CN');
    expect(await text(page, 'class-detail-card')).toContain('本店确认的核销');
    await page.close();
  });
});

describe('consumer wallet', () => {
  it('withdraws a presented coupon and has it back', async () => {
    const shop = await merchant('shop-withdraw');
    const { consumer, classId, orderId } = await consumerWithCoupon(shop, 'withdraw');
    ok(await consumer.client.post('/v1/coupons/presentations', { classId, merchantId: shop.id, orderId }), 'presenting');
    const page = await logIn(browser, consumer.key);

    const row = page.locator(`[data-testid="presentation-row"][data-key="${shop.id}/${orderId}"]`);
    await row.filter({ hasText: 'PRESENTED' }).waitFor();
    const coupon = page.getByTestId('coupon-row').filter({ hasText: classId });
    expect(await coupon.locator('td').nth(2).textContent()).toBe('0');
    await row.getByTestId('withdraw').click();
    await row.getByTestId('withdraw-message').waitFor();
    expect(await text(page, 'withdraw-message')).toBe(`已撤回：${classId} 的优惠券已回到钱包。`);

    await coupon.locator('td:nth-child(3)', { hasText: /^1$/ }).waitFor();
    await row.filter({ hasText: 'WITHDRAWN' }).waitFor();
    expect(ok(await consumer.client.get(`/v1/coupons/classes/${classId}/holders/${consumer.id}`), 'holding')).toMatchObject({
      quantity: 1,
    });

    await page.getByTestId('lang-select').selectOption('en');
    expect(await text(page, 'coupons-card')).toContain('Presented coupons');
    await page.close();
  });
});

describe('platform console', () => {
  it('lists a newly registered merchant and restocks a product', async () => {
    const shop = await merchant('shop-listed');
    const productId = uniqueId('prod-restock');
    ok(await platformAdmin.post('/v1/points/products', { productId, name: 'Umbrella', pricePoints: 300, stock: 2 }), 'product');
    const page = await logIn(browser, orgAdminKey('platform'));
    await page.getByTestId('lang-select').selectOption('en');

    await page.getByTestId('merchant-row').filter({ hasText: shop.id }).waitFor();
    expect(await page.getByTestId('merchant-row').filter({ hasText: shop.id }).textContent()).toContain('Hangzhou');
    await page.getByTestId('restock-productId').fill(productId);
    await page.getByTestId('restock-quantity').fill('5');
    await page.getByTestId('restock-submit').click();
    await page.getByTestId('restock-message').waitFor();
    expect(await text(page, 'restock-message')).toBe(`${productId} restocked: 7 in stock.`);
    expect(ok(await platformAdmin.get(`/v1/points/products/${productId}`), 'product')).toMatchObject({ stock: 7 });
    await page.close();
  });
});
