/**
 * The stub every module's state access takes. Helpers of the shared base type their stub by
 * the few capabilities they use (`StateStub`, `ScanStub`, …) so that they run on test fakes
 * too; module code takes the whole stub the transaction context carries.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

/**
 * The stub of the running transaction, normally `ctx.stub`: the type the context declares (the
 * shim's stub interface), so that `ctx.stub` is passed as what it is declared to be rather than
 * as an instance of fabric-shim's `ChaincodeStub` class.
 */
export type Stub = Context['stub'];
