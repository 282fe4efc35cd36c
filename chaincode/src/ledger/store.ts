/**
 * Table-driven access to stored records: each record kind is declared once with its key type
 * and parser, and every module reads, writes, requires and pages it the same way, instead of a
 * hand-written read/write function pair per kind.
 *
 * ```ts
 * export const loans = recordStore('josploan', parseLoan, { noun: 'loan' });
 * await loans.write(stub, loan, loan.loanId);
 * const loan = await loans.require(stub, 'loanId', loanIdArgument);
 * ```
 *
 * @packageDocumentation
 */
import { NotFoundError } from './errors';
import { type CompositeKeyStub, type KeyType, partialKey, requireKeyPart, stateKey } from './keys';
import { type Page, type PagingStub, readAll, readPage } from './paging';
import { getJson, type JsonValue, type Parser, putJson, type StateStub } from './state';

/** The stub capabilities point reads and writes need, so that test fakes fit too. */
export type RecordStub = StateStub & CompositeKeyStub;

/** A stub that can also delete. */
export type DeletingStub = RecordStub & { deleteState(key: string): Promise<void> };

/** Reads and writes one record kind, addressed by its key parts after the type. */
export interface RecordStore<T extends JsonValue> {
  /** @returns the record under `type~parts…`, or undefined */
  read(stub: RecordStub, ...parts: string[]): Promise<T | undefined>;
  /** Writes the record under `type~parts…` as canonical JSON. */
  write(stub: RecordStub, value: T, ...parts: string[]): Promise<void>;
  /** Deletes the record under `type~parts…`. */
  remove(stub: DeletingStub, ...parts: string[]): Promise<void>;
  /**
   * Reads a record by the one id a client named.
   *
   * @param field - the argument's name, reported in errors and in the NOT_FOUND details
   * @param id - the argument as received
   * @throws InvalidArgumentError when `id` is not a valid key part
   * @throws NotFoundError when there is no such record
   */
  require(stub: RecordStub, field: string, id: string): Promise<T>;
  /** @returns one page of the records under `type~parts…` (read-only transactions only) */
  page(stub: PagingStub, pageSize: number, bookmark: unknown, ...parts: string[]): Promise<Page<T>>;
  /** @returns every record under `type~parts…`, page by page (read-only transactions only) */
  all(stub: PagingStub, ...parts: string[]): Promise<T[]>;
}

/** How NOT_FOUND names a missing record: `<noun> <id> <absent>`. */
export interface RecordNames {
  /** e.g. `coupon class` */
  readonly noun: string;
  /** e.g. `is not registered`; `does not exist` when left out */
  readonly absent?: string;
}

/**
 * Declares a record kind.
 *
 * @param type - its registered key type
 * @param parse - checks a stored record
 * @param names - how errors name a missing record; by its key type when left out
 * @returns the store
 */
export function recordStore<T extends JsonValue>(type: KeyType, parse: Parser<T>, names: RecordNames = { noun: type }): RecordStore<T> {
  const read = (stub: RecordStub, ...parts: string[]): Promise<T | undefined> => getJson(stub, stateKey(stub, type, ...parts), parse);
  return {
    read,
    write: (stub, value, ...parts) => putJson(stub, stateKey(stub, type, ...parts), value),
    remove: (stub, ...parts) => stub.deleteState(stateKey(stub, type, ...parts)),
    async require(stub, field, id) {
      const checked = requireKeyPart(id, field);
      const found = await read(stub, checked);
      if (found === undefined) {
        throw new NotFoundError(`${names.noun} ${checked} ${names.absent ?? 'does not exist'}`, { [field]: checked });
      }
      return found;
    },
    page: (stub, pageSize, bookmark, ...parts) => readPage(stub, partialKey(type, ...parts), pageSize, bookmark, parse),
    all: (stub, ...parts) => readAll(stub, partialKey(type, ...parts), parse),
  };
}
