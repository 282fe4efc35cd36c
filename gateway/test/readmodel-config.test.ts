import { ConfigError } from '../src/config';
import { loadReadModelConfig } from '../src/readmodel/config';

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadReadModelConfig(env);
  } catch (err) {
    return err instanceof ConfigError ? err.problems : [];
  }
  return [];
}

describe('read model configuration', () => {
  it('runs the listener on SQLite by default', () => {
    expect(loadReadModelConfig({})).toEqual({ enabled: true, store: 'sqlite' });
    expect(loadReadModelConfig({ LOULAN_READMODEL_ENABLED: 'false', LOULAN_READMODEL_STORE: ' ' })).toEqual({
      enabled: false,
      store: 'sqlite',
    });
  });

  it('selects PostgreSQL with its URL', () => {
    const pgUrl = 'postgresql://loulan:secret@db.example:5432/readmodel';
    expect(loadReadModelConfig({ LOULAN_READMODEL_STORE: 'postgres', LOULAN_READMODEL_PG_URL: ` ${pgUrl} ` })).toEqual({
      enabled: true,
      store: 'postgres',
      pgUrl,
    });
  });

  it('lists every invalid value', () => {
    expect(() => loadReadModelConfig({ LOULAN_READMODEL_ENABLED: 'yes', LOULAN_READMODEL_STORE: 'mysql' })).toThrow(ConfigError);
    expect(problems({ LOULAN_READMODEL_ENABLED: 'yes', LOULAN_READMODEL_STORE: 'mysql' })).toHaveLength(2);
  });

  it('requires a PostgreSQL URL for the postgres store and never echoes it', () => {
    expect(problems({ LOULAN_READMODEL_STORE: 'postgres' })).toEqual([
      'LOULAN_READMODEL_PG_URL is required when LOULAN_READMODEL_STORE is postgres',
    ]);
    expect(problems({ LOULAN_READMODEL_STORE: 'postgres', LOULAN_READMODEL_PG_URL: 'mysql://u:secret@h/db' }).join()).not.toContain(
      'secret',
    );
    expect(problems({ LOULAN_READMODEL_STORE: 'postgres', LOULAN_READMODEL_PG_URL: 'not a url' })).toHaveLength(1);
    expect(problems({ LOULAN_READMODEL_PG_URL: 'ignored for sqlite' })).toEqual([]);
  });
});
