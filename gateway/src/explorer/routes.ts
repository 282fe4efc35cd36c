import express, { Router } from 'express';
import { join } from 'node:path';
import { EXPLORER_ASSETS_PATH, EXPLORER_PATH, explorerHtml } from './page';

/**
 * Serves the explorer page and its compiled scripts without authentication: they hold no data, and
 * every call the page makes goes to the authenticated /v1 routes with the key the user enters.
 *
 * @param assetsDir - compiled browser scripts (`npm run build` puts them in dist/explorer/public)
 */
export function explorerRoutes(assetsDir: string = join(__dirname, 'public')): Router {
  const router = Router();
  const html = explorerHtml();
  router.get(EXPLORER_PATH, (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(html);
  });
  router.use(EXPLORER_ASSETS_PATH, express.static(assetsDir, { index: false, fallthrough: true }));
  return router;
}
