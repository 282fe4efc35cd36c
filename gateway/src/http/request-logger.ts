import type { RequestHandler } from 'express';

import type { Logger } from '../logger';

/** Logs one line per finished request: method, path, status, duration and request id. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          // The query string is left out: it may carry member identifiers.
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(durationMs * 1000) / 1000,
        },
        'request',
      );
    });
    next();
  };
}
