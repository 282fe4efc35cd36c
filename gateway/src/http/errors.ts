import type { ErrorRequestHandler, RequestHandler } from 'express';

import { AppError, NotFoundError } from '../errors';
import { ChaincodeError } from '../fabric/errors';
import type { Logger } from '../logger';

/**
 * HTTP status of each error code: the single place where codes meet HTTP.
 *
 * Chaincode codes share this table (the chaincode's NOT_FOUND is a 404 too). A chaincode code missing
 * here is answered 422, since the chaincode understood the request and refused it on a business rule;
 * any other unlisted code is a 500.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  // A webhook URL that is not http(s) or names a host off the allow-list (events/webhooks/url-policy.ts).
  URL_NOT_ALLOWED: 400,
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // A business id (Idempotency-Key) already used for a different request.
  DUPLICATE_REQUEST: 409,
  // The business record exists already (e.g. a merchant, a redemption of the order) under another request id.
  ALREADY_EXISTS: 409,
  ALREADY_REWARDED: 409,
  // A shelf-day is settled once.
  ALREADY_SETTLED: 409,
  // An account id owned by another member, organisation or role.
  ACCOUNT_HELD: 409,
  // An account that was never opened cannot act or be credited.
  ACCOUNT_NOT_OPEN: 404,
  // The request's transaction time is too far from the endorsing peer's clock.
  TIME_SKEW: 400,
  // Never a client's answer: the Fabric adapter answers such a retry from its first execution (src/fabric/replay.ts).
  REQUEST_COMMITTED: 500,
  // Mostly MVCC read conflicts between concurrent updates of the same keys: the client may retry.
  TRANSACTION_FAILED: 409,
  // Endorsers disagreed on every attempt while the data changed under them: nothing was ordered, retry.
  ENDORSEMENT_MISMATCH: 409,
  PAYLOAD_TOO_LARGE: 413,
  // The ordering service refuses a transaction that large (a batch with too many or too long lines).
  TRANSACTION_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // More requests from one member or address than the rate limit allows (security/rate-limit.ts; Retry-After says when).
  RATE_LIMITED: 429,
  // Well-formed requests that a business rule of the chaincode refuses.
  INSUFFICIENT_POINTS: 422,
  SOLD_OUT: 422,
  REDEMPTION_CAP_EXCEEDED: 422,
  // Coupons: too few coupons held, an expired class, a merchant that does not accept it, a purchase below the minimum spend.
  INSUFFICIENT_COUPONS: 422,
  COUPON_EXPIRED: 422,
  COUPON_NOT_ACCEPTED: 422,
  BELOW_MINIMUM_SPEND: 422,
  // A JOSP subscription above the plan's cap or the per-investor maximum.
  CAP_EXCEEDED: 422,
  // A key range the operation must read in full holds more records than one read returns.
  RANGE_TOO_LARGE: 422,
  NETWORK_UNAVAILABLE: 503,
  // The read model lags the chain by more than a request may wait (e.g. during a rebuild): retry later.
  READ_MODEL_BEHIND: 503,
};

/**
 * `Retry-After` of every NETWORK_UNAVAILABLE answer, in seconds: long enough for the gateway's background
 * probes to notice a change (the ordering probe runs every 3 s by default), short enough for a client to
 * resume soon after the network does. Repeating a write with the same business id is always safe.
 */
export const NETWORK_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** JSON body of every error response. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly requestId: string;
}

// body-parser's error `type`s that deserve a specific code; its other client errors become BAD_REQUEST.
const BODY_PARSER_CODES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'VALIDATION_FAILED',
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
};

/** HTTP status for an {@link AppError}, from {@link HTTP_STATUS_BY_CODE}. */
export function httpStatusFor(err: AppError): number {
  // hasOwn: a code must never match an inherited property such as "constructor".
  if (Object.hasOwn(HTTP_STATUS_BY_CODE, err.code)) {
    return HTTP_STATUS_BY_CODE[err.code] ?? 500;
  }
  return err instanceof ChaincodeError ? 422 : 500;
}

/** Last route: anything unmatched becomes a NOT_FOUND error body rather than Express's HTML page. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`no route for ${req.method} ${req.path}`));
  };
}

/**
 * The one error-to-HTTP mapping: answers `{ code, message, details?, requestId }`.
 *
 * For 5xx other than 503 the message is replaced by a generic one, because it may describe internals;
 * the full error, with its cause chain and stack, only goes to the log.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      // Too late for a JSON body: let Express abort the connection.
      next(err);
      return;
    }
    const appError = toAppError(err);
    const status = appError === undefined ? 500 : httpStatusFor(appError);
    const requestId = res.locals.requestId;
    const body = errorBody(appError, status, requestId);

    logFailure(logger, { err, requestId, status });
    if (appError?.code === 'NETWORK_UNAVAILABLE') {
      res.set('Retry-After', String(NETWORK_UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    res.status(status).json(body);
  };
}

function errorBody(appError: AppError | undefined, status: number, requestId: string): ErrorBody {
  const hidden = status >= 500 && status !== 503;
  return {
    code: appError?.code ?? 'INTERNAL_ERROR',
    message: hidden ? 'internal error' : (appError?.message ?? 'internal error'),
    ...(hidden || appError?.details === undefined ? {} : { details: appError.details }),
    requestId,
  };
}

/** Server failures are logged as such (a 503 as a warning: the network, not the gateway); client errors at debug. */
function logFailure(logger: Logger, failure: { err: unknown; requestId: string; status: number }): void {
  if (failure.status >= 500) {
    logger[failure.status === 503 ? 'warn' : 'error'](failure, 'request failed');
  } else {
    logger.debug(failure, 'request rejected');
  }
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) {
    return err;
  }
  if (isExposedClientError(err)) {
    const code = (typeof err.type === 'string' ? BODY_PARSER_CODES[err.type] : undefined) ?? 'BAD_REQUEST';
    const message = err.type === 'entity.parse.failed' ? 'request body is not valid JSON' : err.message;
    return new AppError(code, message, { cause: err });
  }
  return undefined;
}

/** http-errors style 4xx (body-parser, router) whose message is meant for the client. */
function isExposedClientError(err: unknown): err is Error & { status: number; type?: unknown } {
  return (
    err instanceof Error &&
    'expose' in err &&
    err.expose === true &&
    'status' in err &&
    typeof err.status === 'number' &&
    err.status >= 400 &&
    err.status < 500
  );
}
