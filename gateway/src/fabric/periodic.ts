/** A background job started by {@link runPeriodically}. */
export interface PeriodicTask {
  /** Schedules no further run; a run in progress is told through its `AbortSignal`. Safe to call twice. */
  stop(): void;
}

/**
 * Runs `task` now, then again `intervalMs` after each run has finished — never two runs at once, so a slow
 * run (a peer that answers at its deadline) delays the next one instead of piling up.
 *
 * The timer is unref'd: it never keeps the process alive on its own. A run that rejects is reported to
 * `onError` and the schedule goes on.
 */
export function runPeriodically(
  task: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
  onError: (err: unknown) => void,
): PeriodicTask {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    timer = undefined;
    // Through a promise so that even a synchronous throw is reported and the schedule goes on.
    Promise.resolve()
      .then(() => task(controller.signal))
      .catch(onError)
      .finally(() => {
        if (!controller.signal.aborted) {
          timer = setTimeout(run, intervalMs);
          timer.unref();
        }
      });
  };
  run();
  return {
    stop() {
      controller.abort();
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    },
  };
}
