import { Worker } from 'node:worker_threads';

import { MatchWorker } from '../src/coupons/match-worker';
import { type BookOrder, planMatchesWithin, UNLIMITED_BUDGET } from '../src/coupons/matcher';
import { marketBook } from './support/order-books';

// Threads run the TypeScript sources through the compiler on first use, which takes a few seconds here.
jest.setTimeout(60_000);

const PAIR: BookOrder[] = [
  { orderId: 'o1', owner: 'p', giveAsset: 'a', giveQuantity: 1, wantAsset: 'b', wantQuantity: 1 },
  { orderId: 'o2', owner: 'q', giveAsset: 'b', giveQuantity: 1, wantAsset: 'a', wantQuantity: 1 },
];
const EQUAL = new Map([
  ['a', 1_000],
  ['b', 1_000],
]);

describe('coupon matcher thread', () => {
  const worker = new MatchWorker();
  afterAll(() => worker.close());

  it('answers the plan the matcher computes in-process, budget report included', async () => {
    const { orders, values } = marketBook({ orders: 300, classes: 6, owners: 60, seed: 5 });
    const budget = { timeMs: 60_000, candidates: 5_000 };

    const [plan, cut] = await Promise.all([worker.plan(orders, values, UNLIMITED_BUDGET), worker.plan(orders, values, budget)]);

    const local = planMatchesWithin(orders, values, UNLIMITED_BUDGET);
    expect(plan.matches.length).toBeGreaterThan(10);
    expect(plan).toMatchObject({ matches: local.matches, cutShortBy: null, candidates: local.candidates });
    expect(cut).toMatchObject({ cutShortBy: 'candidates', candidates: 5_000 });
    expect(cut.matches).toEqual(local.matches.slice(0, cut.matches.length));
  });

  it('reports an error the matcher raised, and keeps serving', async () => {
    const twice = [PAIR[0] as BookOrder, { ...(PAIR[1] as BookOrder), orderId: 'o1' }];

    await expect(worker.plan(twice, EQUAL, UNLIMITED_BUDGET)).rejects.toThrow('order o1 appears twice in the book');
    await expect(worker.plan(PAIR, EQUAL, UNLIMITED_BUDGET)).resolves.toMatchObject({ matches: [{ orderIds: ['o1', 'o2'] }] });
  });

  it('keeps the event loop answering while it plans a large book', async () => {
    await worker.plan(PAIR, EQUAL, UNLIMITED_BUDGET);
    // Twelve million candidates over three classes: a second or more of searching, were it on this thread.
    const { orders, values } = marketBook({ orders: 2_000, classes: 3, owners: 400, seed: 4 });
    const lateness: number[] = [];
    let planning = true;
    const probe = async (): Promise<void> => {
      while (planning) {
        const due = performance.now() + 10;
        await new Promise((resolve) => setTimeout(resolve, 10));
        lateness.push(performance.now() - due);
      }
    };
    const probing = probe();

    const plan = await worker.plan(orders, values, UNLIMITED_BUDGET);
    planning = false;
    await probing;

    expect(plan.candidates).toBeGreaterThan(10_000_000);
    expect(plan.matches.length).toBeGreaterThan(100);
    expect(lateness.length).toBeGreaterThan(5);
    expect(Math.max(...lateness)).toBeLessThan(500);
  });
});

describe('coupon matcher thread failures', () => {
  it('terminates a thread that overstays its time budget and starts a new one for the next plan', async () => {
    // Threads that never answer, and never end by themselves.
    const exits: Promise<unknown>[] = [];
    const silent = new MatchWorker({
      graceMs: 50,
      startThread: () => {
        const thread = new Worker('setInterval(() => undefined, 1000);', { eval: true });
        exits.push(new Promise((resolve) => thread.once('exit', resolve)));
        return thread;
      },
    });
    const budget = { timeMs: 100, candidates: 1_000 };

    await expect(silent.plan(PAIR, EQUAL, budget)).rejects.toThrow('did not answer within 150 ms and was terminated');
    await expect(silent.plan(PAIR, EQUAL, budget)).rejects.toThrow('did not answer within 150 ms');

    expect(exits).toHaveLength(2);
    await Promise.all(exits);
  });

  it('fails the plan of a thread that exits, and replaces the thread', async () => {
    let started = 0;
    const crashing = new MatchWorker({
      startThread: () => {
        started += 1;
        return new Worker('process.exit(3);', { eval: true });
      },
    });

    await expect(crashing.plan(PAIR, EQUAL, UNLIMITED_BUDGET)).rejects.toThrow('exited with code 3');
    await expect(crashing.plan(PAIR, EQUAL, UNLIMITED_BUDGET)).rejects.toThrow('exited with code 3');
    expect(started).toBe(2);
  });
});
