/**
 * The figures of a bench run: one row per phase, printed as it ends, and the whole run as JSON
 * (for docs/bench.md and the plot).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { failureCount, type LoadResult, percentile } from './load';
import { cpuMsPerOperation, type Sample } from './processes';

/** What one phase measured. */
export interface PhaseResult {
  readonly phase: string;
  /** Operations counted by `rate`: transactions, purchases or sale lines. */
  readonly unit: string;
  readonly operations: number;
  readonly failed: number;
  readonly seconds: number;
  readonly rate: number;
  /** `rate` over the baseline's rate in the same run. */
  readonly ratio: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  /** Transactions the platform peer invalidated for read conflicts during the phase. */
  readonly conflicts: number;
  /** CPU milliseconds per operation, by process. */
  readonly cpuMs: Readonly<Record<string, number>>;
  /** Resident memory at the end of the phase, MiB, by process. */
  readonly rssMiB: Readonly<Record<string, number>>;
  /** Sizing of the phase, e.g. `{ batchSize: 50, inFlight: 8 }`. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Median of what the gateway added to each write's Fabric call (its `Server-Timing`), for REST phases that measure it. */
  readonly gatewayAddedMsP50?: number;
}

/** Everything a phase hands to {@link phaseResult}. */
export interface PhaseFigures {
  readonly phase: string;
  readonly unit: string;
  /** Operations that committed. */
  readonly operations: number;
  readonly load: LoadResult;
  readonly conflicts: number;
  readonly before: Sample;
  readonly after: Sample;
  readonly parameters: Readonly<Record<string, number>>;
  /** Per write, the client's latency less the Fabric call's `Server-Timing`, when measured. */
  readonly gatewayAddedMs?: readonly number[];
}

/**
 * @param figures - what the phase measured
 * @param baselineRate - the baseline's rate, or undefined for the baseline itself
 * @returns the phase's row
 */
export function phaseResult(figures: PhaseFigures, baselineRate: number | undefined): PhaseResult {
  const { load } = figures;
  const rate = figures.operations / load.seconds;
  return {
    phase: figures.phase,
    unit: figures.unit,
    operations: figures.operations,
    failed: failureCount(load),
    seconds: load.seconds,
    rate,
    ratio: rate / (baselineRate ?? rate),
    latencyMs: { p50: percentile(load.latenciesMs, 0.5), p95: percentile(load.latenciesMs, 0.95), p99: percentile(load.latenciesMs, 0.99) },
    conflicts: figures.conflicts,
    cpuMs: Object.fromEntries(cpuMsPerOperation(figures.before, figures.after, figures.operations)),
    rssMiB: Object.fromEntries([...figures.after].map(([name, sample]) => [name, sample.rssMiB])),
    parameters: figures.parameters,
    ...(figures.gatewayAddedMs === undefined
      ? {}
      : {
          gatewayAddedMsP50: percentile(
            [...figures.gatewayAddedMs].sort((a, b) => a - b),
            0.5,
          ),
        }),
  };
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

/** Prints a phase's row, its failures, and where its CPU went. */
export function printPhase(result: PhaseResult, load: LoadResult): void {
  const { latencyMs: l } = result;
  const sizing = Object.entries(result.parameters)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  console.log(`\n${result.phase}  (${sizing})`);
  console.log(
    `  ${fixed(result.rate)} ${result.unit}/s = ${fixed(result.ratio, 2)} × baseline; ${result.operations} committed, ${result.failed} failed, ${result.conflicts} read conflicts`,
  );
  console.log(`  latency p50 ${fixed(l.p50, 0)} ms, p95 ${fixed(l.p95, 0)} ms, p99 ${fixed(l.p99, 0)} ms over ${fixed(result.seconds)} s`);
  if (result.gatewayAddedMsP50 !== undefined) {
    console.log(`  the gateway added p50 ${fixed(result.gatewayAddedMsP50)} ms to the Fabric call (its Server-Timing)`);
  }
  for (const [label, count] of load.failures) {
    console.log(`  failure: ${label} × ${count}`);
  }
  const cpu = Object.entries(result.cpuMs).filter(([, ms]) => ms >= 0.05);
  const total = cpu.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`  CPU per 1,000 ${result.unit}: ${fixed(total)} s in all; ${cpu.map(([name, ms]) => `${name} ${fixed(ms)}`).join(', ')}`);
}

/** Prints the resident memory of every process at the end of the run. */
export function printMemory(sample: Sample): void {
  const rows = [...sample].map(([name, s]) => `${name} ${fixed(s.rssMiB, 0)}`);
  console.log(`\nresident memory (MiB): ${rows.join(', ')}`);
}

/** The machine the figures were measured on. */
export function machine(): { cpus: number; model: string; memoryGiB: number } {
  const all = cpus();
  return { cpus: all.length, model: all[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

/**
 * Writes the run as `bench.json` in `dir`.
 *
 * @returns the file's path
 */
export function writeRun(dir: string, run: { started: string; consensus: string; phases: readonly PhaseResult[] }): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'bench.json');
  writeFileSync(path, `${JSON.stringify({ machine: machine(), ...run }, null, 2)}\n`);
  return path;
}
