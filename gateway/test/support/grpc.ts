import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

/** The raw gRPC error that fabric-gateway wraps in its GatewayError subclasses. */
export function serviceError(code: number, message: string): ServiceError {
  return Object.assign(new Error(message), { code: grpcStatus(code), details: message, metadata: new Metadata() });
}

/**
 * `code` as grpc-js's status enum, found by its name; throws for a number that is no gRPC status.
 * GatewayError carries the status as a plain number, so the tests that build one hold numbers.
 */
function grpcStatus(code: number): status {
  const name = status[code] as keyof typeof status | undefined;
  if (name === undefined) {
    throw new Error(`${code} is no gRPC status`);
  }
  return status[name];
}
