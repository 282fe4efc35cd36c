/**
 * Plans exchange matches on a worker thread (`node:worker_threads`), so that searching a large book
 * never blocks the gateway's event loop: requests, `/healthz` included, keep being answered meanwhile.
 *
 * One long-lived thread, started on first use and unreferenced while idle, so it never keeps the
 * process alive. A thread that crashes, or does not answer within its time budget plus a grace period,
 * is terminated; the next plan starts a new one.
 *
 * This module is also the thread's entry point: loaded on a thread started by {@link MatchWorker}, it
 * answers plan requests. From compiled JavaScript (dist/) the thread loads this file directly; from
 * TypeScript sources (ts-jest) it first installs a loader that transpiles `.ts` files with the
 * TypeScript compiler, which Node 20 cannot run by itself.
 */

import { isMainThread, type MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';

import { type BookOrder, type MatchBudget, type MatchPlan, planMatchesWithin } from './matcher';

/** Tells this module, loaded on a thread, that it was started to serve plans. */
const THREAD_ROLE = 'loulan-coupon-matcher';

/**
 * Extra time a thread gets beyond its time budget before it is terminated: the budget is checked
 * every few microseconds of searching, so only a thread stuck outside the search (or far slower than
 * expected at copying and indexing the book) overstays it.
 */
export const DEFAULT_GRACE_MS = 5_000;

// Loads TypeScript sources on the thread: a CommonJS loader for `.ts` built on `ts.transpileModule`.
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const ts = require(workerData.typescript);
require.extensions['.ts'] = (module, filename) => {
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: options }).outputText, filename);
};
require(workerData.entry);
`;

/** Plans matches for the matcher service; {@link MatchWorker} off the event loop, tests may pass another. */
export interface MatchPlanner {
  /**
   * Plans disjoint rings of `orders` within `budget` (see {@link planMatchesWithin}).
   *
   * @param unitValueFen - value of one unit of each asset
   */
  plan(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>, budget: MatchBudget): Promise<MatchPlan>;
}

/** How {@link MatchWorker} starts and watches its thread. */
export interface MatchWorkerOptions {
  /** Milliseconds beyond the time budget after which a silent thread is terminated. */
  readonly graceMs?: number;
  /** Starts the thread; tests pass threads that misbehave. */
  readonly startThread?: () => Worker;
}

interface PlanRequest {
  readonly orders: readonly BookOrder[];
  readonly values: readonly (readonly [string, number])[];
  readonly budget: MatchBudget;
}

type PlanReply = { readonly plan: MatchPlan } | { readonly error: string };

/** The thread that plans; one plan at a time, in the order asked. */
export class MatchWorker implements MatchPlanner {
  private thread: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly graceMs: number;
  private readonly startThread: () => Worker;

  constructor(options: MatchWorkerOptions = {}) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.startThread = options.startThread ?? startMatcherThread;
  }

  /**
   * Plans on the thread, after any plan asked before.
   *
   * @throws Error when the thread fails, exits or overstays its budget (it is then terminated)
   */
  plan(orders: readonly BookOrder[], unitValueFen: ReadonlyMap<string, number>, budget: MatchBudget): Promise<MatchPlan> {
    const request: PlanRequest = { orders, values: [...unitValueFen], budget };
    const next = this.queue.then(() => this.send(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Terminates the thread, if any; a later plan starts a new one. */
  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    await thread?.terminate();
  }

  private send(request: PlanRequest): Promise<MatchPlan> {
    const thread = this.thread ?? this.start();
    return new Promise<MatchPlan>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(deadline);
        thread.off('message', onMessage).off('error', onFailure).off('exit', onExit);
        thread.unref();
        outcome();
      };
      const onMessage = (reply: PlanReply): void => {
        settle(() => {
          if ('plan' in reply) {
            resolve(reply.plan);
          } else {
            reject(new Error(`coupon matcher thread failed: ${reply.error}`));
          }
        });
      };
      const onFailure = (err: Error): void => {
        settle(() => {
          reject(new Error(`coupon matcher thread failed: ${err.message}`, { cause: err }));
        });
      };
      const onExit = (code: number): void => {
        settle(() => {
          reject(new Error(`coupon matcher thread exited with code ${code}`));
        });
      };
      const limitMs = request.budget.timeMs + this.graceMs;
      const deadline = setTimeout(
        () => {
          this.discard(thread);
          settle(() => {
            reject(new Error(`coupon matcher thread did not answer within ${limitMs} ms and was terminated`));
          });
        },
        Math.min(limitMs, 2 ** 31 - 1),
      );
      thread.on('message', onMessage).on('error', onFailure).on('exit', onExit);
      // Referenced while planning, so a process waiting for nothing but the plan does not exit.
      thread.ref();
      try {
        thread.postMessage(request);
      } catch (err) {
        // A book that cannot be copied to the thread (it only holds strings and numbers, so never expected).
        settle(() => {
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      }
    });
  }

  private start(): Worker {
    const thread = this.startThread();
    thread.unref();
    // A failed or exited thread is not reused; `send` reports the failure of a plan in progress.
    thread
      .on('error', () => {
        this.discard(thread);
      })
      .on('exit', () => {
        this.discard(thread);
      });
    this.thread = thread;
    return thread;
  }

  private discard(thread: Worker): void {
    if (this.thread === thread) {
      this.thread = null;
    }
    thread.terminate().catch(() => undefined);
  }
}

/** Starts a thread running this module, from compiled JavaScript or from TypeScript sources. */
function startMatcherThread(): Worker {
  if (__filename.endsWith('.ts')) {
    return new Worker(TYPESCRIPT_BOOTSTRAP, {
      eval: true,
      workerData: { role: THREAD_ROLE, entry: __filename, typescript: require.resolve('typescript') },
    });
  }
  return new Worker(__filename, { workerData: { role: THREAD_ROLE } });
}

/** On the thread: answers each request with its plan, or with the error that stopped it. */
function serve(port: MessagePort): void {
  port.on('message', ({ orders, values, budget }: PlanRequest) => {
    let reply: PlanReply;
    try {
      reply = { plan: planMatchesWithin(orders, new Map(values), budget) };
    } catch (err) {
      reply = { error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}

if (!isMainThread && parentPort !== null && (workerData as { role?: unknown } | null)?.role === THREAD_ROLE) {
  serve(parentPort);
}
