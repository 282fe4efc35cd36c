import { ConfigError } from '../src/config';
import { loadReadModelConfig } from '../src/readmodel/config';

describe('read model configuration', () => {
  it('runs the listener on SQLite by default', () => {
    expect(loadReadModelConfig({})).toEqual({ enabled: true, store: 'sqlite' });
    expect(loadReadModelConfig({ LOULAN_READMODEL_ENABLED: 'false', LOULAN_READMODEL_STORE: ' ' })).toEqual({ enabled: false, store: 'sqlite' });
  });

  it('lists every invalid value', () => {
    expect(() => loadReadModelConfig({ LOULAN_READMODEL_ENABLED: 'yes', LOULAN_READMODEL_STORE: 'postgres' })).toThrow(ConfigError);
    try {
      loadReadModelConfig({ LOULAN_READMODEL_ENABLED: 'yes', LOULAN_READMODEL_STORE: 'postgres' });
    } catch (err) {
      expect(err instanceof ConfigError ? err.problems : []).toHaveLength(2);
    }
  });
});
