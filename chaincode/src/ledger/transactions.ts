/**
 * Contract classes declared from a table of their transactions, so that each transaction is
 * described once: by its function (its parameters are the transaction's arguments, in order,
 * and its TSDoc the description) and one table entry saying whether it is submitted or
 * evaluated. A decorated method per transaction would repeat each function's signature only to
 * call the function.
 *
 * fabric-contract-api learns a contract's transactions from the metadata its decorators write:
 * `@Transaction` reads the parameter names from the function's source and their types from the
 * `design:paramtypes` metadata TypeScript emits for a decorated method. {@link defineContract}
 * gives each table entry the same metadata (the context, then one string per argument) and
 * applies the same decorators, so fabric-shim serves exactly what decorated methods with those
 * signatures would declare; each contract's metadata test pins the result.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { CHAINCODE_VERSION } from '../version';
import { GatedContract } from './contract';

/** A transaction function: the context, then the transaction's arguments as received; answers JSON. */
export type TransactionFunction = (ctx: Context, ...args: string[]) => Promise<string>;

/** One transaction of a contract. */
export interface TransactionEntry<F extends TransactionFunction> {
  /** true: ordered and committed; false: read-only, evaluated on one peer. */
  readonly submit: boolean;
  readonly run: F;
}

/** A contract's transactions by name, as clients call them (`<contract>:<name>`). */
export type TransactionTable = Readonly<Record<string, TransactionEntry<TransactionFunction>>>;

/** An instance of a declared contract: a method per transaction. */
export type ContractOf<T extends TransactionTable> = GatedContract & { readonly [K in keyof T]: T[K]['run'] };

/** A declared contract class, as `src/index.ts` hands it to fabric-shim. */
export type ContractClass<T extends TransactionTable> = Omit<typeof GatedContract, 'prototype'> & {
  new (): ContractOf<T>;
  readonly prototype: ContractOf<T>;
};

/**
 * @param run - the transaction function
 * @returns a writing transaction
 */
export function submit<F extends TransactionFunction>(run: F): TransactionEntry<F> {
  return { submit: true, run };
}

/**
 * @param run - the transaction function
 * @returns a read-only transaction
 */
export function evaluate<F extends TransactionFunction>(run: F): TransactionEntry<F> {
  return { submit: false, run };
}

/**
 * Declares a contract class whose methods are the table's transaction functions, gated like
 * every contract (./contract.ts) and described to fabric-contract-api as `@Info`,
 * `@Transaction` and `@Returns('string')` would describe them. The class is named
 * `<Name>Contract` (e.g. `PointsContract`), the name fabric-contract-api files its info under.
 *
 * @param name - the contract's name, the prefix of its transactions (`points:Transfer`)
 * @param description - what the contract's metadata says it is
 * @param table - its transactions
 * @returns the class
 */
export function defineContract<T extends TransactionTable>(name: string, description: string, table: T): ContractClass<T> {
  const Declared = class extends GatedContract {
    constructor() {
      super(name);
    }
  };
  Object.defineProperty(Declared, 'name', { value: `${name.charAt(0).toUpperCase()}${name.slice(1)}Contract` });
  for (const [txName, { submit: commit, run }] of Object.entries(table)) {
    Object.defineProperty(Declared.prototype, txName, { value: run, writable: true, configurable: true });
    // What TypeScript would record for `txName(ctx: Context, a: string, …)`; `run.length`
    // counts the declared parameters, which transaction functions never give defaults.
    const types = [Context, ...Array.from({ length: run.length - 1 }, () => String)];
    Reflect.defineMetadata('design:paramtypes', types, Declared.prototype, txName);
    Transaction(commit)(Declared.prototype, txName);
    Returns('string')(Declared.prototype, txName);
  }
  Info({ title: name, description, version: CHAINCODE_VERSION })(Declared);
  // The loop above added one method per entry of the table, which is what ContractOf<T> says.
  return Declared as unknown as ContractClass<T>;
}
