import type { common } from '@hyperledger/fabric-protos';

import { type BlockSource, type BlockStream, ReadModelListener } from '../src/readmodel/listener';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { compositeKey, testBlock } from './support/blocks';
import { memoryLogger } from './support/fakes';

const T = '2025-03-01T00:00:00.000Z';

/** Block n holds one transfer of n points to alice. */
function chain(length: number): common.Block[] {
  return Array.from({ length }, (_, n) =>
    testBlock(n, [
      {
        txId: `tx-${n}`,
        time: T,
        writes: [{ key: compositeKey('movement', 'alice', T, `tx-${n}`, '0'), value: { time: T, delta: n, kind: 'TRANSFER' } }],
        event: { name: 'Transfer', payload: { n } },
      },
    ]),
  );
}

/**
 * A peer's block stream over `blocks`: each connection fails after `failAfter` blocks (once per entry),
 * and after the last block it waits, as a live stream does, until closed.
 */
function fakePeer(blocks: common.Block[], failAfter: number[] = []): { source: BlockSource; starts: bigint[] } {
  const starts: bigint[] = [];
  const source: BlockSource = async (startBlock) => {
    starts.push(startBlock);
    const failAt = failAfter.shift();
    let closed = false;
    let wake: () => void = () => undefined;
    const stream: BlockStream = {
      close: () => {
        closed = true;
        wake();
      },
      async *[Symbol.asyncIterator]() {
        let sent = 0;
        for (const block of blocks.slice(Number(startBlock))) {
          if (closed) {
            return;
          }
          if (failAt !== undefined && sent === failAt) {
            throw new Error('stream broke');
          }
          sent += 1;
          yield block;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      },
    };
    return stream;
  };
  return { source, starts };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}

function listenerOn(source: BlockSource, store: SqliteReadModelStore): ReadModelListener {
  return new ReadModelListener({ source, store, namespace: 'loulan', logger: memoryLogger().logger, sleep: async () => undefined });
}

describe('read model listener', () => {
  it('resumes from its checkpoint after stream errors and stores every event exactly once', async () => {
    const store = new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
    const peer = fakePeer(chain(10), [3, 2]);
    const listener = listenerOn(peer.source, store);

    listener.start();
    await until(async () => (await store.checkpoint())?.block === 9n);
    await listener.stop();

    expect(peer.starts).toEqual([0n, 3n, 5n]);
    expect(await store.totals(['alice'])).toMatchObject({
      events: 10,
      transactions: 10,
      movementCounts: { alice: 10 },
      accounts: { alice: 45 },
    });
    expect(listener.latestBlock()).toBe(9n);
  });

  it('continues after a restart without gaps or duplicates', async () => {
    const db = openDatabase(':memory:', READ_MODEL_MIGRATIONS);
    const blocks = chain(8);
    const first = listenerOn(fakePeer(blocks.slice(0, 5)).source, new SqliteReadModelStore(db));
    first.start();
    await until(async () => (await new SqliteReadModelStore(db).checkpoint())?.block === 4n);
    await first.stop();

    const peer = fakePeer(blocks);
    const second = listenerOn(peer.source, new SqliteReadModelStore(db));
    second.start();
    await until(async () => (await new SqliteReadModelStore(db).checkpoint())?.block === 7n);
    await second.stop();

    expect(peer.starts).toEqual([5n]);
    expect(await new SqliteReadModelStore(db).totals(['alice'])).toMatchObject({
      events: 8,
      movementCounts: { alice: 8 },
      accounts: { alice: 28 },
    });
  });

  it('rebuilds from block 0 to the same totals', async () => {
    const store = new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
    const peer = fakePeer(chain(6));
    const listener = listenerOn(peer.source, store);
    listener.start();
    await until(async () => (await store.checkpoint())?.block === 5n);
    const before = await store.totals(['alice']);

    await listener.rebuild();
    await until(async () => (await store.checkpoint())?.block === 5n);
    await listener.stop();

    expect(peer.starts).toEqual([0n, 0n]);
    expect(await store.totals(['alice'])).toEqual(before);
  });
});
