import { AppError } from '../errors';
import type { ReadModelStore } from './store';

/** The read model has not indexed a block the chain already holds, within the time a request may wait (HTTP 503). */
export class ReadModelBehindError extends AppError {
  override readonly name = 'ReadModelBehindError';

  constructor(indexedBlock: bigint | null, wantedBlock: bigint) {
    super('READ_MODEL_BEHIND', `the read model has not yet indexed block ${wantedBlock}; retry shortly`, {
      details: { indexedBlock: indexedBlock === null ? null : indexedBlock.toString(), wantedBlock: wantedBlock.toString() },
    });
  }
}

/** How long {@link waitForBlock} waits, and its clock (injectable so tests need not sleep). */
export interface FreshnessOptions {
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** Default wait: a listener that follows the chain is milliseconds behind; a longer lag is an outage or a rebuild. */
export const DEFAULT_FRESHNESS: FreshnessOptions = { timeoutMs: 10_000 };

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

/**
 * Waits until the read model's checkpoint reaches `block`, polling the store (one indexed row), so that
 * an answer from the read model includes every block the chain held when the request came in — a
 * member reads its own writes.
 *
 * @param store - the read model
 * @param block - the block to wait for (the chain height at request time, minus 1)
 * @param options - how long to wait
 * @throws {@link ReadModelBehindError} when the checkpoint is still below `block` after `timeoutMs`
 */
export async function waitForBlock(store: Pick<ReadModelStore, 'checkpoint'>, block: bigint, options: FreshnessOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.timeoutMs;
  let pause = FIRST_POLL_MS;
  for (;;) {
    const checkpoint = await store.checkpoint();
    if (checkpoint !== null && checkpoint.block >= block) {
      return;
    }
    const left = deadline - now();
    if (left <= 0) {
      throw new ReadModelBehindError(checkpoint?.block ?? null, block);
    }
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}
