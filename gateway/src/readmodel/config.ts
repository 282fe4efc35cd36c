import { ConfigError } from '../config';
import { envReader, postgresUrlProblem } from '../env';

/** Read model settings (docs/readmodel.md). */
export type ReadModelConfig =
  | {
      /** Whether the gateway runs the block listener (LOULAN_READMODEL_ENABLED, default true). */
      readonly enabled: boolean;
      /** Store implementation (LOULAN_READMODEL_STORE): tables `rm_*` in the gateway's SQLite database. */
      readonly store: 'sqlite';
    }
  | {
      readonly enabled: boolean;
      /** Tables `rm_*` in a PostgreSQL database. */
      readonly store: 'postgres';
      /** Connection URL of that database (LOULAN_READMODEL_PG_URL), `postgres://` or `postgresql://`. */
      readonly pgUrl: string;
    };

/**
 * Reads the read model settings from `env`.
 *
 * @throws {@link ConfigError} on a value other than true/false, an unknown store, or a missing or
 *   malformed LOULAN_READMODEL_PG_URL when the store is postgres
 */
export function loadReadModelConfig(env: NodeJS.ProcessEnv): ReadModelConfig {
  const problems: string[] = [];
  const { read } = envReader(env, problems);
  const enabled = read('LOULAN_READMODEL_ENABLED') ?? 'true';
  if (enabled !== 'true' && enabled !== 'false') {
    problems.push(`LOULAN_READMODEL_ENABLED must be true or false, got "${enabled}"`);
  }
  const store = read('LOULAN_READMODEL_STORE') ?? 'sqlite';
  const pgUrl = read('LOULAN_READMODEL_PG_URL') ?? '';
  if (store !== 'sqlite' && store !== 'postgres') {
    problems.push(`LOULAN_READMODEL_STORE must be sqlite or postgres, got "${store}"`);
  } else if (store === 'postgres') {
    const problem = postgresUrlProblem('LOULAN_READMODEL_PG_URL', pgUrl, 'LOULAN_READMODEL_STORE');
    if (problem !== null) {
      problems.push(problem);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return store === 'postgres' ? { enabled: enabled === 'true', store, pgUrl } : { enabled: enabled === 'true', store: 'sqlite' };
}
