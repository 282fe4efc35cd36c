import { LanePool } from '../src/points/lane-pool';

/** A promise with its resolver exposed, to hold a lane for as long as a test wants. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('LanePool', () => {
  it('gives every concurrent request of one merchant a different lane', async () => {
    const pool = new LanePool(64);
    const held = gate();
    const lanes: number[] = [];

    const requests = Array.from({ length: 64 }, () =>
      pool.withLane('shop-1', async (lane) => {
        lanes.push(lane);
        await held.promise;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(new Set(lanes).size).toBe(64);
    expect(lanes.every((lane) => Number.isInteger(lane) && lane >= 0 && lane < 64)).toBe(true);
    expect(pool.inUse('shop-1')).toBe(64);
    held.open();
    await Promise.all(requests);
    expect(pool.inUse('shop-1')).toBe(0);
  });

  it('keeps merchants independent', async () => {
    const pool = new LanePool(1);
    const held = gate();

    const first = pool.withLane('shop-1', () => held.promise);
    const other = await pool.withLane('shop-2', async (lane) => lane);

    expect(other).toBe(0);
    held.open();
    await first;
  });

  it('makes requests wait in FIFO order when every lane is busy', async () => {
    const pool = new LanePool(2, () => 0);
    const held = [gate(), gate()];
    const order: string[] = [];

    const holders = held.map((g, i) =>
      pool.withLane('shop-1', async (lane) => {
        order.push(`holder${i}:${lane}`);
        await g.promise;
      }),
    );
    const waiters = ['w1', 'w2', 'w3'].map((name) =>
      pool.withLane('shop-1', async (lane) => {
        order.push(`${name}:${lane}`);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['holder0:0', 'holder1:1']);

    held[1]?.open();
    await holders[1];
    await new Promise((resolve) => setImmediate(resolve));
    held[0]?.open();
    await Promise.all([...holders, ...waiters]);

    // w1 takes lane 1 as soon as holder1 frees it; w2 and w3 follow in arrival order.
    expect(order[2]).toBe('w1:1');
    expect(order.slice(2).map((entry) => entry.split(':')[0])).toEqual(['w1', 'w2', 'w3']);
  });

  it('releases the lane when the work fails', async () => {
    const pool = new LanePool(1);

    await expect(pool.withLane('shop-1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    expect(pool.inUse('shop-1')).toBe(0);
    await expect(pool.withLane('shop-1', async (lane) => lane)).resolves.toBe(0);
  });

  it('hands lanes out in rotation rather than always the lowest', async () => {
    const pool = new LanePool(4, () => 0);
    const held = gate();
    const first = pool.withLane('shop-1', () => held.promise);
    const lanes = [await pool.withLane('shop-1', async (lane) => lane), await pool.withLane('shop-1', async (lane) => lane)];
    held.open();
    await first;

    expect(lanes).toEqual([1, 2]);
  });

  it('refuses a lane count that is not a positive integer', () => {
    expect(() => new LanePool(0)).toThrow(RangeError);
  });
});
