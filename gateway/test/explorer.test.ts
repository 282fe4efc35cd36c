import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import express from 'express';
import request from 'supertest';

import { createApp } from '../src/app';
import { explorerRoutes } from '../src/explorer/routes';
import { barChartSvg, minuteBuckets } from '../src/explorer/view/chart';
import { escapeHtml, formatTime, shortId } from '../src/explorer/view/format';
import { renderDashboard, renderHistory, renderTransaction, renderVerify } from '../src/explorer/view/render';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers } from './support/members-fixtures';

describe('explorer views', () => {
  it('escapes every value taken from the API', () => {
    const html = renderHistory({ entityType: 'account', entityId: '<script>', items: [{ txId: '"><img>', value: { a: '<b>' } }] });

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img>');
    expect(html).not.toContain('<b>');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  });

  it('lists an entity history with links to its transactions', () => {
    const html = renderHistory({
      entityType: 'account',
      entityId: 'alice',
      items: [
        { txId: 'abcdef0123456789abcdef', blockNumber: '12', time: '2025-03-01T10:00:00.000Z', isDelete: false, value: { points: 3 } },
      ],
    });

    expect(html).toContain('data-txid="abcdef0123456789abcdef"');
    expect(html).toContain('href="#/tx/abcdef0123456789abcdef"');
    expect(html).toContain('2025-03-01 10:00:00 UTC');
  });

  it('says whether the chain verifies and where it breaks', () => {
    expect(renderVerify({ height: '9', verified: true, firstBreak: null })).toContain('data-testid="verify-status">verified<');
    const broken = renderVerify({
      height: '9',
      verified: false,
      firstBreak: { number: '4', expectedPreviousHash: 'aa', actualPreviousHash: 'bb' },
    });
    expect(broken).toContain('>broken<');
    expect(broken).toContain('href="#/blocks/4"');
  });

  it('shows a transaction and copes with missing fields', () => {
    const html = renderTransaction({
      txId: 't1',
      validationCode: 'VALID',
      contract: 'points',
      transaction: 'Mint',
      args: ['r1', '100'],
      events: [],
    });

    expect(html).toContain('points:Mint');
    expect(html).toContain('class="ok"');
    expect(renderTransaction(null)).toContain('–');
  });

  it('draws the dashboard with one bar per minute and the peers', () => {
    const html = renderDashboard(
      {
        height: '20',
        peers: [
          { mspId: 'PlatformMSP', height: '20' },
          { mspId: 'BankMSP', height: '19' },
        ],
      },
      { minutes: 3, since: '2025-03-01T10:00:00.000Z', items: [{ minute: '2025-03-01T10:01:00.000Z', transactions: 120 }] },
      { block: '19', txCount: 40 },
    );

    expect(html.match(/data-testid="tps-chart-bar"/g)).toHaveLength(3);
    expect(html.match(/data-testid="peer-row"/g)).toHaveLength(2);
    expect(html).toContain('data-testid="chain-height">20<');
    expect(html).toContain('0.67 tx/s');
  });
});

describe('explorer chart and format helpers', () => {
  it('fills minutes without transactions and scales bars to the largest', () => {
    const bars = minuteBuckets('2025-03-01T10:00:00.000Z', 3, new Map([['2025-03-01T10:02:00.000Z', 60]]));
    expect(bars).toEqual([
      { label: '10:00', value: 0 },
      { label: '10:01', value: 0 },
      { label: '10:02', value: 1 },
    ]);
    const svg = barChartSvg(bars, { width: 300, height: 114 }, 'c');
    expect(svg).toContain('y="0" width="80" height="100"');
    expect(barChartSvg([{ label: 'x', value: 0 }], { width: 10, height: 20 }, 'c')).toContain('height="0"');
  });

  it('shortens ids and formats times', () => {
    expect(shortId('0123456789abcdefghij', 4)).toBe('0123…ghij');
    expect(shortId('short')).toBe('short');
    expect(formatTime('2025-03-01T10:00:00.123Z')).toBe('2025-03-01 10:00:00 UTC');
    expect(formatTime('not a time')).toBe('not a time');
  });
});

describe('explorer routes', () => {
  it('serves the page without authentication, pointing at the module script', async () => {
    const app = createApp({ fabric: fakeFabric(), logger: memoryLogger().logger, config: testConfig(), members: fakeMembers() });

    const response = await request(app).get('/explorer');

    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<script type="module" src="/explorer/app/client/main.js">');
    expect(response.text).toContain('data-testid="api-key"');
  });

  it('serves the compiled scripts as JavaScript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loulan-explorer-'));
    mkdirSync(join(dir, 'client'));
    writeFileSync(join(dir, 'client/main.js'), 'export {};');
    const app = express().use(explorerRoutes(dir));

    const response = await request(app).get('/explorer/app/client/main.js');

    expect(response.status).toBe(200);
    expect(response.type).toMatch(/javascript/);
  });
});
