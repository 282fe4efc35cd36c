import { createHash } from 'node:crypto';

import type { RequestHandler } from 'express';
import helmet from 'helmet';

/*
 * Security headers with helmet, the maintained Express middleware that sets them all with correct
 * syntax (and fixes them as browsers change), rather than a hand-kept list of header strings.
 *
 * Every answer gets the strict policy of a JSON API: no content of any kind, never framed. The HTML
 * pages (explorer, Swagger UI, the /app pages) replace it with a policy of their own, built from the
 * inline styles they really contain: each inline `<style>` is allowed by its SHA-256 hash, never by
 * 'unsafe-inline'. They load their scripts from 'self'; the only inline script is the /app pages'
 * import map, allowed by its hash too. The pages are the same for every request, so hashes fit
 * better than per-request nonces.
 */

/** A CSP source expression allowing exactly `text` as an inline style or script: `'sha256-<base64>'`. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The inline styles of an HTML page: the contents of its `<style>` elements and its `style` attributes. */
export interface InlineStyles {
  readonly elements: readonly string[];
  readonly attributes: readonly string[];
}

/** Finds the inline styles of `html` (plain `<style>` elements and double-quoted `style` attributes). */
export function inlineStylesOf(html: string): InlineStyles {
  const elements = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
  const attributes = [...html.matchAll(/\sstyle="([^"]*)"/g)].map((match) => match[1] ?? '');
  return { elements, attributes };
}

const API_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The headers of every answer: CSP `default-src 'none'; frame-ancestors 'none'` (the API serves only
 * JSON), `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`,
 * `Strict-Transport-Security` (honoured by browsers once a TLS proxy fronts the gateway),
 * `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy: same-origin`, and the rest of
 * helmet's defaults. Helmet's default CSP is not used: its `upgrade-insecure-requests` would break
 * the pages served over plain HTTP on 127.0.0.1.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * The CSP of an HTML page of the gateway: scripts, styles, images and fetches from the gateway itself
 * (`data:` images too, which Swagger UI's stylesheet uses for its icons), the given inline styles by
 * hash, nothing else, never framed. Mount it on the page's route, after {@link securityHeaders}, whose
 * policy it replaces.
 *
 * @param styles - inline styles the page may apply; style attributes need `'unsafe-hashes'` (CSP 3)
 * @param scripts - inline scripts the page holds (an import map), allowed by their hashes
 */
export function pageSecurityPolicy(styles: InlineStyles, scripts: readonly string[] = []): RequestHandler {
  const elementHashes = [...new Set(styles.elements.map(hashSource))];
  const attributeHashes = [...new Set(styles.attributes.map(hashSource))];
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      'default-src': ["'none'"],
      'script-src': ["'self'", ...scripts.map(hashSource)],
      'style-src': ["'self'", ...elementHashes],
      'style-src-attr': attributeHashes.length === 0 ? ["'none'"] : ["'unsafe-hashes'", ...attributeHashes],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
    },
  });
}
