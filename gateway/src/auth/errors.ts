import { AppError, type AppErrorOptions } from '../errors';

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
