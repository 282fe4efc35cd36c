import cors from 'cors';
import type { RequestHandler } from 'express';

import { REQUEST_ID_HEADER } from '../http/request-id';
import { IDEMPOTENCY_KEY_HEADER } from '../http/writes';

/**
 * Cross-origin access for the listed browser origins only, with the `cors` package (the maintained
 * Express CORS middleware: preflights, `Vary: Origin`, header lists) rather than hand-set headers.
 * Credentials are API keys in the Authorization header, never cookies, so credentialed CORS is off.
 *
 * @returns undefined when no origin is configured: then the gateway sends no CORS header at all and
 *   browsers keep other sites from reading its answers
 */
export function corsPolicy(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) {
    return undefined;
  }
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER],
    exposedHeaders: [REQUEST_ID_HEADER, 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Server-Timing', 'WWW-Authenticate'],
    credentials: false,
    maxAge: 600,
  });
}
