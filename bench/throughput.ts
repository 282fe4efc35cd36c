/**
 * Throughput of the running network (`make up`, then `make bench`), in one process, in this order:
 * the baseline (the raw write through the Fabric Gateway client), REST purchases spread over many
 * merchants and at one hot merchant, the raw write and REST purchases again at half their
 * saturation rate (open loop: the latency goal), then batched purchases at each batch size. Every phase prints
 * its rate, its ratio to the baseline of the same run, latency percentiles, read conflicts and
 * CPU per operation of every process; the run ends with every process's memory and is written to
 * `BENCH_REPORT_DIR/bench.json` and plotted to `bench.svg`. Figures only: it asserts nothing.
 *
 * Sizing (`BENCH_QUICK=1` for a run of about two minutes): BENCH_RAW, BENCH_PURCHASES,
 * BENCH_CONCURRENCY, BENCH_MERCHANTS, BENCH_BATCH_SIZES, BENCH_BATCH_PURCHASES,
 * BENCH_BATCH_LINES_IN_FLIGHT, BENCH_HALF_LOAD_SENDS (README "Benchmarks").
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MAX_PURCHASE_BATCH_LINES, MAX_SHELF_BATCH_LINES } from '@loulan/protocol';

import { gatewayEnv } from '../test/support/fabric';
import { metricSum, peerMetrics } from '../test/support/metrics';
import { STATE_DIR } from '../test/support/network';
import { newKey, numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../test/support/rest';
import { salesLines, shelfDevices } from '../test/support/shelf';
import { halfLoadPurchasesPhase, halfLoadRawPhase } from './support/half-load';
import { closedLoop, type LoadResult, openLoop, sequentialPerWorker } from './support/load';
import type { Phase } from './support/phase';
import { plotRun } from './support/plot';
import { sampleProcesses } from './support/processes';
import { connectRaw, putMarker } from './support/raw-fabric';
import { type PhaseResult, phaseResult, printMemory, printPhase, writeRun } from './support/report';

const QUICK = process.env.BENCH_QUICK === '1';
const RAW = positiveInteger('BENCH_RAW', QUICK ? 300 : 1000);
const PURCHASES = positiveInteger('BENCH_PURCHASES', QUICK ? 300 : 1000);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 100);
const MERCHANTS = positiveInteger('BENCH_MERCHANTS', 20);
const BATCH_SIZES = integerList('BENCH_BATCH_SIZES', QUICK ? [1, 10, MAX_PURCHASE_BATCH_LINES] : [1, 10, 50, MAX_PURCHASE_BATCH_LINES]);
const BATCH_PURCHASES = positiveInteger('BENCH_BATCH_PURCHASES', QUICK ? 320 : 1600);
const BATCH_LINES_IN_FLIGHT = positiveInteger('BENCH_BATCH_LINES_IN_FLIGHT', 320);
const SHELF_DEVICES = positiveInteger('BENCH_SHELF_DEVICES', QUICK ? 4 : 8);
const SHELF_BATCHES = positiveInteger('BENCH_SHELF_BATCHES', QUICK ? 1 : 3);
const SHELF_LINES = positiveInteger('BENCH_SHELF_LINES', MAX_SHELF_BATCH_LINES);
const HALF_LOAD_SENDS = positiveInteger('BENCH_HALF_LOAD_SENDS', QUICK ? 100 : 300);
const REPORT_DIR = process.env.BENCH_REPORT_DIR ?? join(STATE_DIR, 'bench');
// Every purchase is 10 yuan by a new consumer: 10 points from the merchant.
const POINTS_PER_PURCHASE = 10;
/**
 * What every bench merchant holds beyond the points its purchases take: a float of two full batches
 * in each of its 64 balance lanes once rebalanced, as a trading merchant keeps, so that a debit
 * rarely has to sweep other lanes (a sweep reads lanes that concurrent requests write:
 * docs/bench.md "Limits").
 */
const FLOAT_POINTS = 64 * 2 * MAX_PURCHASE_BATCH_LINES * POINTS_PER_PURCHASE;
/** The phases to run besides the baseline, e.g. `BENCH_PHASES=batches,shelf`. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'rest,batches,shelf').split(','));

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer`);
  }
  return value;
}

function integerList(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  const values = text === undefined ? fallback : text.split(',').map(Number);
  if (values.some((value) => !Number.isSafeInteger(value) || value < 1 || value > MAX_PURCHASE_BATCH_LINES)) {
    throw new Error(`${name} must list batch sizes from 1 to ${MAX_PURCHASE_BATCH_LINES}, comma-separated`);
  }
  return values;
}

async function conflicts(): Promise<number> {
  const metrics = await peerMetrics('platform');
  return ['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT'].reduce(
    (sum, code) => sum + metricSum(metrics, 'ledger_transaction_count', 'chaincode="loulan', `validation_code="${code}"`),
    0,
  );
}

function loadOf(phase: Phase, counted: (outcome: number | string) => string | undefined): Promise<LoadResult> {
  if (phase.perSecond !== undefined) {
    return openLoop(phase.sends, phase.perSecond, async (index) => counted(await phase.send(index)));
  }
  if (phase.sequentialPerSender === true) {
    const perSender = Math.ceil(phase.sends / phase.inFlight);
    return sequentialPerWorker(phase.inFlight, perSender, async (sender, n) => counted(await phase.send(n * phase.inFlight + sender)));
  }
  return closedLoop(phase.sends, phase.inFlight, async (index) => counted(await phase.send(index)));
}

/** Runs a phase, prints its row and returns it. */
async function run(phase: Phase, baselineRate: number | undefined): Promise<PhaseResult> {
  const conflictsBefore = await conflicts();
  const before = sampleProcesses();
  let operations = 0;
  const load = await loadOf(phase, (outcome) => {
    if (typeof outcome === 'string') {
      return outcome;
    }
    operations += outcome;
    return undefined;
  });
  const after = sampleProcesses();
  const figures = { ...phase, operations, load, conflicts: (await conflicts()) - conflictsBefore, before, after };
  const result = phaseResult(figures, baselineRate);
  printPhase(result, load);
  return result;
}

function failureOf(response: RestResponse): string {
  return `${response.status} ${String(response.body.code)}`;
}

/**
 * A write of the set-up, retried with the same Idempotency-Key (so applied once) while it meets
 * the conflicts of concurrent set-up writes.
 */
async function setUpWrite(client: RestClient, path: string, body: Record<string, unknown> | undefined): Promise<void> {
  const idempotencyKey = newKey();
  for (let attempt = 1; ; attempt++) {
    const response = await client.post(path, body, { idempotencyKey });
    if (response.status === 200) {
      return;
    }
    if (attempt === 5 || (response.status !== 409 && response.status !== 503)) {
      throw new Error(`set-up ${path} answered ${failureOf(response)}`);
    }
  }
}

/** A registered merchant holding the points of `purchases` purchases. */
async function fundedMerchant(name: string, purchases: number): Promise<RestClient> {
  const admin = new RestClient(orgAdminKey('platform'));
  const merchantId = uniqueId(`bench-${name}`);
  const merchant = await registerMember(new RestClient(orgAdminKey('retail')), merchantId, 'merchant');
  const points = purchases * POINTS_PER_PURCHASE + FLOAT_POINTS;
  await setUpWrite(admin, '/v1/points/mint', { points: points + 50_000 });
  await setUpWrite(admin, '/v1/points/merchants', { merchantId, name: 'Bench shop', region: 'Beijing' });
  await setUpWrite(admin, '/v1/points/transfers', { to: merchantId, points });
  // A transfer credits one lane; spread the float over all 64, as a merchant does before trading.
  await setUpWrite(merchant, '/v1/points/rebalance', undefined);
  return merchant;
}

/** Merchants set up a few at a time: the platform admin's writes all debit the treasury. */
async function fundedMerchants(count: number, purchasesEach: number): Promise<RestClient[]> {
  const merchants: RestClient[] = [];
  for (let start = 0; start < count; start += 4) {
    const names = Array.from({ length: Math.min(4, count - start) }, (_, i) => `spread-${start + i}`);
    merchants.push(...(await Promise.all(names.map((name) => fundedMerchant(name, purchasesEach)))));
  }
  return merchants;
}

function baselinePhase(): Phase & { close(): void } {
  const raw = connectRaw();
  return {
    phase: 'baseline: system:PutMarker through the Fabric Gateway client',
    unit: 'transactions',
    parameters: { sends: RAW, inFlight: CONCURRENCY },
    sends: RAW,
    inFlight: CONCURRENCY,
    send: async (index) => (await putMarker(raw.contract, uniqueId(`bench-marker-${index}`))) ?? 1,
    close: () => {
      raw.close();
    },
  };
}

function purchasesPhase(name: string, tag: string, merchants: readonly RestClient[]): Phase {
  return {
    phase: name,
    unit: 'purchases',
    parameters: { sends: PURCHASES, inFlight: CONCURRENCY, merchants: merchants.length },
    sends: PURCHASES,
    inFlight: CONCURRENCY,
    send: async (index) => {
      const merchant = merchants[index % merchants.length];
      if (merchant === undefined) {
        throw new Error('a purchase phase needs a merchant');
      }
      const body = { orderId: uniqueId(`bench-${tag}-${index}`), consumer: uniqueId(`bench-${tag}-c${index}`), amountFen: 1_000 };
      const response = await merchant.post('/v1/points/purchases', body);
      return response.status === 200 ? 1 : failureOf(response);
    },
  };
}

function batchPhase(merchant: RestClient, size: number): Phase {
  const sends = Math.ceil(BATCH_PURCHASES / size);
  const inFlight = Math.max(2, Math.min(CONCURRENCY, Math.ceil(BATCH_LINES_IN_FLIGHT / size)));
  return {
    phase: `batched purchases, ${size} per batch`,
    unit: 'purchases',
    parameters: { batchSize: size, sends, inFlight },
    sends,
    inFlight,
    send: async (batch) => {
      const lines = Array.from({ length: size }, (_, line) => ({
        orderId: uniqueId(`bench-b${size}-${batch}-${line}`),
        consumer: uniqueId(`bench-bc-${size}-${batch}-${line}`),
        amountFen: 1_000,
      }));
      const response = await merchant.post('/v1/points/purchase-batches', { lines }, { idempotencyKey: newKey() });
      const { result } = response.body;
      return response.status === 200 && typeof result === 'object' && result !== null
        ? numberField(result as Record<string, unknown>, 'recorded')
        : failureOf(response);
    },
  };
}

function shelfPhase(devices: readonly RestClient[]): Phase {
  return {
    phase: `shelf sales, ${SHELF_LINES} lines per batch`,
    unit: 'sale lines',
    parameters: { devices: devices.length, batchesPerDevice: SHELF_BATCHES, linesPerBatch: SHELF_LINES },
    sends: devices.length * SHELF_BATCHES,
    inFlight: devices.length,
    sequentialPerSender: true,
    send: async (index) => {
      const device = devices[index % devices.length];
      if (device === undefined) {
        throw new Error('a shelf phase needs a device');
      }
      const response = await device.post('/v1/shelf/sales', { lines: salesLines(uniqueId(`bench-sale-${index}`), SHELF_LINES) });
      const recorded = (response.body.result as { recorded?: unknown } | undefined)?.recorded;
      return response.status === 200 && Array.isArray(recorded) ? recorded.length : failureOf(response);
    },
  };
}

/** The ordering type the running network was created with (network/lib.sh `consensus_type`). */
function consensusOfNetwork(): string {
  const saved = join(STATE_DIR, 'consensus');
  return existsSync(saved) ? readFileSync(saved, 'utf8').trim() : 'bft';
}

/** The ratios the goals are stated in (docs/bench.md), of the phases that ran. */
function printSummary(phases: readonly PhaseResult[]): void {
  const find = (prefix: string): PhaseResult | undefined => phases.find((p) => p.phase.startsWith(prefix));
  const [raw, spread, hot] = [find('baseline:'), find('REST purchases, spread'), find('REST purchases, one hot')];
  const [halfRaw, halfRest] = [find('baseline at half'), find('REST purchases at half')];
  const batches = phases.filter((p) => p.parameters.batchSize !== undefined);
  const lines: string[] = [];
  if (raw !== undefined && spread !== undefined && hot !== undefined) {
    lines.push(`single REST purchase: ${(spread.rate / raw.rate).toFixed(2)} × baseline`);
    lines.push(`hot merchant: ${(hot.rate / spread.rate).toFixed(2)} × spread merchants`);
  }
  if (halfRaw !== undefined && halfRest !== undefined) {
    const ratio = (halfRest.latencyMs.p50 / halfRaw.latencyMs.p50).toFixed(2);
    const added = (halfRest.gatewayAddedMsP50 ?? Number.NaN).toFixed(1);
    lines.push(`latency at half load: REST purchase p50 ${ratio} × the raw write's; the gateway adds p50 ${added} ms`);
  }
  if (batches.length > 0) {
    const best = Math.max(...batches.map((p) => p.rate));
    const single = spread === undefined ? '' : ` = ${(best / spread.rate).toFixed(1)} × single REST purchases`;
    lines.push(`best batched rate: ${best.toFixed(1)} purchases/s${single}`);
  }
  console.log(`\n${lines.join('\n')}`);
}

/** Warns when the running gateway's rate limit would refuse part of the load with 429. */
function warnOfRateLimit(): void {
  const limit = Number(gatewayEnv().LOULAN_RATE_LIMIT_MAX ?? 600);
  if (limit < 100 * CONCURRENCY) {
    console.warn(
      `warning: the gateway allows ${limit} requests per 10 s per member; restart it with a higher LOULAN_RATE_LIMIT_MAX (docs/bench.md)`,
    );
  }
}

async function main(): Promise<void> {
  warnOfRateLimit();
  const started = new Date().toISOString();
  const batchLines = BATCH_SIZES.reduce((sum, size) => sum + Math.ceil(BATCH_PURCHASES / size) * size, 0);
  const spread = PHASES.has('rest') ? await fundedMerchants(MERCHANTS, Math.ceil(PURCHASES / MERCHANTS)) : [];
  const hot = await fundedMerchant('hot', PURCHASES + batchLines);
  const devices = PHASES.has('shelf') ? await shelfDevices(SHELF_DEVICES) : [];
  console.log(`Loulan bench: ${QUICK ? 'quick' : 'full'} run, ${CONCURRENCY} in flight, report in ${REPORT_DIR}`);

  const baseline = baselinePhase();
  const phases: PhaseResult[] = [await run(baseline, undefined)];
  baseline.close();
  const baselineRate = phases[0]?.rate;
  if (PHASES.has('rest')) {
    const spreadResult = await run(purchasesPhase('REST purchases, spread over merchants', 'spread', spread), baselineRate);
    phases.push(spreadResult);
    phases.push(await run(purchasesPhase('REST purchases, one hot merchant', 'hot', [hot]), baselineRate));
    const halfRaw = halfLoadRawPhase(HALF_LOAD_SENDS, (baselineRate ?? 0) / 2);
    phases.push(await run(halfRaw, baselineRate));
    halfRaw.close();
    phases.push(await run(halfLoadPurchasesPhase(HALF_LOAD_SENDS, spreadResult.rate / 2, spread), baselineRate));
  }
  for (const size of PHASES.has('batches') ? BATCH_SIZES : []) {
    phases.push(await run(batchPhase(hot, size), baselineRate));
  }
  if (PHASES.has('shelf')) {
    phases.push(await run(shelfPhase(devices), baselineRate));
  }
  printMemory(sampleProcesses());

  printSummary(phases);
  const json = writeRun(REPORT_DIR, { started, consensus: consensusOfNetwork(), phases });
  console.log(`\nwritten: ${json}, ${await plotRun(REPORT_DIR, phases)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
