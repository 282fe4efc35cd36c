/**
 * Contract classes declared from their module's transaction table in @loulan/protocol
 * (protocol/src/contracts/<module>.ts), so that each transaction is described once: the table
 * says whether it is submitted or evaluated, who may submit it and its arguments; its function
 * here (whose parameters are those arguments, in order) is what it does. A decorated method per
 * transaction would repeat each function's signature only to call the function.
 *
 * fabric-contract-api learns a contract's transactions from the metadata its decorators write:
 * `@Transaction` reads the parameter names from the function's source and their types from the
 * `design:paramtypes` metadata TypeScript emits for a decorated method. {@link defineContract}
 * gives each function the same metadata (the context, then one string per argument) and
 * applies the same decorators, so fabric-shim serves exactly what decorated methods with those
 * signatures would declare; the metadata test compares that with the protocol's table.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

import type { ContractProtocol, TransactionName } from '@loulan/protocol';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { CHAINCODE_VERSION } from '../version';
import { GatedContract } from './contract';

/** A transaction function: the context, then the transaction's arguments as received; answers JSON. */
export type TransactionFunction = (ctx: Context, ...args: string[]) => Promise<string>;

/** The function of every transaction of a contract's table. */
export type TransactionFunctions<C extends ContractProtocol> = { readonly [Name in TransactionName<C>]: TransactionFunction };

/** An instance of a declared contract: a method per transaction. */
export type ContractOf<F extends Readonly<Record<string, TransactionFunction>>> = GatedContract & { readonly [K in keyof F]: F[K] };

/** A declared contract class, as `src/index.ts` hands it to fabric-shim. */
export type ContractClass<F extends Readonly<Record<string, TransactionFunction>>> = Omit<typeof GatedContract, 'prototype'> & {
  new (): ContractOf<F>;
  readonly prototype: ContractOf<F>;
};

/**
 * Declares a contract class whose methods are the functions of the protocol's transactions, gated
 * like every contract (./contract.ts) and described to fabric-contract-api as `@Info`,
 * `@Transaction` and `@Returns('string')` would describe them. The class is named
 * `<Name>Contract` (e.g. `PointsContract`), the name fabric-contract-api files its info under.
 *
 * @param protocol - the module's transaction table
 * @param description - what the contract's metadata says it is
 * @param functions - the function of each of its transactions
 * @returns the class
 * @throws Error when a function's parameters do not match its transaction's arguments
 */
export function defineContract<C extends ContractProtocol, F extends TransactionFunctions<C>>(
  protocol: C,
  description: string,
  functions: F,
): ContractClass<F> {
  const name = protocol.contract;
  const Declared = class extends GatedContract {
    constructor() {
      super(name);
    }
  };
  Object.defineProperty(Declared, 'name', { value: `${name.charAt(0).toUpperCase()}${name.slice(1)}Contract` });
  const undeclared = Object.keys(functions).filter((key) => !Object.hasOwn(protocol.transactions, key));
  if (undeclared.length > 0) {
    throw new Error(`${name}: ${undeclared.join(', ')} not in the protocol`);
  }
  for (const transaction of Object.values(protocol.transactions)) {
    const run: TransactionFunction = functions[transaction.name as TransactionName<C>];
    // `run.length` counts the declared parameters, which transaction functions never give defaults.
    if (run.length - 1 !== transaction.args.length) {
      throw new Error(
        `${name}:${transaction.name} takes ${String(run.length - 1)} arguments, its protocol ${String(transaction.args.length)}`,
      );
    }
    declare(Declared.prototype, transaction.name, transaction.submit, run);
  }
  Info({ title: name, description, version: CHAINCODE_VERSION })(Declared);
  // The loop above added one method per transaction of the table, which is what ContractOf<F> says.
  return Declared as unknown as ContractClass<F>;
}

/** What TypeScript and the decorators would record for `name(ctx: Context, a: string, …): Promise<string>`. */
function declare(prototype: object, name: string, submit: boolean, run: TransactionFunction): void {
  Object.defineProperty(prototype, name, { value: run, writable: true, configurable: true });
  const types = [Context, ...Array.from({ length: run.length - 1 }, () => String)];
  Reflect.defineMetadata('design:paramtypes', types, prototype, name);
  Transaction(submit)(prototype, name);
  Returns('string')(prototype, name);
}
