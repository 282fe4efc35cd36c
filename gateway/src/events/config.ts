import { ConfigError } from '../config';
import { envReader } from '../env';

/** Settings of the event stream. */
export interface EventsConfig {
  /** Between two heartbeat comments on an idle stream (`LOULAN_EVENTS_HEARTBEAT_MS`). */
  readonly heartbeatMs: number;
  /** Events read from the read model at a time. */
  readonly pageSize: number;
}

/** 15 s: below the idle timeouts of common proxies (nginx 60 s, AWS ALB 60 s). */
export const DEFAULT_EVENTS_CONFIG: EventsConfig = { heartbeatMs: 15_000, pageSize: 200 };

/**
 * Reads `LOULAN_EVENTS_HEARTBEAT_MS`.
 *
 * @throws ConfigError when it is not an integer from 100 to 300000
 */
export function loadEventsConfig(env: NodeJS.ProcessEnv): EventsConfig {
  const problems: string[] = [];
  const { integer } = envReader(env, problems);
  const heartbeatMs = integer('LOULAN_EVENTS_HEARTBEAT_MS', DEFAULT_EVENTS_CONFIG.heartbeatMs, 100, 300_000);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { ...DEFAULT_EVENTS_CONFIG, heartbeatMs };
}
