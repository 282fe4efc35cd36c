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

/** An {@link AppError} subclass that adds nothing but its name and code, made by {@link appErrorClass}. */
export interface AppErrorClass<Name extends string> {
  new (message: string, options?: AppErrorOptions): AppError & { readonly name: Name };
}

/**
 * Makes the {@link AppError} subclass `name` whose instances all carry `code`: the form of every error
 * that needs no fields or constructor of its own. Pair it with its instance type,
 * `export type X = InstanceType<typeof X>`, so that `X` names the type as a class would.
 */
export function appErrorClass<Name extends string>(name: Name, code: string): AppErrorClass<Name> {
  class NamedAppError extends AppError {
    override readonly name = name;

    constructor(message: string, options: AppErrorOptions = {}) {
      super(code, message, options);
    }
  }
  // The class's own name is what the log shows as the error's `type` (pino reads `err.constructor.name`).
  Object.defineProperty(NamedAppError, 'name', { value: name });
  return NamedAppError;
}

/** The request is malformed or fails validation (HTTP 400). */
export const ValidationError = appErrorClass('ValidationError', 'VALIDATION_FAILED');

/** The addressed resource or route does not exist (HTTP 404). */
export const NotFoundError = appErrorClass('NotFoundError', 'NOT_FOUND');

/** No valid credentials came with the request (HTTP 401). */
export const UnauthenticatedError = appErrorClass('UnauthenticatedError', 'UNAUTHENTICATED');

/** The authenticated member may not do this (HTTP 403). */
export const ForbiddenError = appErrorClass('ForbiddenError', 'FORBIDDEN');

/** The request conflicts with existing state, e.g. a member id already taken (HTTP 409). */
export const ConflictError = appErrorClass('ConflictError', 'CONFLICT');

/** The account is held by another member or, on the ledger, by another organisation or role (HTTP 409). */
export const AccountHeldError = appErrorClass('AccountHeldError', 'ACCOUNT_HELD');

// The instance types of the classes above, for annotations such as `readonly error: UnauthenticatedError`.
export type ValidationError = InstanceType<typeof ValidationError>;
export type NotFoundError = InstanceType<typeof NotFoundError>;
export type UnauthenticatedError = InstanceType<typeof UnauthenticatedError>;
export type ForbiddenError = InstanceType<typeof ForbiddenError>;
export type ConflictError = InstanceType<typeof ConflictError>;
export type AccountHeldError = InstanceType<typeof AccountHeldError>;
