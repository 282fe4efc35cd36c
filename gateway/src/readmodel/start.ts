import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import type { ReadModelConfig } from './config';
import { fabricBlockSource } from './fabric-source';
import { ReadModelListener } from './listener';
import { PostgresReadModelStore } from './postgres-store';
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
 * Opens the read model store chosen by `readModel.store` — the gateway's database (whose migrations
 * must include READ_MODEL_MIGRATIONS) or PostgreSQL — and, when enabled, starts the block listener
 * under the gateway's service identity.
 *
 * @throws when PostgreSQL cannot be reached or its tables cannot be created
 */
export async function startReadModel(
  config: GatewayConfig,
  readModel: ReadModelConfig,
  database: Database,
  logger: Logger,
): Promise<RunningReadModel> {
  const { store, close } = await openStore(readModel, database, logger);
  if (!readModel.enabled) {
    const control = { latestBlock: () => null, rebuild: () => store.clear(), onApplied: () => () => undefined };
    return { store, control, stop: close };
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
      await close();
    },
  };
}

async function openStore(
  readModel: ReadModelConfig,
  database: Database,
  logger: Logger,
): Promise<{ store: ReadModelStore; close: () => Promise<void> }> {
  if (readModel.store === 'sqlite') {
    // The database belongs to the caller, which closes it after the members and the journal.
    return { store: new SqliteReadModelStore(database), close: async () => undefined };
  }
  // pg waits for a connection forever by default; a gateway that cannot reach its store should say so.
  const store = await PostgresReadModelStore.open({ connectionString: readModel.pgUrl, connectionTimeoutMillis: 10_000 }, (err) => {
    logger.warn({ err }, 'read model PostgreSQL connection failed while idle');
  });
  return { store, close: () => store.close() };
}
