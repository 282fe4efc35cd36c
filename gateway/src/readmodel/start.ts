import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import type { ReadModelConfig } from './config';
import { fabricBlockSource } from './fabric-source';
import { ReadModelListener } from './listener';
import type { ReadModelControl } from './routes';
import { SqliteReadModelStore } from './sqlite-store';
import type { ReadModelStore } from './store';

/** The running read model: what the routes use, and how to stop the listener on shutdown. */
export interface RunningReadModel {
  readonly store: ReadModelStore;
  readonly control: ReadModelControl;
  stop(): Promise<void>;
}

/**
 * Opens the read model on the gateway's database (whose migrations must include READ_MODEL_MIGRATIONS)
 * and, when enabled, starts the block listener under the gateway's service identity.
 */
export function startReadModel(
  config: GatewayConfig,
  readModel: ReadModelConfig,
  database: Database,
  logger: Logger,
): RunningReadModel {
  const store = new SqliteReadModelStore(database);
  if (!readModel.enabled) {
    return { store, control: { latestBlock: () => null, rebuild: () => store.clear() }, stop: async () => undefined };
  }
  const blocks = fabricBlockSource(config);
  const listener = new ReadModelListener({ source: blocks.source, store, namespace: config.chaincode, logger });
  listener.start();
  return {
    store,
    control: listener,
    async stop(): Promise<void> {
      await listener.stop();
      blocks.close();
    },
  };
}
