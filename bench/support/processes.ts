/**
 * CPU time and resident memory of every process of the running network, read from /proc: each
 * node runs in its own session (network/lib.sh `launch_process`), whose leader's pid is in
 * `.loulan/run/<name>.pid`, so a node's figures are the sums over its session (a chaincode's
 * wrapper shell and node process together, say). The load client is this process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { STATE_DIR } from '../../test/support/network';

/** Clock ticks per second of /proc/<pid>/stat's CPU fields (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;
/** Name of the bench's own process in every sample. */
export const LOAD_CLIENT = 'load-client';

/** One process group's CPU seconds so far and its resident memory now. */
export interface ProcessSample {
  readonly cpuSeconds: number;
  readonly rssMiB: number;
}

/** A sample of every node, by node name. */
export type Sample = ReadonlyMap<string, ProcessSample>;

interface ProcStat {
  readonly session: number;
  readonly cpuTicks: number;
  readonly rssPages: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // stat(5): session is field 6, utime 14, stime 15, rss 24; `fields` starts at field 3.
    return { session: Number(fields[3]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) };
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function nodeSessions(): Map<number, string> {
  const runDir = join(STATE_DIR, 'run');
  const sessions = new Map<number, string>();
  for (const file of readdirSync(runDir).filter((name) => name.endsWith('.pid'))) {
    sessions.set(Number(readFileSync(join(runDir, file), 'utf8').trim()), file.slice(0, -'.pid'.length));
  }
  return sessions;
}

/** @returns every node's CPU seconds and RSS now, plus the load client's */
export function sampleProcesses(): Sample {
  const sessions = nodeSessions();
  const totals = new Map<string, { ticks: number; pages: number }>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const stat = readStat(pid);
    const name = stat === undefined ? undefined : sessions.get(stat.session);
    if (stat !== undefined && name !== undefined) {
      const sum = totals.get(name) ?? { ticks: 0, pages: 0 };
      totals.set(name, { ticks: sum.ticks + stat.cpuTicks, pages: sum.pages + stat.rssPages });
    }
  }
  const sample = new Map<string, ProcessSample>();
  for (const [name, { ticks, pages }] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    sample.set(name, { cpuSeconds: ticks / TICKS_PER_SECOND, rssMiB: (pages * PAGE_BYTES) / 2 ** 20 });
  }
  const own = process.cpuUsage();
  sample.set(LOAD_CLIENT, { cpuSeconds: (own.user + own.system) / 1e6, rssMiB: process.memoryUsage().rss / 2 ** 20 });
  return sample;
}

/**
 * @param before - a sample at the start of a phase
 * @param after - a sample at its end
 * @param operations - what the phase did
 * @returns CPU milliseconds per operation of every process, by name
 */
export function cpuMsPerOperation(before: Sample, after: Sample, operations: number): Map<string, number> {
  const perOperation = new Map<string, number>();
  for (const [name, end] of after) {
    const start = before.get(name)?.cpuSeconds ?? 0;
    perOperation.set(name, operations === 0 ? 0 : ((end.cpuSeconds - start) * 1000) / operations);
  }
  return perOperation;
}
