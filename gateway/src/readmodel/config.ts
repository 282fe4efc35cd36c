import { ConfigError } from '../config';

/** Read model settings (docs/readmodel.md). */
export interface ReadModelConfig {
  /** Whether the gateway runs the block listener (LOULAN_READMODEL_ENABLED, default true). */
  readonly enabled: boolean;
  /** Store implementation (LOULAN_READMODEL_STORE); only `sqlite`, in the gateway's database, exists. */
  readonly store: 'sqlite';
}

/**
 * Reads the read model settings from `env`.
 *
 * @throws {@link ConfigError} on a value other than true/false or an unknown store
 */
export function loadReadModelConfig(env: NodeJS.ProcessEnv): ReadModelConfig {
  const problems: string[] = [];
  const enabled = env.LOULAN_READMODEL_ENABLED?.trim() || 'true';
  if (enabled !== 'true' && enabled !== 'false') {
    problems.push(`LOULAN_READMODEL_ENABLED must be true or false, got "${enabled}"`);
  }
  const store = env.LOULAN_READMODEL_STORE?.trim() || 'sqlite';
  if (store !== 'sqlite') {
    problems.push(`LOULAN_READMODEL_STORE must be sqlite (PostgreSQL: see docs/readmodel.md), got "${store}"`);
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { enabled: enabled === 'true', store: 'sqlite' };
}
