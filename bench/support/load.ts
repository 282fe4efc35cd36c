/**
 * Load of a fixed number of operations: closed-loop (a fixed number in flight, each worker sending
 * the next as soon as its previous one is answered) or open-loop (sent at a fixed rate, however
 * long the answers take, as independent clients do).
 */

/** What a load run measured. */
export interface LoadResult {
  /** Latency of every operation, ascending, in milliseconds. */
  readonly latenciesMs: readonly number[];
  readonly seconds: number;
  /** Failed operations by label (e.g. `503 NETWORK_UNAVAILABLE`). */
  readonly failures: ReadonlyMap<string, number>;
}

/**
 * Sends operation `index` for every index below `count`, `concurrency` at a time.
 *
 * @param send - resolves to undefined on success, or a label of the failure
 */
export async function closedLoop(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<string | undefined>,
): Promise<LoadResult> {
  let next = 0;
  return timedWorkers(Math.min(concurrency, count), async (timed) => {
    for (let index = next++; index < count; index = next++) {
      await timed(() => send(index));
    }
  });
}

/**
 * Runs `workers` senders side by side, each sending its `perWorker` operations one after the
 * other: a client that must not race itself, such as a shelf device sending its batches in order.
 *
 * @param send - operation `n` of worker `worker`; resolves as for {@link closedLoop}
 */
export async function sequentialPerWorker(
  workers: number,
  perWorker: number,
  send: (worker: number, n: number) => Promise<string | undefined>,
): Promise<LoadResult> {
  let nextWorker = 0;
  return timedWorkers(workers, async (timed) => {
    const worker = nextWorker++;
    for (let n = 0; n < perWorker; n++) {
      await timed(() => send(worker, n));
    }
  });
}

/**
 * Sends operation `index` for every index below `count`, one every 1/`perSecond` seconds whether
 * or not the earlier ones were answered.
 *
 * @param send - resolves as for {@link closedLoop}
 */
export async function openLoop(
  count: number,
  perSecond: number,
  send: (index: number) => Promise<string | undefined>,
): Promise<LoadResult> {
  const intervalMs = 1000 / perSecond;
  return timedWorkers(1, async (timed) => {
    const started = performance.now();
    const sent: Promise<void>[] = [];
    for (let index = 0; index < count; index++) {
      const wait = started + index * intervalMs - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      sent.push(timed(() => send(index)));
    }
    await Promise.all(sent);
  });
}

type Timed = (operation: () => Promise<string | undefined>) => Promise<void>;

async function timedWorkers(workers: number, body: (timed: Timed) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const timed: Timed = async (operation) => {
    const sent = performance.now();
    const failure = await operation();
    latencies.push(performance.now() - sent);
    if (failure !== undefined) {
      failures.set(failure, (failures.get(failure) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => body(timed)));
  return { latenciesMs: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, failures };
}

/**
 * @param sorted - ascending values
 * @param fraction - 0.5 for the median
 * @returns the value at that rank (0 for no values)
 */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** @returns how many operations failed in all */
export function failureCount(result: LoadResult): number {
  return [...result.failures.values()].reduce((a, b) => a + b, 0);
}
