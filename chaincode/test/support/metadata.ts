/**
 * Reads what fabric-contract-api declares about a contract class, so each contract's
 * metadata test compares the exposed surface with the list agreed in its docs/<module>.md.
 */
import 'reflect-metadata';

/** Tags fabric-contract-api gives a submit transaction. */
export const SUBMIT = ['SUBMIT', 'submitTx'];
/** Tags fabric-contract-api gives an evaluate (read-only) transaction. */
export const EVALUATE = ['EVALUATE'];

/** An agreed transaction: name, tags and argument names in order (all strings). */
export type AgreedTransaction = [name: string, tags: string[], parameters: string[]];

/** One transaction as declared, in a form that compares cleanly. */
export interface TransactionSummary {
  readonly name: string;
  readonly tag: string[];
  readonly parameters: string[];
  readonly returns: string | undefined;
}

interface DeclaredTransaction {
  name: string;
  tag: string[];
  parameters: { name: string; schema: { type?: string } }[];
  returns?: { type?: string };
}

/**
 * The transactions `@Transaction` declared on a contract class, sorted by name.
 *
 * @param contract - the contract class
 * @returns name, tags, `name:type` parameters and return type of each
 */
export function declaredTransactions(contract: { prototype: object }): TransactionSummary[] {
  // Key written by @Transaction in fabric-contract-api/lib/annotations/transaction.js.
  const declared: unknown = Reflect.getMetadata('fabric:transactions', contract.prototype) ?? [];
  if (!Array.isArray(declared) || !declared.every(isDeclaredTransaction)) {
    throw new Error('fabric:transactions metadata is not a list of declared transactions');
  }
  return declared
    .map(({ name, tag, parameters, returns }) => ({
      name,
      tag,
      parameters: parameters.map((p) => `${p.name}:${p.schema.type ?? '?'}`),
      returns: returns?.type,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Checks the parts of one declared transaction that {@link declaredTransactions} reads. */
function isDeclaredTransaction(value: unknown): value is DeclaredTransaction {
  return (
    isObject(value) &&
    typeof value.name === 'string' &&
    isStringList(value.tag) &&
    Array.isArray(value.parameters) &&
    value.parameters.every(
      (p: unknown) => isObject(p) && typeof p.name === 'string' && isObject(p.schema) && isOptionalString(p.schema.type),
    ) &&
    (value.returns === undefined || (isObject(value.returns) && isOptionalString(value.returns.type)))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/**
 * The summary an agreed list should produce: string parameters, string results.
 *
 * @param agreed - the agreed transactions, sorted by name
 * @returns what {@link declaredTransactions} must equal
 */
export function agreedTransactions(agreed: readonly AgreedTransaction[]): TransactionSummary[] {
  return agreed.map(([name, tag, parameters]) => ({
    name,
    tag,
    parameters: parameters.map((p) => `${p}:string`),
    returns: 'string',
  }));
}
