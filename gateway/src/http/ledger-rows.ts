import {
  type Arguments,
  type ContractProtocol,
  type ReadName,
  routeOf,
  type Transaction,
  type TransactionName,
  transactionOf,
  type WriteName,
} from '@loulan/protocol';

import type { ContractClient } from '../contract/client';
import type { Decoder } from '../contract/decode';
import {
  type JsonRow,
  type Operation,
  type OperationDoc,
  type OperationInput,
  type OperationRows,
  operationRows,
  type Row,
} from './operations';

/*
 * Rows of operations that call one chaincode transaction. The transaction's row in @loulan/protocol
 * gives the operation's method, path, name and summary; the gateway's row adds how a request becomes
 * the transaction's arguments, named as the protocol names them, and how its result is decoded.
 */

/** The dependencies of a module whose operations call its chaincode contract. */
export interface LedgerDeps<C extends ContractProtocol = ContractProtocol> {
  readonly contract: ContractClient<C>;
}

/** The path template of a route text: `/plans/{planId}` of `POST /plans/{planId}`. */
export type RoutePath<R> = R extends `${string} ${infer Path}` ? Path : string;

/** The path template of a transaction's route. */
type PathOf<C extends ContractProtocol, N extends TransactionName<C>> = RoutePath<C['transactions'][N]['route']>;

/** A write's first argument, which the Idempotency-Key fills (its business id). */
type KeyArgument<C extends ContractProtocol, N extends TransactionName<C>> = C['transactions'][N]['args'] extends readonly [
  infer First extends string,
  ...string[],
]
  ? First
  : never;

/** What the operation's method, path, name and summary are when the protocol's route is not the one it serves. */
type DocOverride = Partial<Pick<OperationDoc, 'method' | 'name' | 'summary'>>;

/** A row that calls exactly one transaction; without `path` it serves the transaction's protocol route. */
type CallRow<D, Path extends string, Query extends object, Body extends object, Result> = Omit<
  Row<D, Path, Query, Body, Result>,
  'run' | 'method' | 'path' | 'name' | 'summary' | 'transaction' | 'status' | 'answer' | 'idempotencyKey'
> &
  DocOverride & { readonly path?: Path; readonly result: Decoder<Result> };

/** A submitting row: the Idempotency-Key fills the first argument, `args` the others. */
export type SubmitRow<
  C extends ContractProtocol,
  N extends WriteName<C>,
  D,
  Path extends string,
  Query extends object,
  Body extends object,
  Result,
> = CallRow<D, Path, Query, Body, Result> & {
  readonly args: (input: OperationInput<Path, Query, Body>) => Omit<Arguments<C, N>, KeyArgument<C, N>>;
};

/** An evaluating row: `args` gives every argument; `send` may write the answer itself. */
export type EvaluateRow<C extends ContractProtocol, N extends ReadName<C>, D, Path extends string, Query extends object, Result> = Omit<
  CallRow<D, Path, Query, never, Result>,
  'body'
> &
  Pick<JsonRow<D, Path, Query, never, Result>, 'send'> & { readonly args: (input: OperationInput<Path, Query, never>) => Arguments<C, N> };

/** Row builders of a module with a chaincode contract: the general ones, and one per call of one transaction. */
export interface LedgerRows<C extends ContractProtocol, D extends LedgerDeps<C>> extends OperationRows<D> {
  /** Submits the transaction: answered as committed. */
  submit<
    N extends WriteName<C>,
    Query extends object = never,
    Body extends object = never,
    Result = unknown,
    Path extends string = PathOf<C, N>,
  >(
    name: N,
    row: SubmitRow<C, N, D, Path, Query, Body, Result>,
  ): Operation<D>;
  /** Evaluates the transaction: answered with its decoded result, as JSON unless `send` writes the answer. */
  evaluate<N extends ReadName<C>, Query extends object = never, Result = unknown, Path extends string = PathOf<C, N>>(
    name: N,
    row: EvaluateRow<C, N, D, Path, Query, Result>,
  ): Operation<D>;
  /** The method, path, name and summary of a transaction's route, for a row whose handler is the module's own. */
  route<N extends TransactionName<C>>(name: N): Pick<OperationDoc, 'method' | 'name' | 'summary'> & { readonly path: PathOf<C, N> };
}

/**
 * The row builders of a module whose handlers take `D`, which holds the client of `protocol`'s contract.
 *
 * @param protocol - the module's transaction table
 * @returns the builders
 */
export function ledgerRows<C extends ContractProtocol, D extends LedgerDeps<C>>(protocol: C): LedgerRows<C, D> {
  const rows = operationRows<D>();
  const route = <N extends TransactionName<C>>(
    name: N,
  ): Pick<OperationDoc, 'method' | 'name' | 'summary'> & { readonly path: PathOf<C, N> } => {
    const doc = docOf(transactionOf(protocol, name));
    // The path is the protocol route's, whose template PathOf<C, N> reads from the same text.
    return { ...doc, path: doc.path as PathOf<C, N> };
  };
  return {
    ...rows,
    route,
    submit: (name, row) => {
      const tx = transactionOf(protocol, name);
      const keyName = tx.args[0] ?? '';
      return rows.write({
        ...withDoc(transactionOf(protocol, name), row),
        run: ({ contract }, input) =>
          contract.write(input.caller, name, { ...row.args(input), [keyName]: input.key } as Arguments<C, typeof name>, row.result),
      });
    },
    evaluate: (name, row) =>
      rows.json({
        ...withDoc(transactionOf(protocol, name), row),
        run: ({ contract }, input) => contract.read(input.caller, name, row.args(input), row.result),
      }),
  };
}

/** The operation documentation a transaction's protocol route gives. */
function docOf(tx: Transaction): Pick<OperationDoc, 'method' | 'path' | 'name' | 'summary'> {
  const route = routeOf(tx);
  if (route === undefined) {
    throw new Error(`${tx.contract}:${tx.name} has no route in the protocol; its row must give its method and path`);
  }
  return { ...route, name: tx.name, summary: tx.summary };
}

/** A row with its method, path, name and summary: its own, else the protocol's; the transaction when its name differs. */
function withDoc<R extends DocOverride & { readonly path?: string }>(
  tx: Transaction,
  row: R,
): R & Pick<OperationDoc, 'method' | 'path' | 'name' | 'summary' | 'transaction'> {
  const name = row.name ?? tx.name;
  const own = row.method !== undefined && row.path !== undefined ? { method: row.method, path: row.path } : docOf(tx);
  return { ...row, ...own, name, summary: row.summary ?? tx.summary, ...(name === tx.name ? {} : { transaction: tx.name }) };
}
