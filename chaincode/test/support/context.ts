import { Context } from 'fabric-contract-api';
import { ChaincodeStub, ClientIdentity } from 'fabric-shim';

import type { FakeStub } from './fake-ledger';

/**
 * Builds the context fabric-contract-api would pass to a transaction function, with the
 * real ClientIdentity parsed from the fake creator.
 */
export function newContext(stub: FakeStub): Context {
  // The fake implements the part of ChaincodeStub that contracts use; a missing method
  // fails loudly at the call rather than silently.
  const chaincodeStub = stub as unknown as ChaincodeStub;
  const ctx = new Context();
  ctx.stub = chaincodeStub;
  ctx.clientIdentity = new ClientIdentity(chaincodeStub);
  return ctx;
}
