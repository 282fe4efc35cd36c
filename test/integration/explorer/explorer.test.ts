/**
 * The explorer page in headless Chromium: an auditor logs in with its API key, opens a consumer's
 * account history and sees the transactions that changed it, then the hash chain verification.
 * Needs Debian's chromium (network/install-browser.sh) or CHROMIUM_PATH.
 */
import { type Browser, chromium, type Page } from 'playwright-core';

import { gatewayUrl } from '../../support/fabric';
import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const merchantId = uniqueId('m-explorer');
const consumer = uniqueId('c-explorer');
let auditorKey: string;
let browser: Browser | undefined;
let page: Page;

/** The part of a DOM element the page functions below read: this workspace compiles without the DOM library. */
interface PageElement {
  getAttribute(name: string): string | null;
}

function transactionId(response: RestResponse): string {
  expect(response.status).toBe(200);
  const txId = response.body.transactionId;
  if (typeof txId !== 'string') {
    throw new Error(`no transactionId in ${JSON.stringify(response.body)}`);
  }
  return txId;
}

describe('explorer page', () => {
  const txIds: string[] = [];

  beforeAll(async () => {
    const registered = await platformAdmin.post('/v1/members', { memberId: uniqueId('auditor-explorer'), role: 'auditor' });
    expect(registered.status).toBe(201);
    auditorKey = String(registered.body.apiKey);
    const merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    transactionId(await platformAdmin.post('/v1/points/mint', { points: 10_000 }));
    transactionId(await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Explorer shop', region: 'Hangzhou' }));
    txIds.push(
      transactionId(await merchant.post('/v1/points/purchases', { orderId: uniqueId('explorer-order'), consumer, amountFen: 5_000 })),
    );
    txIds.push(transactionId(await platformAdmin.post('/v1/points/transfers', { to: consumer, points: 11 })));

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('asks for the API key and then shows the dashboard', async () => {
    await page.goto(`${gatewayUrl()}/explorer`);
    await page.getByTestId('api-key').fill(auditorKey);
    await page.getByTestId('login-submit').click();

    await page.getByTestId('chain-height').waitFor();
    expect(Number(await page.getByTestId('chain-height').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('peer-row').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('tps-chart').waitFor();
  });

  it("shows an account's history with the transactions that changed it", async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-type').selectOption('account');
    await page.getByTestId('history-id').fill(consumer);
    await page.getByTestId('history-submit').click();

    await page.getByTestId('history-row').first().waitFor();
    const shown = await page
      .getByTestId('history-row')
      .evaluateAll((rows: PageElement[]) => rows.map((row) => row.getAttribute('data-txid')));
    expect(shown).toEqual(expect.arrayContaining(txIds));
    expect(await page.getByTestId('history-title').textContent()).toContain(consumer);
  });

  it('opens a transaction from the history', async () => {
    await page.locator(`[data-testid="history-row"][data-txid="${txIds[0]}"] [data-testid="tx-link"]`).click();

    await page.getByTestId('tx-id').waitFor();
    expect(await page.getByTestId('tx-id').textContent()).toBe(txIds[0]);
    expect(await page.getByTestId('tx-validation').textContent()).toBe('VALID');
  });

  it('shows the hash chain as verified', async () => {
    await page.getByTestId('nav-verify').click();

    await page.getByTestId('verify-status').waitFor();
    expect(await page.getByTestId('verify-status').textContent()).toBe('verified');
  });

  it('shows the invariants as holding', async () => {
    await page.getByTestId('nav-invariants').click();

    await page.getByTestId('invariants-status').waitFor();
    expect(await page.getByTestId('invariants-status').textContent()).toBe('holds');
  });
});
