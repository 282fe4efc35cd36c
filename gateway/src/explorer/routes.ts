import { join } from 'node:path';

import express, { Router } from 'express';

import type { OperationTable } from '../http/operations';
import { inlineStylesOf, pageSecurityPolicy } from '../security/headers';
import { EXPLORER_ASSETS_PATH, EXPLORER_PATH, explorerHtml } from './page';

/** The explorer page in the OpenAPI document; its compiled scripts are files, not operations. */
export const EXPLORER_OPERATIONS: OperationTable = {
  module: 'explorer',
  basePath: '',
  anonymous: true,
  operations: [
    {
      method: 'get',
      path: EXPLORER_PATH,
      name: 'Page',
      summary: 'The explorer web page (asks for an auditor API key)',
      answer: { description: 'HTML' },
      errors: [],
    },
  ],
};

/**
 * Serves the explorer page and its compiled scripts without authentication: they hold no data, and
 * every call the page makes goes to the authenticated /v1 routes with the key the user enters. The
 * page has its own Content-Security-Policy (security/headers.ts): scripts, styles and fetches from
 * the gateway only, its inline style by hash.
 *
 * @param assetsDir - compiled browser scripts (`npm run build` puts them in dist/explorer/public)
 */
export function explorerRoutes(assetsDir: string = join(__dirname, 'public')): Router {
  const router = Router();
  const html = explorerHtml();
  // The page's one inline <style> is allowed by its hash; its scripts are modules from EXPLORER_ASSETS_PATH.
  router.get(EXPLORER_PATH, pageSecurityPolicy(inlineStylesOf(html)), (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(html);
  });
  router.use(EXPLORER_ASSETS_PATH, express.static(assetsDir, { index: false, fallthrough: true }));
  return router;
}
