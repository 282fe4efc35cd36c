/** An app over an in-memory SQLite read model, for the routes served from it. */
import { createApp } from '../../src/app';
import type { AuthenticatedMember } from '../../src/auth/authenticated-member';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../../src/readmodel/sqlite-store';
import { openDatabase } from '../../src/storage/database';
import { fakeFabric, memoryLogger, testConfig } from './fakes';
import { fakeMembers } from './members-fixtures';

/** An empty read model store. */
export function memoryReadModel(): SqliteReadModelStore {
  return new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
}

/**
 * The app with `store` as its read model (its listener idle) and `members` by API key; without a
 * store, the app of a gateway built without a read model.
 */
export function appOnReadModel(
  members: Readonly<Record<string, AuthenticatedMember>>,
  store?: SqliteReadModelStore,
): ReturnType<typeof createApp> {
  const control = { latestBlock: () => null, rebuild: () => Promise.resolve(), onApplied: () => () => undefined };
  return createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    ...(store === undefined ? {} : { readModel: { store, control } }),
  });
}
