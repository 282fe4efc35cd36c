/**
 * What the browser tests of the pages share: members registered through the REST gateway, and a
 * headless Chromium page at the phone width of the issue, logged in with a member's API key.
 */
import { type Browser, chromium, type Page } from 'playwright-core';

import { gatewayUrl } from '../../support/fabric';
import { orgAdminKey, RestClient, type RestResponse, uniqueId } from '../../support/rest';

export const DAY_MS = 86_400_000;
export const platformAdmin = new RestClient(orgAdminKey('platform'));
export const retailAdmin = new RestClient(orgAdminKey('retail'));

/** The body of a successful answer; anything else fails the test with the answer. */
export function ok(response: RestResponse, what: string): Record<string, unknown> {
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** A registered member: its id, API key (which the page asks for) and a REST client acting as it. */
export interface TestMember {
  readonly id: string;
  readonly key: string;
  readonly client: RestClient;
}

/** Registers a member with a fresh id through `admin`. */
export async function member(admin: RestClient, name: string, role: string, withAccount = false): Promise<TestMember> {
  const id = uniqueId(name);
  const body = ok(await admin.post('/v1/members', { memberId: id, role, ...(withAccount ? { account: id } : {}) }), `registering ${id}`);
  const key = String(body.apiKey);
  return { id, key, client: new RestClient(key) };
}

/** A merchant registered on the ledger too (join bonus paid). */
export async function merchant(name: string): Promise<TestMember> {
  const shop = await member(retailAdmin, name, 'merchant');
  ok(await platformAdmin.post('/v1/points/merchants', { merchantId: shop.id, name, region: 'Hangzhou' }), 'registering the merchant');
  return shop;
}

/** Starts Debian's Chromium (or CHROMIUM_PATH), headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}

/** A fresh page at phone width, logged in with `key`, once its event stream is live. */
export async function logIn(browser: Browser, key: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  await page.goto(`${gatewayUrl()}/app`);
  await page.getByTestId('api-key').fill(key);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="live-status"][data-live="true"]').waitFor();
  return page;
}

/** The text of the first element with this test id. */
export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

/** A Shanghai calendar day `daysAgo` days before today, `yyyy-mm-dd`. */
export function shanghaiDay(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

/** A coupon class of `shop` valid from yesterday for 30 days, with an open claim of 10, one per person. */
export async function classWithClaim(shop: TestMember, name: string): Promise<{ classId: string; claimId: string }> {
  const classId = uniqueId(`cls-${name}`);
  const claimId = uniqueId(`claim-${name}`);
  const validFrom = new Date(Date.now() - DAY_MS).toISOString();
  const validUntil = new Date(Date.now() + 30 * DAY_MS).toISOString();
  ok(await shop.client.post('/v1/coupons/classes', { classId, name, faceValueFen: 1_000, quantity: 10, validFrom, validUntil }), 'class');
  ok(await shop.client.post('/v1/coupons/claims', { claimId, classId, perPerson: 1, total: 10 }), 'claim');
  return { classId, claimId };
}
