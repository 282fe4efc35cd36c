/**
 * How the contracts' transactions are described: once, in one table per module
 * (./contracts/<module>.ts), which the chaincode, the gateway and the tests all read.
 *
 * A row says whether the transaction is submitted or evaluated, which roles may submit it, its
 * arguments in order, and the REST route the gateway serves it on. From it the chaincode
 * declares its contract classes (chaincode/src/ledger/transactions.ts) and takes each write's
 * roles; the gateway derives each operation's method, path, name and summary and a contract
 * client whose arguments are checked by name at compile time (gateway/src/contract/client.ts);
 * the chaincode's metadata tests and the authorisation matrix compare what runs with it.
 *
 * @packageDocumentation
 */
import { ACCOUNTLESS_ROLES, type AccountRole, ROLES } from './roles';

/** HTTP methods of the REST API. */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** A REST route relative to its module's base path, parameters in braces: `POST /plans/{planId}/cancel`. */
export type RouteText = `${Uppercase<HttpMethod>} /${string}`;

/** The REST route of a transaction. */
export interface Route {
  readonly method: HttpMethod;
  /** Relative to the module's base path, parameters in braces: `/plans/{planId}`. */
  readonly path: string;
}

/** What a table row says about one transaction. */
export interface TransactionRow<
  Args extends readonly string[] = readonly string[],
  R extends RouteText | undefined = RouteText | undefined,
> {
  /** true: ordered and committed; false: read-only, evaluated on one peer. */
  readonly submit: boolean;
  /**
   * Who may submit it; a read names none, since every member may read and the ledger scopes what
   * it answers to the caller's own accounts (docs/security.md).
   */
  readonly roles: readonly AccountRole[];
  /** The string arguments in order, as the chaincode function names them. */
  readonly args: Args;
  /** One line, as the API documentation shows it. */
  readonly summary: string;
  /**
   * Where the gateway serves it (`POST /plans/{planId}/cancel`, read by {@link routeOf}); none for
   * transactions only the gateway itself calls, or that it serves on several routes.
   */
  readonly route: R;
}

/** A described transaction: its row, its name and its contract's. */
export interface Transaction<
  Args extends readonly string[] = readonly string[],
  R extends RouteText | undefined = RouteText | undefined,
> extends TransactionRow<Args, R> {
  readonly contract: string;
  readonly name: string;
}

/** One module's transactions by name. */
export type TransactionRows = Readonly<Record<string, TransactionRow>>;

/** A module's contract: its name, where its REST routes live, and its transactions. */
export interface ContractProtocol<Rows extends TransactionRows = TransactionRows> {
  /** The chaincode contract name, the prefix of its transactions (`points:Transfer`). */
  readonly contract: string;
  /** Where the gateway mounts the module's routes. */
  readonly basePath: string;
  readonly transactions: { readonly [Name in keyof Rows & string]: Rows[Name] & { readonly contract: string; readonly name: Name } };
}

/** The names of a contract's transactions. */
export type TransactionName<C extends ContractProtocol> = keyof C['transactions'] & string;

/** The names of a contract's submitted (writing) transactions. */
export type WriteName<C extends ContractProtocol> = {
  [Name in TransactionName<C>]: C['transactions'][Name]['submit'] extends true ? Name : never;
}[TransactionName<C>];

/** The names of a contract's evaluated (read-only) transactions. */
export type ReadName<C extends ContractProtocol> = Exclude<TransactionName<C>, WriteName<C>>;

/** The argument names of one transaction. */
export type ArgumentName<C extends ContractProtocol, Name extends TransactionName<C>> = C['transactions'][Name]['args'][number];

/** The arguments of one transaction by name, as the chaincode receives them. */
export type Arguments<C extends ContractProtocol, Name extends TransactionName<C>> = { readonly [Arg in ArgumentName<C, Name>]: string };

/** Every role that owns an account: every role but the read-only auditor. */
export const ACCOUNT_ROLES: readonly AccountRole[] = ROLES.filter((role): role is AccountRole => !ACCOUNTLESS_ROLES.includes(role));

/** The three parties of an unmanned shelf. */
export const SHELF_PARTY_ROLES = ['shelf-operator', 'site-provider', 'supplier'] as const satisfies readonly AccountRole[];

/**
 * A submitted transaction.
 *
 * @param roles - who may submit it
 * @param args - its arguments in order; keep the tuple literal (`const`) so clients are checked by name
 * @param summary - its one-line description
 * @param route - e.g. `POST /plans/{planId}/cancel`; none when only the gateway itself calls it
 * @returns the table row
 */
export function write<const Args extends readonly string[], const R extends RouteText | undefined = undefined>(
  roles: readonly AccountRole[],
  args: Args,
  summary: string,
  route?: R,
): TransactionRow<Args, R> & { readonly submit: true } {
  // An omitted route is undefined, which is what R defaults to.
  return { submit: true, roles, args, summary, route: route as R };
}

/**
 * An evaluated (read-only) transaction.
 *
 * @param args - its arguments in order
 * @param summary - its one-line description
 * @param route - e.g. `GET /plans/{planId}`; none when it has several or only the gateway calls it
 * @returns the table row
 */
export function read<const Args extends readonly string[], const R extends RouteText | undefined = undefined>(
  args: Args,
  summary: string,
  route?: R,
): TransactionRow<Args, R> & { readonly submit: false } {
  return { submit: false, roles: [], args, summary, route: route as R };
}

/**
 * Names a module's rows after their keys and its contract.
 *
 * @param contract - the chaincode contract name
 * @param basePath - where the gateway mounts the module (`/v1/points`)
 * @param rows - the transactions by name
 * @returns the module's protocol
 */
export function defineProtocol<const Rows extends TransactionRows>(contract: string, basePath: string, rows: Rows): ContractProtocol<Rows> {
  const transactions = Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, { ...row, contract, name }]));
  // fromEntries loses the key-by-key types the mapped type restores: each value is its row plus its own key.
  return { contract, basePath, transactions: transactions as ContractProtocol<Rows>['transactions'] };
}

/**
 * Lists a contract's transactions.
 *
 * @param protocol - one module's protocol
 * @returns its transactions, in table order
 */
export function transactionsOf(protocol: ContractProtocol): readonly Transaction[] {
  return Object.values(protocol.transactions);
}

/**
 * The method and path of a transaction's route.
 *
 * @param tx - a transaction
 * @returns its route; undefined when it has none
 */
export function routeOf(tx: Pick<TransactionRow, 'route'>): Route | undefined {
  if (tx.route === undefined) {
    return undefined;
  }
  const [method = '', path = ''] = tx.route.split(' ');
  return { method: method.toLowerCase() as HttpMethod, path };
}

/**
 * One transaction of a contract.
 *
 * @param protocol - the contract's table
 * @param name - a transaction name, checked against the table at compile time
 * @returns the transaction
 * @throws Error when a name that passed as a transaction name is not one (a cast gone wrong)
 */
export function transactionOf<C extends ContractProtocol>(protocol: C, name: TransactionName<C>): Transaction {
  const tx: Transaction | undefined = protocol.transactions[name];
  if (tx === undefined) {
    throw new Error(`${protocol.contract} has no transaction ${name}`);
  }
  return tx;
}
