/** Options shared by every {@link AppError}. */
export interface AppErrorOptions {
  /** Extra machine-readable facts that are safe to show to clients. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The lower-level error this one explains; logged, never sent to clients. */
  readonly cause?: unknown;
}

/**
 * Base of every error the gateway raises on purpose.
 *
 * `code` is the stable identifier clients branch on; src/http/errors.ts maps it to an HTTP status.
 * Errors that are not `AppError`s are treated as bugs and answered with a generic 500.
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: string;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.details !== undefined) {
      this.details = options.details;
    }
  }
}

/** The request is malformed or fails validation (HTTP 400). */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('VALIDATION_FAILED', message, options);
  }
}

/** The addressed resource or route does not exist (HTTP 404). */
export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

/** No valid credentials came with the request (HTTP 401). */
export class UnauthenticatedError extends AppError {
  override readonly name = 'UnauthenticatedError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('UNAUTHENTICATED', message, options);
  }
}

/** The authenticated member may not do this (HTTP 403). */
export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('FORBIDDEN', message, options);
  }
}

/** The request conflicts with existing state, e.g. a member id already taken (HTTP 409). */
export class ConflictError extends AppError {
  override readonly name = 'ConflictError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}

/** The account is held by another member or, on the ledger, by another organisation or role (HTTP 409). */
export class AccountHeldError extends AppError {
  override readonly name = 'AccountHeldError';

  constructor(message: string, options: AppErrorOptions = {}) {
    super('ACCOUNT_HELD', message, options);
  }
}
