/**
 * The stub every module's state access takes. Helpers of the shared base type their stub by
 * the few capabilities they use (`StateStub`, `ScanStub`, …) so that they run on test fakes
 * too; module code takes the whole stub the transaction context carries.
 *
 * @packageDocumentation
 */
import type { ChaincodeStub } from 'fabric-shim';

/** The stub of the running transaction, normally `ctx.stub`. */
export type Stub = ChaincodeStub;
