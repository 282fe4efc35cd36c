import type { common } from '@hyperledger/fabric-protos';

import type { Logger } from '../logger';
import { decodeBlock } from './decode';
import { rowsOfBlock } from './rows';
import type { ReadModelStore } from './store';

/** A stream of committed blocks that can be closed from outside (fabric-gateway's CloseableAsyncIterable). */
export interface BlockStream extends AsyncIterable<common.Block> {
  close(): void;
}

/** Opens a stream of full blocks starting at `startBlock`. */
export type BlockSource = (startBlock: bigint) => Promise<BlockStream>;

/** Options of {@link ReadModelListener}. */
export interface ListenerOptions {
  readonly source: BlockSource;
  readonly store: ReadModelStore;
  /** Chaincode namespace whose writes and events are indexed. */
  readonly namespace: string;
  readonly logger: Logger;
  /** First and longest pause before reconnecting after an error. */
  readonly retryMs?: { readonly first: number; readonly max: number };
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY = { first: 1_000, max: 30_000 };
// Shutdown must not hang on a peer that never answers the stream request; a block in the middle of being
// stored is one SQLite transaction, far shorter than this.
const STOP_WAIT_MS = 2_000;

/**
 * Keeps the read model up to date: reads blocks from the checkpoint on, stores each block's rows together
 * with the new checkpoint, and reconnects from the checkpoint after any error. The store ignores blocks at
 * or below the checkpoint, so a stream that replays a block after a reconnect writes nothing twice.
 */
export class ReadModelListener {
  private running = false;
  private stream: BlockStream | undefined;
  private loop: Promise<void> | undefined;
  private rebuildWaiters: (() => void)[] = [];
  private wakeUp: (() => void) | undefined;
  private latestSeen: bigint | null = null;
  private readonly appliedListeners = new Set<(block: bigint) => void>();

  constructor(private readonly options: ListenerOptions) {}

  /** Starts listening in the background; a second call does nothing. */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.loop = this.run();
  }

  /** Stops listening and waits (briefly) for the block being stored, if any. */
  async stop(): Promise<void> {
    this.running = false;
    this.stream?.close();
    this.wakeUp?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_WAIT_MS);
      timer.unref();
    });
    await Promise.race([this.loop, timeout]);
    clearTimeout(timer);
  }

  /**
   * Empties the read model and replays the chain from block 0. Resolves once the tables are empty; the
   * replay then continues in the background. The listener loop does the clearing itself, between two
   * blocks, so no block being stored can land after the clear with a checkpoint that skips the replay.
   */
  rebuild(): Promise<void> {
    const cleared = new Promise<void>((resolve) => this.rebuildWaiters.push(resolve));
    this.stream?.close();
    this.wakeUp?.();
    return cleared;
  }

  /**
   * Calls `listener` with each block's number once the block is stored (the event stream waits on it).
   *
   * @returns the call that stops it
   */
  onApplied(listener: (block: bigint) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** Number of the newest block the listener has received, or null before the first. */
  latestBlock(): bigint | null {
    return this.latestSeen;
  }

  private async run(): Promise<void> {
    const retry = this.options.retryMs ?? DEFAULT_RETRY;
    let pause = retry.first;
    while (this.running) {
      try {
        await this.clearIfAsked();
        await this.follow();
        pause = retry.first;
      } catch (err) {
        if (this.stopped()) {
          break;
        }
        if (this.rebuildWaiters.length > 0) {
          continue;
        }
        this.options.logger.warn({ err, retryInMs: pause }, 'read model listener failed; reconnecting');
        await this.pause(pause);
        pause = Math.min(pause * 2, retry.max);
      }
    }
  }

  /**
   * Whether `stop()` was called. A call rather than a read of `this.running` where the loop tested it:
   * the flag changes during awaits, which the type checker's narrowing of the field does not see.
   */
  private stopped(): boolean {
    return !this.running;
  }

  private async follow(): Promise<void> {
    const checkpoint = await this.options.store.checkpoint();
    const stream = await this.options.source(checkpoint === null ? 0n : checkpoint.block + 1n);
    this.stream = stream;
    try {
      for await (const block of stream) {
        if (!this.running || this.rebuildWaiters.length > 0) {
          break;
        }
        const decoded = decodeBlock(block, this.options.namespace);
        this.latestSeen = decoded.number;
        await this.options.store.applyBlock(rowsOfBlock(decoded));
        this.appliedListeners.forEach((listener) => {
          listener(decoded.number);
        });
      }
    } finally {
      stream.close();
      this.stream = undefined;
    }
  }

  private async clearIfAsked(): Promise<void> {
    if (this.rebuildWaiters.length === 0) {
      return;
    }
    const waiters = this.rebuildWaiters;
    this.rebuildWaiters = [];
    await this.options.store.clear();
    this.latestSeen = null;
    this.options.logger.info('read model cleared; replaying from block 0');
    waiters.forEach((resolve) => {
      resolve();
    });
  }

  private pause(ms: number): Promise<void> {
    if (this.options.sleep !== undefined) {
      return this.options.sleep(ms);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
