import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Router } from 'express';
import swaggerUi, { type SwaggerUiOptions } from 'swagger-ui-express';

import { type InlineStyles, inlineStylesOf, pageSecurityPolicy } from '../security/headers';
import { openApiDocument } from './openapi';

const SWAGGER_UI_OPTIONS: SwaggerUiOptions = { customSiteTitle: 'Loulan gateway API' };

// The Swagger UI scripts whose React components render <style> elements (the top bar's logo SVG).
const SWAGGER_UI_SCRIPTS = ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'];

/**
 * `/openapi.json` (the document) and `/docs` (Swagger UI, served from the package, no CDN), the page
 * with a Content-Security-Policy that allows exactly its inline styles by hash: the `<style>`
 * elements and the `style` attribute of its HTML, and the `<style>` elements the Swagger UI scripts
 * create. Its scripts are files of the package (`script-src 'self'`), the document is in them.
 */
export function docsRoutes(): Router {
  const document = openApiDocument();
  const page = inlineStylesOf(swaggerUi.generateHTML(document, SWAGGER_UI_OPTIONS));
  const styles: InlineStyles = { elements: [...page.elements, ...swaggerUiScriptStyles()], attributes: page.attributes };
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', pageSecurityPolicy(styles), swaggerUi.serve, swaggerUi.setup(document, SWAGGER_UI_OPTIONS));
  return router;
}

/**
 * The texts of the `<style>` elements the Swagger UI scripts create (`createElement("style",null,"…")`
 * in their minified React code), read from the very files `/docs` serves, so an upgrade of
 * swagger-ui-dist keeps the policy right. A literal that is not plain JSON-compatible text is left
 * out: the page then only loses that style (the logo's colours), it keeps working.
 */
export function swaggerUiScriptStyles(): string[] {
  // swagger-ui-express serves swagger-ui-dist from its own dependency; resolve it from there.
  const dist = dirname(require.resolve('swagger-ui-dist/package.json', { paths: [dirname(require.resolve('swagger-ui-express'))] }));
  return SWAGGER_UI_SCRIPTS.flatMap((file) => {
    const code = readFileSync(join(dist, file), 'utf8');
    return [...code.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)].flatMap((match) => {
      try {
        const text: unknown = JSON.parse(match[1] ?? '');
        return typeof text === 'string' ? [text] : [];
      } catch {
        return [];
      }
    });
  });
}
