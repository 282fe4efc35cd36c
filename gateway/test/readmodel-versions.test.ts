import { ENTITY_TYPES } from '../src/audit/dtos';
import { ReadModelBehindError, waitForBlock } from '../src/readmodel/freshness';
import type { Checkpoint } from '../src/readmodel/store';
import { decodeVersionBookmark, encodeVersionBookmark, historyEntityOf } from '../src/readmodel/versions';

describe('entity versions of the read model', () => {
  it('maps the key of every audited entity but the account (folded from its lanes) to that entity', () => {
    const mapped = [
      historyEntityOf('cpnclass', ['k1']),
      historyEntityOf('jospplan', ['p1']),
      historyEntityOf('josploan', ['l1']),
      historyEntityOf('shelf', ['s1']),
      historyEntityOf('shelfstmt', ['s1', '2025-03-09']),
    ];

    expect(mapped.map((entity) => entity?.entityType).sort()).toEqual(ENTITY_TYPES.filter((type) => type !== 'account').sort());
    expect(mapped[4]).toEqual({ entityType: 'statement', entityId: 's1:2025-03-09' });
    expect([
      historyEntityOf('jospplanby', ['i', 'p1']),
      historyEntityOf('shelf', ['s1', 'x']),
      historyEntityOf('constructor', ['x']),
    ]).toEqual([null, null, null]);
  });

  it('round-trips a bookmark and refuses anything it did not make', () => {
    const position = { block: 2n ** 60n, txIndex: 7 };
    const bookmark = encodeVersionBookmark(position);

    expect(bookmark).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeVersionBookmark(bookmark)).toEqual(position);
    const forged = [
      '',
      '5',
      'not-base64!',
      Buffer.from('["1",-1]').toString('base64url'),
      Buffer.from('[1,0]').toString('base64url'),
      Buffer.from('["01",0]').toString('base64url'),
      Buffer.from('["1",0,0]').toString('base64url'),
      `${bookmark}A`,
    ];
    expect(forged.map(decodeVersionBookmark)).toEqual(forged.map(() => null));
  });
});

describe('waiting for the read model to reach a block', () => {
  /** A store whose checkpoint advances by one block per poll, and a clock that moves only when slept. */
  function setup(start: bigint | null): {
    store: { checkpoint(): Promise<Checkpoint | null> };
    clock: { now: () => number; sleep: (ms: number) => Promise<void> };
    slept: number[];
  } {
    let block = start;
    let time = 0;
    const slept: number[] = [];
    return {
      store: {
        checkpoint: async () => {
          const answer = block === null ? null : { block, txId: null };
          block = block === null ? 0n : block + 1n;
          return answer;
        },
      },
      clock: {
        now: () => time,
        sleep: async (ms) => {
          slept.push(ms);
          time += ms;
        },
      },
      slept,
    };
  }

  it('returns at once when the block is indexed, and polls with growing pauses until it is', async () => {
    const ready = setup(9n);
    await waitForBlock(ready.store, 9n, { timeoutMs: 1_000, ...ready.clock });
    expect(ready.slept).toEqual([]);

    const behind = setup(null);
    await waitForBlock(behind.store, 4n, { timeoutMs: 10_000, ...behind.clock });
    // Polls see null, 0, 1, 2, 3 and then 4.
    expect(behind.slept).toEqual([20, 40, 80, 160, 250]);
  });

  it('gives up with READ_MODEL_BEHIND once the time a request may wait is spent', async () => {
    const behind = setup(0n);
    const error = await waitForBlock(behind.store, 1_000n, { timeoutMs: 300, ...behind.clock }).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(ReadModelBehindError);
    expect(error).toMatchObject({ code: 'READ_MODEL_BEHIND', details: { wantedBlock: '1000' } });
    expect(behind.slept.reduce((sum, ms) => sum + ms, 0)).toBe(300);
  });
});
