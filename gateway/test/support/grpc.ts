import { Metadata, type ServiceError } from '@grpc/grpc-js';

/** The raw gRPC error that fabric-gateway wraps in its GatewayError subclasses. */
export function serviceError(code: number, message: string): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: new Metadata() });
}
