/**
 * Purchase throughput at one hot merchant through the REST gateway of a running network
 * (`make up`, then `make bench`). Prints figures; asserts nothing, so it never flakes.
 *
 * BENCH_PURCHASES (default 1000) purchases by distinct consumers, BENCH_CONCURRENCY
 * (default 100) in flight at a time; then BENCH_BATCHES (default 10) batches of
 * BENCH_BATCH_SIZE (default: the most a batch may carry, 80) purchases by distinct consumers (`POST
 * /v1/points/purchase-batches`), BENCH_BATCH_CONCURRENCY (default 4) in flight, compared with
 * the single purchases of the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MAX_PURCHASE_BATCH_LINES } from '@loulan/protocol';

import { metricSum, peerMetrics } from '../test/support/metrics';
import { STATE_DIR } from '../test/support/network';
import { newKey, numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../test/support/rest';

const PURCHASES = positiveInteger('BENCH_PURCHASES', 1000);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 100);
const BATCHES = positiveInteger('BENCH_BATCHES', 10);
const BATCH_SIZE = positiveInteger('BENCH_BATCH_SIZE', MAX_PURCHASE_BATCH_LINES);
const BATCH_CONCURRENCY = positiveInteger('BENCH_BATCH_CONCURRENCY', 4);
// Every purchase is 10 yuan by a new consumer: 10 points from the merchant.
const POINTS_PER_PURCHASE = 10;

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer`);
  }
  return value;
}

async function conflicts(): Promise<number> {
  const metrics = await peerMetrics('platform');
  return ['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT'].reduce(
    (sum, code) => sum + metricSum(metrics, 'ledger_transaction_count', 'chaincode="loulan', `validation_code="${code}"`),
    0,
  );
}

function gatewayRssMiB(): number {
  const pid = readFileSync(join(STATE_DIR, 'run/gateway.pid'), 'utf8').trim();
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((text) => text.startsWith('VmRSS:'));
  return Number(line?.replace(/\D/g, '') ?? 0) / 1024;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** Runs `send(index)` for every index below `count`, `concurrency` at a time; the latencies sorted, and the seconds it all took. */
async function load(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const sent = performance.now();
      await send(index);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { latencies: latencies.sort((a, b) => a - b), seconds };
}

/** The purchases a batch answer recorded; none unless it committed. */
function recordedOf(response: RestResponse): number {
  const { result } = response.body;
  return response.status === 200 && typeof result === 'object' && result !== null
    ? numberField(result as Record<string, unknown>, 'recorded')
    : 0;
}

/** The batched phase: committed purchases per second and batch latency, against the single purchases' `singleRate`. */
async function batchPhase(merchant: RestClient, singleRate: number): Promise<void> {
  const conflictsBefore = await conflicts();
  let recorded = 0;
  const failures: string[] = [];
  const { latencies, seconds } = await load(BATCHES, BATCH_CONCURRENCY, async (batch) => {
    const lines = Array.from({ length: BATCH_SIZE }, (_, line) => ({
      orderId: uniqueId(`bench-b${batch}-${line}`),
      consumer: uniqueId(`bench-bc-${batch}-${line}`),
      amountFen: 1_000,
    }));
    const response = await merchant.post('/v1/points/purchase-batches', { lines }, { idempotencyKey: newKey() });
    recorded += recordedOf(response);
    if (response.status !== 200) {
      failures.push(`${response.status} ${String(response.body.code)}`);
    }
  });
  const rate = recorded / seconds;

  console.log(`batches            ${BATCHES} × ${BATCH_SIZE} purchases (${BATCH_CONCURRENCY} in flight)`);
  // A batch runs much longer than a purchase: name what refused the first failure (the write deadline, say).
  const firstFailure = failures[0] === undefined ? '' : ` (first: ${failures[0]})`;
  console.log(`committed          ${recorded} purchases, failed batches ${failures.length}${firstFailure}`);
  console.log(
    `throughput         ${rate.toFixed(1)} purchases/s over ${seconds.toFixed(1)} s, ${(rate / singleRate).toFixed(1)}× the single purchases`,
  );
  console.log(`batch latency      p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms`);
  console.log(`read conflicts     ${(await conflicts()) - conflictsBefore} invalidated transactions`);
  console.log(`gateway memory     ${gatewayRssMiB().toFixed(0)} MiB resident`);
}

async function main(): Promise<void> {
  const admin = new RestClient(orgAdminKey('platform'));
  const merchantId = uniqueId('bench-merchant');
  const merchant = await registerMember(new RestClient(orgAdminKey('retail')), merchantId, 'merchant');
  const earned = (PURCHASES + BATCHES * BATCH_SIZE) * POINTS_PER_PURCHASE;
  await admin.post('/v1/points/mint', { points: earned + 50_000 });
  await admin.post('/v1/points/merchants', { merchantId, name: 'Bench shop', region: 'Beijing' });
  await admin.post('/v1/points/transfers', { to: merchantId, points: earned });

  const conflictsBefore = await conflicts();
  let failed = 0;
  const { latencies, seconds } = await load(PURCHASES, CONCURRENCY, async (index) => {
    const response = await merchant.post('/v1/points/purchases', {
      orderId: uniqueId(`bench-${index}`),
      consumer: uniqueId(`bench-c-${index}`),
      amountFen: 1_000,
    });
    failed += response.status === 200 ? 0 : 1;
  });

  console.log(`purchases          ${PURCHASES} (${CONCURRENCY} in flight)`);
  console.log(`committed          ${PURCHASES - failed}, failed ${failed}`);
  console.log(`throughput         ${(PURCHASES / seconds).toFixed(1)} purchases/s over ${seconds.toFixed(1)} s`);
  console.log(`latency            p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms`);
  console.log(`read conflicts     ${(await conflicts()) - conflictsBefore} invalidated transactions`);
  console.log(`gateway memory     ${gatewayRssMiB().toFixed(0)} MiB resident`);

  await batchPhase(merchant, (PURCHASES - failed) / seconds);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
