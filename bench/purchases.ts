/**
 * Purchase throughput at one hot merchant through the REST gateway of a running network
 * (`make up`, then `make bench`). Prints figures; asserts nothing, so it never flakes.
 *
 * BENCH_PURCHASES (default 1000) purchases by distinct consumers, BENCH_CONCURRENCY
 * (default 100) in flight at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { metricSum, peerMetrics } from '../test/support/metrics';
import { STATE_DIR } from '../test/support/network';
import { orgAdminKey, registerMember, RestClient, uniqueId } from '../test/support/rest';

const PURCHASES = positiveInteger('BENCH_PURCHASES', 1000);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 100);

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

async function main(): Promise<void> {
  const admin = new RestClient(orgAdminKey('platform'));
  const merchantId = uniqueId('bench-merchant');
  const merchant = await registerMember(new RestClient(orgAdminKey('retail')), merchantId, 'merchant');
  await admin.post('/v1/points/mint', { points: PURCHASES * 10 + 50_000 });
  await admin.post('/v1/points/merchants', { merchantId, name: 'Bench shop', region: 'Beijing' });
  await admin.post('/v1/points/transfers', { to: merchantId, points: PURCHASES * 10 });

  const conflictsBefore = await conflicts();
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let index = next++; index < PURCHASES; index = next++) {
      const sent = performance.now();
      const response = await merchant.post('/v1/points/purchases', {
        orderId: uniqueId(`bench-${index}`),
        consumer: uniqueId(`bench-c-${index}`),
        amountFen: 1_000,
      });
      latencies.push(performance.now() - sent);
      failed += response.status === 200 ? 0 : 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);

  console.log(`purchases          ${PURCHASES} (${CONCURRENCY} in flight)`);
  console.log(`committed          ${PURCHASES - failed}, failed ${failed}`);
  console.log(`throughput         ${(PURCHASES / seconds).toFixed(1)} purchases/s over ${seconds.toFixed(1)} s`);
  console.log(`latency            p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms`);
  console.log(`read conflicts     ${(await conflicts()) - conflictsBefore} invalidated transactions`);
  console.log(`gateway memory     ${gatewayRssMiB().toFixed(0)} MiB resident`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
