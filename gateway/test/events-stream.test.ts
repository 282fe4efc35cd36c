import type { AddressInfo } from 'node:net';

import request from 'supertest';

import { createApp } from '../src/app';
import type { EventRow } from '../src/readmodel/rows';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers, testMember } from './support/members-fixtures';
import { block } from './support/store-contract';

const members = {
  'auditor-key': testMember({ memberId: 'aud', role: 'auditor', account: null }),
  'shop-key': testMember({ memberId: 'shop', org: 'retail', mspId: 'RetailMSP', role: 'merchant', account: 'shop' }),
  'alice-key': testMember({ memberId: 'alice', role: 'consumer', account: 'alice' }),
};
const as = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });

function event(n: number, txIndex: number, name: string, accounts: string[]): EventRow {
  const time = `2025-03-01T00:00:${String(n).padStart(2, '0')}.000Z`;
  return { txId: `tx-${n}-${txIndex}`, block: BigInt(n), txIndex, name, payload: JSON.stringify({ n }), time, accounts };
}

/** A gateway on a free port whose read model holds blocks 1 and 2, and a call that stores another block. */
async function started(): Promise<{ url: string; addBlock: (n: number, events: EventRow[]) => Promise<void>; close: () => void }> {
  const store = new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
  const listeners = new Set<(block: bigint) => void>();
  const addBlock = async (n: number, events: EventRow[]): Promise<void> => {
    await store.applyBlock(block(n, { events }));
    listeners.forEach((listener) => {
      listener(BigInt(n));
    });
  };
  await addBlock(1, [event(1, 0, 'RecordPurchase', ['shop', 'alice']), event(1, 1, 'Mint', ['treasury'])]);
  await addBlock(2, [event(2, 0, 'Transfer', ['bob', 'carol'])]);
  const control = {
    latestBlock: () => null,
    rebuild: async () => undefined,
    onApplied: (listener: (block: bigint) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const app = createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    readModel: { store, control },
    events: { heartbeatMs: 50, pageSize: 2 },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/events`,
    addBlock,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Reads SSE messages of a stream until `count` events came, then closes it; comments are kept apart. */
async function readEvents(
  url: string,
  key: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<{ ids: string[]; data: unknown[]; comments: number; contentType: string | null }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { ...as(key), ...headers }, signal: controller.signal });
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  const decoder = new TextDecoder();
  const found = { ids: [] as string[], data: [] as unknown[], comments: 0, contentType: response.headers.get('content-type') };
  let text = '';
  while (reader !== undefined && found.ids.length < count) {
    const chunk = await reader.read();
    if (chunk.done) {
      break;
    }
    text += decoder.decode(chunk.value, { stream: true });
    const messages = text.split('\n\n');
    text = messages.pop() ?? '';
    for (const message of messages) {
      const fields = new Map(
        message.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
      );
      if (fields.has('id')) {
        found.ids.push(fields.get('id') ?? '');
        found.data.push(JSON.parse(fields.get('data') ?? 'null'));
      } else if (fields.has('')) {
        found.comments += 1;
      }
    }
  }
  controller.abort();
  return found;
}

describe('GET /v1/events', () => {
  it('streams every event to an auditor in chain order with its id, module and payload, then new blocks as they are stored', async () => {
    const gateway = await started();
    try {
      const reading = readEvents(gateway.url, 'auditor-key', 4);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await gateway.addBlock(3, [event(3, 2, 'Subscribe', ['alice'])]);
      const { ids, data, comments, contentType } = await reading;

      expect(contentType).toBe('text/event-stream; charset=utf-8');
      expect(ids).toEqual(['1-0', '1-1', '2-0', '3-2']);
      expect(data[0]).toEqual({
        id: '1-0',
        name: 'RecordPurchase',
        module: 'points',
        block: '1',
        txIndex: 0,
        txId: 'tx-1-0',
        time: '2025-03-01T00:00:01.000Z',
        payload: { n: 1 },
      });
      expect(data[3]).toMatchObject({ name: 'Subscribe', module: 'josp' });
      // Heartbeats kept the idle stream alive while it waited for block 3.
      expect(comments).toBeGreaterThan(0);
    } finally {
      gateway.close();
    }
  });

  it('resumes after Last-Event-ID (which wins over ?after=), and filters by type and module', async () => {
    const gateway = await started();
    try {
      expect((await readEvents(`${gateway.url}?after=1-0`, 'auditor-key', 2)).ids).toEqual(['1-1', '2-0']);
      expect((await readEvents(`${gateway.url}?after=1-0`, 'auditor-key', 1, { 'Last-Event-ID': '1-1' })).ids).toEqual(['2-0']);
      await gateway.addBlock(3, [event(3, 0, 'Mint', ['treasury'])]);
      expect((await readEvents(`${gateway.url}?types=Mint`, 'auditor-key', 2)).ids).toEqual(['1-1', '3-0']);
      expect((await readEvents(`${gateway.url}?module=points&types=Transfer,Mint`, 'auditor-key', 3)).ids).toEqual(['1-1', '2-0', '3-0']);
    } finally {
      gateway.close();
    }
  });

  it('starts ?after=latest behind the newest indexed block, so only what comes next is sent', async () => {
    const gateway = await started();
    try {
      const reading = readEvents(`${gateway.url}?after=latest`, 'auditor-key', 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await gateway.addBlock(3, [event(3, 0, 'Mint', ['treasury'])]);
      expect((await reading).ids).toEqual(['3-0']);
    } finally {
      gateway.close();
    }
  });

  it('shows a member only the events of its own account, and refuses another account', async () => {
    const gateway = await started();
    try {
      await gateway.addBlock(3, [event(3, 0, 'Transfer', ['alice', 'bob'])]);
      expect((await readEvents(gateway.url, 'alice-key', 2)).ids).toEqual(['1-0', '3-0']);
      expect((await readEvents(gateway.url, 'shop-key', 1)).ids).toEqual(['1-0']);
      expect((await readEvents(`${gateway.url}?account=bob`, 'auditor-key', 2)).ids).toEqual(['2-0', '3-0']);
    } finally {
      gateway.close();
    }
  });

  it('refuses bad filters and other accounts with typed errors, and anonymous callers', async () => {
    const app = createApp({ fabric: fakeFabric(), logger: memoryLogger().logger, config: testConfig(), members: fakeMembers(members) });
    const refusals = await Promise.all([
      request(app).get('/v1/events?account=bob').set(as('alice-key')),
      request(app).get('/v1/events?types=NoSuchEvent').set(as('auditor-key')),
      request(app).get('/v1/events?module=nope').set(as('auditor-key')),
      request(app).get('/v1/events?after=12').set(as('auditor-key')),
      request(app).get('/v1/events').set(as('auditor-key')).set('Last-Event-ID', 'x'),
      request(app).get('/v1/events'),
    ]);

    expect(refusals.map((r) => [r.status, (r.body as { code?: string }).code])).toEqual([
      [403, 'FORBIDDEN'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [401, 'UNAUTHENTICATED'],
    ]);
  });
});
