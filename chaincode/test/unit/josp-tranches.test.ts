import { allotmentOf, homeTranche, MAX_TRANCHES, trancheCount } from '../../src/josp/tranches';
import { openAccounts } from '../support/accounts';
import type { FakeStub } from '../support/fake-ledger';
import { JospDriver } from '../support/josp';
import { ADMIN, consumer, merchant } from '../support/points';

// The plans' issuer, opened as at enrolment.
openAccounts('merchant', 'm1');

const WINDOW_START = '2025-03-01T00:00:00.000Z';
const WINDOW_END = '2025-03-05T00:00:00.000Z';
const MATURITY = '2025-04-05T00:00:00.000Z';
const IN_WINDOW = '2025-03-02T00:00:00.000Z';

/** Consumer account names whose home tranche in a plan of `tranches` tranches is `tranche`. */
function investorsHomedAt(tranche: number, tranches: number, count: number, prefix: string): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    if (homeTranche({ tranches }, `${prefix}${i}`) === tranche) {
      found.push(`${prefix}${i}`);
    }
  }
  return found;
}

async function planDriver(capPoints: number, maxSubscription: number, investors: readonly string[]): Promise<JospDriver> {
  openAccounts('consumer', ...investors);
  const d = new JospDriver('2025-02-28T00:00:00.000Z');
  await d.submit(ADMIN, (c, ctx) => c.points.Mint(ctx, 'mint0', '100000'));
  await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg', 'm1', 'Shop', 'Lhasa'));
  await d.fund('m1', 50_000);
  for (const investor of investors) {
    await d.fund(investor, maxSubscription);
  }
  await d.submit(merchant('m1'), (c, ctx) =>
    c.josp.OpenPlan(ctx, 'open', 'p1', '', String(capPoints), '0', '1', String(maxSubscription), WINDOW_START, WINDOW_END, MATURITY, ''),
  );
  d.setTime(IN_WINDOW);
  return d;
}

function overlaps(reads: ReadonlySet<string>, writes: ReadonlyMap<string, unknown>): string[] {
  return [...writes.keys()].filter((key) => reads.has(key));
}

describe('josp: plan tranches', () => {
  it('splits the cap into as many tranches as hold a full position, at most 16, with shares summing to the cap', () => {
    expect(trancheCount(2_000, 1_000)).toBe(2);
    expect(trancheCount(999, 1_000)).toBe(1);
    expect(trancheCount(7_800, 150)).toBe(MAX_TRANCHES);
    const plan = { capPoints: 7_805, tranches: trancheCount(7_805, 150) };
    const shares = Array.from({ length: plan.tranches }, (_, t) => allotmentOf(plan, t));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(7_805);
    expect(Math.max(...shares) - Math.min(...shares)).toBe(1);
  });

  it('lets investors of different home tranches subscribe without reading what the other writes, never writing the plan', async () => {
    const [alice] = investorsHomedAt(0, MAX_TRANCHES, 1, 'a');
    const [bob] = investorsHomedAt(5, MAX_TRANCHES, 1, 'b');
    if (alice === undefined || bob === undefined) {
      throw new Error('no investor names found');
    }
    const d = await planDriver(16_000, 500, [alice, bob]);
    const runs: FakeStub[] = [];
    for (const investor of [alice, bob]) {
      runs.push((await d.run(consumer(investor), (c, ctx) => c.josp.Subscribe(ctx, `s-${investor}`, 'p1', '500'))).stub);
    }
    const [first, second] = runs;
    if (first === undefined || second === undefined) {
      throw new Error('subscriptions did not run');
    }
    // Endorsed at the same time, both would validate: neither read a key the other wrote.
    expect(overlaps(first.reads, second.writes)).toEqual([]);
    expect(overlaps(second.reads, first.writes)).toEqual([]);
    const planKey = '\u0000jospplan\u0000p1\u0000';
    expect(first.writes.has(planKey) || second.writes.has(planKey)).toBe(false);
    expect(await d.submit(ADMIN, (c, ctx) => c.josp.GetPlan(ctx, 'p1'))).toMatchObject({ raised: 1_000, investors: 2, tranches: 16 });
  });

  it('fills a plan to exactly its cap from one home tranche, drawing on the others, then refuses', async () => {
    const crowd = investorsHomedAt(2, 4, 5, 'c');
    const d = await planDriver(1_000, 250, crowd);
    for (const investor of crowd.slice(0, 4)) {
      await d.submit(consumer(investor), (c, ctx) => c.josp.Subscribe(ctx, `s-${investor}`, 'p1', '250'));
    }
    const full = await d.fail(consumer(crowd[4] ?? ''), (c, ctx) => c.josp.Subscribe(ctx, 's-last', 'p1', '1'));
    expect(full).toMatchObject({ code: 'CAP_EXCEEDED', details: { capPoints: 1_000, raised: 1_000 } });
    expect(await d.submit(ADMIN, (c, ctx) => c.josp.GetPlan(ctx, 'p1'))).toMatchObject({ raised: 1_000, investors: 4, tranches: 4 });
    const positions = await d.submit(consumer(crowd[3] ?? ''), (c, ctx) => c.josp.ListPositions(ctx, crowd[3] ?? '', '5', ''));
    expect(positions.items).toEqual([expect.objectContaining({ tranche: 2, seq: 3, principal: 250 })]);

    d.setTime(MATURITY);
    const settled = await d.submit(ADMIN, (c, ctx) => c.josp.SettlePlan(ctx, 'settle', 'p1', '10'));
    expect(settled.plan).toMatchObject({ status: 'SETTLED', processed: 4, raised: 1_000 });
    expect((settled.payouts as { investor: string }[]).map((p) => p.investor)).toEqual(crowd.slice(0, 4));
    for (const investor of crowd.slice(0, 4)) {
      expect(await d.balance(investor)).toBe(252);
    }
    expect(await d.invariant()).toMatchObject({ escrows: 0, holds: true });
  });
});
