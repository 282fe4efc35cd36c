/**
 * The coupon exchange matcher on a large book, in memory (no network needed: `make bench-matcher`).
 * Plans the book on the matcher's worker thread as the gateway does, within the gateway's default
 * budget, while a probe timer on the event loop stands in for `/healthz`; then, for contrast, plans
 * the same book on the event loop itself. Prints figures; asserts nothing, so it never flakes.
 *
 * BENCH_MATCHER_ORDERS (default 10000) orders over BENCH_MATCHER_CLASSES (default 50) coupon classes,
 * placed by BENCH_MATCHER_OWNERS (default 2000) members (the book of gateway/test/support/order-books.ts).
 * Targets: planned in under 5 s, probe p99 at most 50 ms while the thread plans.
 */
import { MatchWorker } from '../gateway/src/coupons/match-worker';
import { DEFAULT_MATCH_BUDGET, type MatchPlan, planMatchesWithin } from '../gateway/src/coupons/matcher';
import { marketBook } from '../gateway/test/support/order-books';

const ORDERS = positiveInteger('BENCH_MATCHER_ORDERS', 10_000);
const CLASSES = positiveInteger('BENCH_MATCHER_CLASSES', 50);
const OWNERS = positiveInteger('BENCH_MATCHER_OWNERS', 2_000);
/** How often the probe asks the event loop to run it. */
const PROBE_INTERVAL_MS = 5;

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer`);
  }
  return value;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/**
 * Runs `work` while a timer fires every {@link PROBE_INTERVAL_MS}; a probe's latency is how late it ran,
 * which is how long a request arriving then would have waited for the event loop.
 */
async function probed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  let running = true;
  const probe = async (): Promise<void> => {
    while (running) {
      const due = performance.now() + PROBE_INTERVAL_MS;
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
      latencies.push(Math.max(0, performance.now() - due));
    }
  };
  const probing = probe();
  // Let the probe fire once before the work starts, so a blocked event loop shows in its figures.
  await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS * 2));
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  running = false;
  await probing;
  return { result, ms, latencies: latencies.sort((a, b) => a - b) };
}

function describe(label: string, plan: MatchPlan, ms: number, latencies: readonly number[]): void {
  const byHops = [2, 3, 4].map((hops) => plan.matches.filter((match) => match.hops === hops).length);
  const matched = plan.matches.reduce((sum, match) => sum + match.hops, 0);
  console.log(label);
  console.log(
    `  planned            ${(ms / 1000).toFixed(2)} s (search ${(plan.elapsedMs / 1000).toFixed(2)} s, ${plan.candidates} candidates)`,
  );
  console.log(`  rings              ${plan.matches.length} (${byHops.join(' / ')} of 2 / 3 / 4 orders), ${matched} orders matched`);
  console.log(`  cut short by       ${plan.cutShortBy ?? 'nothing (complete plan)'}`);
  console.log(
    `  probe latency      p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${(latencies[latencies.length - 1] ?? 0).toFixed(1)} ms over ${latencies.length} probes`,
  );
}

async function main(): Promise<void> {
  const { orders, values } = marketBook({ orders: ORDERS, classes: CLASSES, owners: OWNERS, seed: 1 });
  console.log(`book               ${ORDERS} orders, ${CLASSES} classes, ${OWNERS} owners`);
  console.log(
    `budget             ${DEFAULT_MATCH_BUDGET.timeMs} ms, ${DEFAULT_MATCH_BUDGET.candidates} candidates (the gateway's defaults)`,
  );

  const worker = new MatchWorker();
  const threadStarted = performance.now();
  await worker.plan([], values, DEFAULT_MATCH_BUDGET);
  console.log(`thread start       ${(performance.now() - threadStarted).toFixed(0)} ms`);

  const onThread = await probed(() => worker.plan(orders, values, DEFAULT_MATCH_BUDGET));
  describe('on the worker thread (the gateway)', onThread.result, onThread.ms, onThread.latencies);
  await worker.close();

  const onLoop = await probed(async () => planMatchesWithin(orders, values, DEFAULT_MATCH_BUDGET));
  describe('on the event loop (for contrast)', onLoop.result, onLoop.ms, onLoop.latencies);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
