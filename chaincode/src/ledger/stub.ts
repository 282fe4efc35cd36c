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

/** The state calls a stub view may answer itself. */
export type StateCalls = Pick<Stub, 'getState' | 'putState' | 'deleteState'>;

/**
 * A view of a stub that answers the state calls with `overridden` and every other member with
 * the stub's own.
 *
 * @param stub - the stub to wrap
 * @param overridden - the view's own `getState`, `putState` and `deleteState`
 * @returns the view, usable wherever the stub is
 */
export function overrideStateCalls(stub: Stub, overridden: StateCalls): Stub {
  return new Proxy(stub, {
    get(target, property): unknown {
      if (property === 'getState' || property === 'putState' || property === 'deleteState') {
        return overridden[property];
      }
      const member: unknown = Reflect.get(target, property, target);
      // Bound to the stub: fabric-shim's methods use their own fields through `this`.
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}
