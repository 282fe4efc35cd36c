import { appErrorClass } from '../errors';

/** The organisation's Fabric CA could not be reached or did not answer in time (HTTP 503). */
export const CaUnavailableError = appErrorClass('CaUnavailableError', 'NETWORK_UNAVAILABLE');
export type CaUnavailableError = InstanceType<typeof CaUnavailableError>;

/**
 * The Fabric CA answered with an error. Not an AppError: unless a caller recognises the case
 * (see `isAuthenticationFailure`), it is a misconfiguration and answered as a 500.
 */
export class CaRejectedError extends Error {
  override readonly name = 'CaRejectedError';

  constructor(
    message: string,
    /** HTTP status of the CA's answer. */
    readonly status: number,
    /** Fabric CA error codes from the answer's `errors` list. */
    readonly caCodes: readonly number[],
  ) {
    super(message);
  }

  /** True when the CA refused the enrolment id and secret (wrong secret, or an identity that is not ours). */
  get isAuthenticationFailure(): boolean {
    return this.status === 401;
  }
}
