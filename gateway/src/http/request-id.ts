import { randomUUID } from 'node:crypto';

import type { RequestHandler } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's documented way to type res.locals
  namespace Express {
    interface Locals {
      /** Correlates a response, its log lines and any error body. */
      requestId: string;
    }
  }
}

/** Header read from callers (e.g. a reverse proxy) and echoed on every response. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

// Caller-supplied ids end up in logs and responses, so only short, plain tokens are trusted.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a well-formed incoming X-Request-Id, otherwise generates one, and echoes it back. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming !== undefined && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.set(REQUEST_ID_HEADER, id);
    next();
  };
}
