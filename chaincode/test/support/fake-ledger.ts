/**
 * An in-memory ledger and ChaincodeStub stand-in that keeps the Fabric behaviours contract
 * code depends on:
 *
 * - a transaction reads committed state only; its own writes are invisible to it until the
 *   ledger commits them (Fabric has no read-your-writes);
 * - composite keys use the real `\u0000` delimiters and validation of fabric-shim 2.5.8;
 * - range and partial-composite-key queries return keys in UTF-8 byte order (LevelDB
 *   order), skip the composite key namespace for plain ranges, and treat an empty end key
 *   as unbounded;
 * - a missing key reads as an empty value; writing an empty value deletes;
 * - only the last `setEvent` of a transaction survives; the payload of a write's event, its
 *   result, must match the write's result schema (./result-schemas.ts);
 * - `getHistoryForKey` answers every committed version of a key, newest first, as the peer's
 *   history database does;
 * - paginated queries return Fabric's bookmark (the key where the next page starts, `""`
 *   after the last page), and, as in Fabric's transaction simulator, a transaction that has
 *   run one cannot write, and one that has written cannot run one;
 * - optionally ({@link FakeLedgerOptions.totalQueryLimit}), the peer's `totalQueryLimit`: an
 *   unpaginated range read stops after that many records without any error, and a page holds
 *   at most that many records, its bookmark pointing at the next one. Off by default.
 */
import type { ChaincodeStub, Iterators, SerializedIdentity, StateQueryResponse, Timestamp } from 'fabric-shim';
import Long from 'long';

import { TEST_CLIENT_CERT_PEM } from './identity';
import { checkWriteEvent } from './result-schemas';

const COMPOSITE_KEY_NS = '\u0000';
const MIN_UNICODE_RUNE = '\u0000';
const MAX_UNICODE_RUNE = '\u{10ffff}';
const EMPTY_KEY_SUBSTITUTE = '\u0001';

/** Per-transaction facts; every field has a default so tests state only what matters. */
export interface FakeTxOptions {
  txId?: string;
  /** Proposal timestamp. */
  txTime?: Date;
  /** MSP id of the submitting identity. */
  mspId?: string;
  /** PEM certificate of the submitting identity. */
  certPem?: string;
  channelId?: string;
  /** Function name then arguments, as a client sends them (used by shim dispatch). */
  args?: string[];
}

/** A chaincode event as the ledger recorded it. */
export interface RecordedEvent {
  txId: string;
  name: string;
  payload: Buffer;
}

/** The ChaincodeStub methods the fake implements, checked against the real signatures. */
type ImplementedStub = Pick<
  ChaincodeStub,
  | 'getArgs'
  | 'getStringArgs'
  | 'getFunctionAndParameters'
  | 'getTxID'
  | 'getChannelID'
  | 'getCreator'
  | 'getMspID'
  | 'getTxTimestamp'
  | 'getDateTimestamp'
  | 'getState'
  | 'putState'
  | 'deleteState'
  | 'getStateByRange'
  | 'getStateByPartialCompositeKey'
  | 'getStateByPartialCompositeKeyWithPagination'
  | 'getHistoryForKey'
  | 'setEvent'
  | 'createCompositeKey'
  | 'splitCompositeKey'
>;

type QueryResult = Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV>;
type HistoryResult = Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification>;
type PagedQueryResult = Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV>;

/** How the fake peer behaves beyond plain state. */
export interface FakeLedgerOptions {
  /**
   * The peer's `ledger.state.totalQueryLimit` (core.yaml): the most records one range read
   * returns. Unset means unlimited.
   */
  totalQueryLimit?: number;
}

/** Committed world state plus the events of committed transactions. */
export class FakeLedger {
  private readonly state = new Map<string, Buffer>();
  private readonly recordedEvents: RecordedEvent[] = [];
  private readonly versions = new Map<string, Iterators.KeyModification[]>();
  private txCounter = 0;
  private queryLimit: number | undefined;
  private truncated = 0;

  constructor(options: FakeLedgerOptions = {}) {
    this.setTotalQueryLimit(options.totalQueryLimit);
  }

  /**
   * Changes the peer's query limit, e.g. on a driver's ledger; `undefined` lifts it.
   *
   * @param limit - at least 1
   */
  setTotalQueryLimit(limit: number | undefined): void {
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw new Error('totalQueryLimit must be a positive integer');
    }
    this.queryLimit = limit;
  }

  /** The query limit in force, undefined when unlimited. */
  get totalQueryLimit(): number | undefined {
    return this.queryLimit;
  }

  /** How many unpaginated range reads the query limit has cut short so far. */
  get truncatedReads(): number {
    return this.truncated;
  }

  /**
   * Cuts an unpaginated range read at the query limit, silently as the peer does.
   *
   * @param results - every entry of the range
   * @returns the entries the peer would return
   */
  limitRead(results: Iterators.KV[]): Iterators.KV[] {
    if (this.queryLimit === undefined || results.length <= this.queryLimit) {
      return results;
    }
    this.truncated += 1;
    return results.slice(0, this.queryLimit);
  }

  /** Starts a transaction against the current committed state. */
  stub(options: FakeTxOptions = {}): FakeStub {
    this.txCounter += 1;
    return new FakeStub(this, this.txCounter, options);
  }

  /** Applies a transaction's writes and event, as ordering and validation would. */
  commit(stub: FakeStub): void {
    for (const [key, value] of stub.writes) {
      const version = { txId: stub.getTxID(), timestamp: stub.getTxTimestamp(), isDelete: value === null, value: value ?? Buffer.alloc(0) };
      this.versions.set(key, [...(this.versions.get(key) ?? []), version]);
      if (value === null) {
        this.state.delete(key);
      } else {
        this.state.set(key, value);
      }
    }
    const event = stub.event;
    if (event !== undefined) {
      this.recordedEvents.push({ txId: stub.getTxID(), ...event });
    }
  }

  /** Committed value of a key, for assertions. */
  read(key: string): Buffer | undefined {
    return this.state.get(key);
  }

  /** Committed versions of a key, newest first, as the peer's history database answers them. */
  history(key: string): Iterators.KeyModification[] {
    return [...(this.versions.get(key) ?? [])].reverse();
  }

  /** Committed keys in ledger order, for assertions. */
  keys(): string[] {
    return sortedKeys(this.state.keys());
  }

  /** Events of committed transactions, oldest first. */
  get events(): readonly RecordedEvent[] {
    return this.recordedEvents;
  }

  /** Committed entries whose key lies in [startKey, endKey), in ledger order. */
  range(startKey: string, endKey: string): Iterators.KV[] {
    const start = utf8(startKey);
    const end = endKey === '' ? undefined : utf8(endKey);
    return sortedKeys(this.state.keys())
      .filter((key) => Buffer.compare(utf8(key), start) >= 0 && (end === undefined || Buffer.compare(utf8(key), end) < 0))
      .map((key) => ({ namespace: 'loulan', key, value: Buffer.from(this.state.get(key) ?? Buffer.alloc(0)) }));
  }
}

/** One transaction's view of a {@link FakeLedger}. */
export class FakeStub implements ImplementedStub {
  /** Pending writes in call order; null marks a delete. */
  readonly writes = new Map<string, Buffer | null>();
  /** Keys read with getState: with {@link writes}, what decides whether two transactions conflict. */
  readonly reads = new Set<string>();
  /** The event to emit on commit, if any. */
  event: { name: string; payload: Buffer } | undefined;

  private readonly txId: string;
  private readonly txTime: Date;
  private readonly creator: SerializedIdentity;
  private readonly channelId: string;
  private readonly args: string[];
  private paginatedQueryRun = false;

  constructor(
    private readonly ledger: FakeLedger,
    sequence: number,
    options: FakeTxOptions,
  ) {
    this.txId = options.txId ?? `tx${sequence}`;
    this.txTime = options.txTime ?? new Date(Date.UTC(2025, 0, 1, 0, 0, sequence));
    this.creator = {
      mspid: options.mspId ?? 'Org1MSP',
      idBytes: Buffer.from(options.certPem ?? TEST_CLIENT_CERT_PEM, 'utf8'),
    };
    this.channelId = options.channelId ?? 'loulan';
    this.args = options.args ?? [];
  }

  getArgs(): string[] {
    return [...this.args];
  }

  getStringArgs(): string[] {
    return [...this.args];
  }

  /** What fabric-shim's contract dispatcher reads; absent from the typings. */
  getBufferArgs(): Buffer[] {
    return this.args.map((arg) => Buffer.from(arg, 'utf8'));
  }

  getFunctionAndParameters(): { params: string[]; fcn: string } {
    const [fcn = '', ...params] = this.args;
    return { fcn, params };
  }

  getTxID(): string {
    return this.txId;
  }

  getChannelID(): string {
    return this.channelId;
  }

  getCreator(): SerializedIdentity {
    return this.creator;
  }

  getMspID(): string {
    return 'Org1MSP';
  }

  getTxTimestamp(): Timestamp {
    const millis = this.txTime.getTime();
    const seconds = Math.floor(millis / 1000);
    return { seconds: Long.fromNumber(seconds, true), nanos: (millis - seconds * 1000) * 1_000_000 };
  }

  getDateTimestamp(): Date {
    return new Date(this.txTime.getTime());
  }

  async getState(key: string): Promise<Uint8Array> {
    validateStateKey(key);
    this.reads.add(key);
    return Buffer.from(this.ledger.read(key) ?? Buffer.alloc(0));
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    validateStateKey(key);
    this.refuseWriteAfterPaginatedQuery();
    this.writes.set(key, value.length === 0 ? null : Buffer.from(value));
  }

  async deleteState(key: string): Promise<void> {
    validateStateKey(key);
    this.refuseWriteAfterPaginatedQuery();
    this.writes.set(key, null);
  }

  getStateByRange(startKey: string, endKey: string): QueryResult {
    const start = startKey === '' ? EMPTY_KEY_SUBSTITUTE : startKey;
    if (start.startsWith(COMPOSITE_KEY_NS) || endKey.startsWith(COMPOSITE_KEY_NS)) {
      return queryIterator(Promise.reject(new Error(`first character of the key contains a null character which is not allowed`)));
    }
    return queryIterator(Promise.resolve(this.ledger.limitRead(this.ledger.range(start, endKey))));
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]): QueryResult {
    const prefix = this.createCompositeKey(objectType, attributes);
    return queryIterator(Promise.resolve(this.ledger.limitRead(this.ledger.range(prefix, prefix + MAX_UNICODE_RUNE))));
  }

  getStateByPartialCompositeKeyWithPagination(objectType: string, attributes: string[], pageSize: number, bookmark = ''): PagedQueryResult {
    if (this.writes.size > 0) {
      return pagedIterator(Promise.reject(new Error('txsimulator: transaction with writes cannot run paginated queries')));
    }
    this.paginatedQueryRun = true;
    const prefix = this.createCompositeKey(objectType, attributes);
    const end = prefix + MAX_UNICODE_RUNE;
    // The peer starts the scan at the bookmark, whatever it is; callers must check it.
    const all = this.ledger.range(bookmark === '' ? prefix : bookmark, end);
    // The peer caps a page at its query limit; the bookmark then continues from there.
    const size = Math.min(pageSize, this.ledger.totalQueryLimit ?? pageSize);
    const page = all.slice(0, size);
    const next = all[size]?.key ?? '';
    return pagedIterator(Promise.resolve({ kvs: page, bookmark: next }));
  }

  getHistoryForKey(key: string): HistoryResult {
    validateStateKey(key);
    const versions = this.ledger.history(key);
    const end = { txId: '', timestamp: this.getTxTimestamp(), isDelete: false, value: Buffer.alloc(0) };
    const iterator = Promise.resolve(versions).then((list): Iterators.HistoryQueryIterator => {
      let index = 0;
      return {
        async next(): Promise<Iterators.NextResult<Iterators.KeyModification>> {
          const version = list[index];
          if (version === undefined) {
            return { value: end, done: true };
          }
          index += 1;
          return { value: version, done: false };
        },
        async close(): Promise<void> {
          index = list.length;
        },
      };
    });
    return Object.assign(iterator, {
      async *[Symbol.asyncIterator](): AsyncGenerator<Iterators.KeyModification> {
        yield* versions;
      },
    });
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (name === '') {
      throw new Error('Event name must be a non-empty string');
    }
    checkWriteEvent(name, payload);
    this.event = { name, payload: Buffer.from(payload) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    validateCompositeKeyAttribute(objectType);
    return attributes.reduce(
      (key, attribute) => {
        validateCompositeKeyAttribute(attribute);
        return key + attribute + MIN_UNICODE_RUNE;
      },
      COMPOSITE_KEY_NS + objectType + MIN_UNICODE_RUNE,
    );
  }

  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    if (compositeKey.length <= 1 || !compositeKey.startsWith(COMPOSITE_KEY_NS)) {
      // fabric-shim reports a null objectType here; the typings say string.
      return { objectType: '', attributes: [] };
    }
    const [objectType = '', ...rest] = compositeKey.slice(1).split(MIN_UNICODE_RUNE);
    rest.pop();
    return { objectType, attributes: rest };
  }

  private refuseWriteAfterPaginatedQuery(): void {
    if (this.paginatedQueryRun) {
      throw new Error('txsimulator: transaction with paginated queries cannot write');
    }
  }
}

function validateCompositeKeyAttribute(attribute: string): void {
  if (typeof attribute !== 'string' || attribute.length === 0) {
    throw new Error('object type or attribute not a non-zero length string');
  }
}

// The peer rejects empty keys and keys that are not valid UTF-8.
function validateStateKey(key: string): void {
  if (key === '') {
    throw new Error('key must not be an empty string');
  }
  if (/\p{Cs}/u.test(key)) {
    throw new Error('key is not valid UTF-8');
  }
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
}

/** Gives a result list both iterator shapes the real stub offers: await-then-next and for-await. */
function queryIterator(results: Promise<Iterators.KV[]>): QueryResult {
  const iterator = results.then((kvs): Iterators.StateQueryIterator => {
    let index = 0;
    return {
      async next(): Promise<Iterators.NextResult<Iterators.KV>> {
        const kv = kvs[index];
        if (kv === undefined) {
          return { value: { namespace: 'loulan', key: '', value: Buffer.alloc(0) }, done: true };
        }
        index += 1;
        return { value: kv, done: false };
      },
      async close(): Promise<void> {
        index = kvs.length;
      },
    };
  });
  // Callers that only use for-await never observe this promise; without a handler a failed
  // query would also surface as an unhandled rejection.
  iterator.catch(() => undefined);
  return Object.assign(iterator, {
    async *[Symbol.asyncIterator](): AsyncGenerator<Iterators.KV> {
      yield* await results;
    },
  });
}

/** The paginated twin of {@link queryIterator}: resolves to `{ iterator, metadata }`. */
function pagedIterator(result: Promise<{ kvs: Iterators.KV[]; bookmark: string }>): PagedQueryResult {
  const response = result.then(async ({ kvs, bookmark }): Promise<StateQueryResponse<Iterators.StateQueryIterator>> => ({
    iterator: await queryIterator(Promise.resolve(kvs)),
    metadata: { fetchedRecordsCount: kvs.length, bookmark },
  }));
  response.catch(() => undefined);
  return Object.assign(response, {
    async *[Symbol.asyncIterator](): AsyncGenerator<Iterators.KV> {
      yield* (await result).kvs;
    },
  });
}
