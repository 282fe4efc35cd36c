import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

import { AppError, type AppErrorOptions } from '../errors';
import type { OpenApiObject } from '../http/openapi-parts';
import type { RateLimitConfig } from './config';

/** Too many requests from one member or address within the window (HTTP 429, with `Retry-After`). */
export class RateLimitedError extends AppError {
  override readonly name = 'RateLimitedError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('RATE_LIMITED', message, options);
  }
}

/** Name of the policy in the `RateLimit` and `RateLimit-Policy` headers. */
export const RATE_LIMIT_POLICY = 'loulan';

/**
 * The partition a request counts against: its member when `identify` authenticated it (so keys
 * rotated by one member share its budget), otherwise its client address (anonymous routes and
 * refused keys; IPv6 clients by /56, as one end site holds a whole prefix).
 */
export function rateLimitKey(req: Request, res: Response): string {
  const member = res.locals.member;
  return member === undefined ? `ip:${ipKeyGenerator(req.ip ?? '')}` : `member:${member.memberId}`;
}

/**
 * Per-client rate limit with express-rate-limit, the maintained Express limiter (fixed window, atomic
 * counting, IETF header formats) rather than a hand-written counter. Every answer carries the
 * `RateLimit` and `RateLimit-Policy` headers of draft-ietf-httpapi-ratelimit-headers-08; over the
 * limit the answer is 429 `RATE_LIMITED` with `Retry-After` (seconds) through the usual error body.
 *
 * Counts are kept in this process's memory: gateways behind one load balancer each count their own
 * share (a shared store such as rate-limit-redis would be needed to pool them).
 *
 * Mount after `identify` (so the member is known) and before the body parsers and routes (so refused
 * requests cost nothing more).
 */
export function rateLimiter(config: RateLimitConfig): RequestHandler {
  const windowSeconds = Math.ceil(config.windowMs / 1000);
  return rateLimit({
    windowMs: config.windowMs,
    limit: config.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: RATE_LIMIT_POLICY,
    keyGenerator: rateLimitKey,
    handler: (_req, res, next) => {
      const retryAfterSeconds = Number(res.getHeader('Retry-After') ?? windowSeconds);
      next(
        new RateLimitedError(`more than ${config.limit} requests within ${windowSeconds} s; retry after ${retryAfterSeconds} s`, {
          details: { limit: config.limit, windowSeconds, retryAfterSeconds },
        }),
      );
    },
  });
}

/** OpenAPI response of a request over the rate limit (components.responses.RateLimited). */
export const RATE_LIMITED_RESPONSE: OpenApiObject = {
  description: 'Over the rate limit (`RATE_LIMITED`): retry after `Retry-After` seconds',
  headers: {
    'Retry-After': { description: 'Seconds until the window ends', schema: { type: 'integer', minimum: 0 } },
    RateLimit: {
      description: 'draft-ietf-httpapi-ratelimit-headers-08: `"loulan"; r=<remaining>; t=<seconds to reset>`',
      schema: { type: 'string' },
    },
    'RateLimit-Policy': { description: '`"loulan"; q=<limit>; w=<window seconds>; pk=:<partition>:`', schema: { type: 'string' } },
  },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/**
 * `paths` with a 429 answer on every operation that lacks one: every route, anonymous or not, is
 * behind the rate limiter, so clients and contract tests must expect it anywhere.
 */
export function withRateLimitAnswers(paths: OpenApiObject): OpenApiObject {
  const limited = { $ref: '#/components/responses/RateLimited' };
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations as Record<string, OpenApiObject>).map(([method, operation]) => {
          const responses = (operation['responses'] ?? {}) as OpenApiObject;
          return [method, { ...operation, responses: { ...responses, '429': responses['429'] ?? limited } }];
        }),
      ),
    ]),
  );
}
