import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import express from 'express';
import request from 'supertest';

import { createApp } from '../../src/app';
import { pagesImportMap } from '../../src/pages/page';
import { pagesRoutes } from '../../src/pages/routes';
import { fakeFabric, memoryLogger, testConfig } from '../support/fakes';
import { fakeMembers } from '../support/members-fixtures';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('pages routes', () => {
  it('serves the page without authentication, its import map allowed by hash and no other inline script', async () => {
    const app = createApp({ fabric: fakeFabric(), logger: memoryLogger().logger, config: testConfig(), members: fakeMembers() });

    const response = await request(app).get('/app');

    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<script type="module" src="/app/assets/client/main.js">');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' ${sha256(pagesImportMap())};`);
    expect(csp).not.toContain('unsafe-inline');
    expect(JSON.parse(pagesImportMap())).toEqual({
      imports: {
        preact: '/app/vendor/preact.mjs',
        'preact/hooks': '/app/vendor/preact-hooks.mjs',
        htm: '/app/vendor/htm.mjs',
        uplot: '/app/vendor/uplot.mjs',
      },
    });
  });

  it('serves every vendor module the import map names, and the compiled scripts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loulan-pages-'));
    mkdirSync(join(dir, 'client'));
    writeFileSync(join(dir, 'client/main.js'), 'export {};');
    const app = express().use(pagesRoutes(dir));
    const map = JSON.parse(pagesImportMap()) as { imports: Record<string, string> };
    const urls = [...Object.values(map.imports), '/app/assets/client/main.js'];

    for (const url of urls) {
      const response = await request(app).get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expect(response.type).toMatch(/javascript/);
    }
    expect((await request(app).get('/app/vendor/uplot.css')).type).toBe('text/css');
    expect((await request(app).get('/app/vendor/../../package.json')).status).toBe(404);
  });
});
