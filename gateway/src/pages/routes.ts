import { join } from 'node:path';

import express, { Router } from 'express';

import type { OperationTable } from '../http/operations';
import { inlineStylesOf, pageSecurityPolicy } from '../security/headers';
import { PAGES_ASSETS_PATH, PAGES_PATH, pagesHtml, pagesImportMap } from './page';
import { VENDOR_PATH, vendorFiles } from './vendor';

/** The pages in the OpenAPI document; their compiled scripts and vendor files are files, not operations. */
export const PAGES_OPERATIONS: OperationTable = {
  module: 'pages',
  basePath: '',
  anonymous: true,
  operations: [
    {
      method: 'get',
      path: PAGES_PATH,
      name: 'Pages',
      summary: 'The consumer wallet and the merchant and platform consoles (ask for the member API key)',
      answer: { description: 'HTML' },
      errors: [],
    },
  ],
};

/**
 * Serves the pages, their compiled scripts and the vendor libraries without authentication: they hold
 * no data, and every call the pages make goes to the authenticated /v1 routes with the key the user
 * enters. The page's Content-Security-Policy allows scripts from the gateway only, plus its one inline
 * import map and its one inline style, each by hash.
 *
 * @param assetsDir - compiled browser scripts (`npm run build` puts them in dist/pages/public)
 */
export function pagesRoutes(assetsDir: string = join(__dirname, 'public')): Router {
  const router = Router();
  const html = pagesHtml();
  router.get(PAGES_PATH, pageSecurityPolicy(inlineStylesOf(html), [pagesImportMap()]), (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(html);
  });
  router.use(PAGES_ASSETS_PATH, express.static(assetsDir, { index: false, fallthrough: true }));
  // Files, not operations (like express.static above): exactly the listed ones, nothing else of node_modules.
  const vendor = new Map(vendorFiles().map((file) => [`/${file.name}`, file.file]));
  router.use(VENDOR_PATH, (req, res, next) => {
    const file = vendor.get(req.path);
    if (file === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    res.sendFile(file);
  });
  return router;
}
