import { readFileSync } from 'node:fs';

import { ConfigError } from '../config';
import type { MembersConfig } from '../members/config';
import { DEFAULT_MATCH_BUDGET, type MatchBudget } from './matcher';
import type { CouponMatcher, MatchCaller } from './service';

/** Environment variable: milliseconds between scheduled matcher runs; `0` (the default) turns the schedule off. */
export const MATCH_INTERVAL_ENV = 'LOULAN_COUPONS_MATCH_INTERVAL_MS';
/** Environment variable: file holding the API key of the member the scheduled runs submit as. */
export const MATCH_API_KEY_FILE_ENV = 'LOULAN_COUPONS_MATCH_API_KEY_FILE';
/** Environment variable: milliseconds one matcher run may search (every run, on demand or scheduled). */
export const MATCH_TIME_BUDGET_ENV = 'LOULAN_COUPONS_MATCH_TIME_BUDGET_MS';
/** Environment variable: candidates one matcher run may examine. */
export const MATCH_CANDIDATE_BUDGET_ENV = 'LOULAN_COUPONS_MATCH_CANDIDATE_BUDGET';

/** Accepted time budgets: long enough to plan a small book, short enough that a run cannot hang. */
const TIME_BUDGET_RANGE = { min: 100, max: 600_000 } as const;
/** Accepted candidate budgets; the upper end is more than the longest time budget lets a run examine. */
const CANDIDATE_BUDGET_RANGE = { min: 1_000, max: 10_000_000_000 } as const;

/** When and as whom the matcher runs on its own. */
export interface MatchSchedule {
  readonly intervalMs: number;
  /** API key file of the submitting member; the platform org admin's by default. */
  readonly apiKeyFile: string | null;
}

/**
 * Reads the schedule from the environment.
 *
 * @throws ConfigError when the interval is not a whole number of milliseconds (0, or 1,000 and more)
 */
export function loadMatchSchedule(env: NodeJS.ProcessEnv, members: MembersConfig): MatchSchedule {
  // Empty values count as unset, as everywhere in the gateway's configuration.
  const raw = env[MATCH_INTERVAL_ENV] || '0';
  const intervalMs = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(intervalMs) || (intervalMs !== 0 && intervalMs < 1_000)) {
    throw new ConfigError([`${MATCH_INTERVAL_ENV} must be 0 (off) or at least 1000 milliseconds`]);
  }
  const platformAdminKey = members.orgs.find((org) => org.name === 'platform')?.adminApiKeyFile ?? null;
  return { intervalMs, apiKeyFile: env[MATCH_API_KEY_FILE_ENV] || platformAdminKey };
}

/**
 * Reads what each matcher run may spend from the environment; {@link DEFAULT_MATCH_BUDGET} for what is unset.
 *
 * @throws ConfigError when a budget is not a whole number in its range
 */
export function loadMatchBudget(env: NodeJS.ProcessEnv): MatchBudget {
  const errors: string[] = [];
  const read = (name: string, fallback: number, range: { readonly min: number; readonly max: number }): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const value = /^\d{1,11}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= range.min && value <= range.max)) {
      errors.push(`${name} must be a whole number from ${range.min} to ${range.max}`);
    }
    return value;
  };
  const budget = {
    timeMs: read(MATCH_TIME_BUDGET_ENV, DEFAULT_MATCH_BUDGET.timeMs, TIME_BUDGET_RANGE),
    candidates: read(MATCH_CANDIDATE_BUDGET_ENV, DEFAULT_MATCH_BUDGET.candidates, CANDIDATE_BUDGET_RANGE),
  };
  if (errors.length > 0) {
    throw new ConfigError(errors);
  }
  return budget;
}

/**
 * Starts running the matcher every `intervalMs` (docs/rules.md#coupons-exchange) as the member whose API key is
 * in `schedule.apiKeyFile`; a run that fails is reported to `onError` and the next one runs as planned.
 *
 * @returns a function that stops the schedule (a no-op when the schedule is off)
 */
export function scheduleMatching(
  matcher: CouponMatcher,
  schedule: MatchSchedule,
  authenticate: (apiKey: string) => Promise<MatchCaller>,
  onError: (err: unknown) => void,
): () => void {
  const { intervalMs, apiKeyFile } = schedule;
  if (intervalMs === 0 || apiKeyFile === null) {
    return () => undefined;
  }
  const timer = setInterval(() => {
    // Read at each run, so a replaced key file takes effect without a restart.
    Promise.resolve()
      .then(() => authenticate(readFileSync(apiKeyFile, 'utf8').trim()))
      .then((caller) => matcher.run(caller))
      .catch(onError);
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
