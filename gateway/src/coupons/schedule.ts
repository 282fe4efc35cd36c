import { readFileSync } from 'node:fs';
import { ConfigError } from '../config';
import type { CallerIdentity } from '../fabric/gateway';
import type { MembersConfig } from '../members/config';
import type { CouponMatcher } from './service';

/** Environment variable: milliseconds between scheduled matcher runs; `0` (the default) turns the schedule off. */
export const MATCH_INTERVAL_ENV = 'LOULAN_COUPONS_MATCH_INTERVAL_MS';
/** Environment variable: file holding the API key of the member the scheduled runs submit as. */
export const MATCH_API_KEY_FILE_ENV = 'LOULAN_COUPONS_MATCH_API_KEY_FILE';

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
  const raw = env[MATCH_INTERVAL_ENV] ?? '0';
  const intervalMs = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(intervalMs) || (intervalMs !== 0 && intervalMs < 1_000)) {
    throw new ConfigError([`${MATCH_INTERVAL_ENV} must be 0 (off) or at least 1000 milliseconds`]);
  }
  const platformAdminKey = members.orgs.find((org) => org.name === 'platform')?.adminApiKeyFile ?? null;
  return { intervalMs, apiKeyFile: env[MATCH_API_KEY_FILE_ENV] ?? platformAdminKey };
}

/**
 * Starts running the matcher every `intervalMs` (SPEC §5 "on a schedule") as the member whose API key is
 * in `schedule.apiKeyFile`; a run that fails is reported to `onError` and the next one runs as planned.
 *
 * @returns a function that stops the schedule (a no-op when the schedule is off)
 */
export function scheduleMatching(
  matcher: CouponMatcher,
  schedule: MatchSchedule,
  authenticate: (apiKey: string) => Promise<CallerIdentity>,
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
  return () => clearInterval(timer);
}
