import { parseLedgerError } from '@loulan/protocol';

import { openAccounts } from '../support/accounts';
import { FakeLedger } from '../support/fake-ledger';
import { ADMIN, AUDITOR, consumer, merchant, PointsDriver } from '../support/points';
import { invokeThroughShim } from '../support/shim';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('consumer', 'c1', 'c2', 'c3');

interface Line {
  delta: number;
  kind: string;
  counterparty: string | null;
}

describe('points: a month of business', () => {
  it('keeps Σ balances = minted − burned and gives each account a complete statement', async () => {
    const driver = new PointsDriver('2025-03-10T04:00:00.000Z');
    await driver.mint(500_000);
    await driver.register('m1', 'Hangzhou');
    await driver.register('m2', 'Lhasa');
    await driver.submit(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '250000', driver.now, '5'));
    await driver.submit(merchant('m2'), (c, ctx) => c.RecordPurchase(ctx, 'o2', 'c1', '10000', driver.now, '6'));
    await driver.submit(consumer('c1'), (c, ctx) => c.RedeemPoints(ctx, 'r1', 'm2', 'o2', '500', '6'));
    await driver.submit(consumer('c1'), (c, ctx) => c.Transfer(ctx, 't1', 'c2', '700'));
    await driver.submit(ADMIN, (c, ctx) => c.ListProduct(ctx, 'l1', 'cup', 'Cup', '400', '5'));
    await driver.submit(consumer('c1'), (c, ctx) => c.BuyProduct(ctx, 'b1', 'cup', '2'));
    await driver.submit(ADMIN, (c, ctx) => c.Burn(ctx, 'burn1', '1000'));
    driver.setTime('2025-04-01T00:00:00.000Z');
    await driver.submit(ADMIN, (c, ctx) => c.PayMonthlyReward(ctx, 'rw1', 'm1', '202503'));

    const invariant = await driver.submit(AUDITOR, (c, ctx) => c.CheckInvariant(ctx));
    expect(invariant).toEqual({ minted: 500_000, burned: 1_000, balances: 499_000, escrows: 0, holds: true });

    // c1: +2,500, then +120 (×1.2: 2,500 yuan in the window), −500, −700, −800
    expect(await driver.balance('c1')).toBe(620);
    const pages: Line[][] = [];
    let bookmark = '';
    do {
      const page = await driver.submit(consumer('c1'), (c, ctx) => c.GetStatement(ctx, 'c1', '2', bookmark));
      pages.push(page.items as Line[]);
      bookmark = String(page.bookmark);
    } while (bookmark !== '');
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map(({ delta, kind, counterparty }) => ({ delta, kind, counterparty }))).toEqual([
      { delta: 2_500, kind: 'PURCHASE_EARN', counterparty: 'm1' },
      { delta: 120, kind: 'PURCHASE_EARN', counterparty: 'm2' },
      { delta: -500, kind: 'REDEMPTION', counterparty: 'm2' },
      { delta: -700, kind: 'TRANSFER', counterparty: 'c2' },
      { delta: -800, kind: 'PRODUCT_PURCHASE', counterparty: 'treasury' },
    ]);
    const total = pages.flat().reduce((sum, line) => sum + line.delta, 0);
    expect(total).toBe(620);
  });

  it('shows a statement only to its owner, admins and auditors', async () => {
    const driver = new PointsDriver();
    await driver.mint(100);
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 't1', 'c1', '10'));
    const statement = await driver.submit(AUDITOR, (c, ctx) => c.GetStatement(ctx, 'c1', '100', ''));
    expect(statement).toMatchObject({
      account: 'c1',
      bookmark: '',
      items: [{ account: 'c1', delta: 10, kind: 'TRANSFER', requestId: 't1', reference: null }],
    });
    expect((await driver.fail(consumer('c2'), (c, ctx) => c.GetStatement(ctx, 'c1', '10', ''))).code).toBe('FORBIDDEN');
    expect((await driver.fail(consumer('c2'), (c, ctx) => c.GetBalance(ctx, 'c1'))).code).toBe('FORBIDDEN');
  });

  it.each(['0', '101', 'ten'])('refuses the page size %j', async (pageSize) => {
    const driver = new PointsDriver();
    expect((await driver.fail(AUDITOR, (c, ctx) => c.GetStatement(ctx, 'c1', pageSize, ''))).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses a bookmark that points outside the account’s statement', async () => {
    const driver = new PointsDriver();
    await driver.mint(100);
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 't1', 'c1', '10'));
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 't2', 'c1', '10'));
    const page = await driver.submit(ADMIN, (c, ctx) => c.GetStatement(ctx, 'c1', '1', ''));
    const foreign = Buffer.from('\u0000movement\u0000a\u0000', 'utf8').toString('base64url');
    for (const bookmark of [foreign, 'not base64!', `${String(page.bookmark)}=`]) {
      expect((await driver.fail(consumer('c1'), (c, ctx) => c.GetStatement(ctx, 'c1', '1', bookmark))).code).toBe('INVALID_ARGUMENT');
    }
    // A bookmark of c1's statement is no key into c2's.
    expect((await driver.fail(ADMIN, (c, ctx) => c.GetStatement(ctx, 'c2', '1', String(page.bookmark)))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('points through fabric-shim', () => {
  it('routes points:<Transaction>, reads identities from certificates and returns parseable errors', async () => {
    const ledger = new FakeLedger();
    const minted = await invokeThroughShim(ledger, 'points:Mint', ['m1', '100'], ADMIN);
    expect(minted.status).toBe(200);
    expect(JSON.parse(minted.payload)).toMatchObject({ minted: 100 });

    const forbidden = await invokeThroughShim(
      ledger,
      'points:RecordPurchase',
      ['o1', 'c2', '100', '2025-01-01T00:00:00Z', '0'],
      consumer('c1'),
    );
    expect(forbidden.status).toBe(500);
    expect(parseLedgerError(forbidden.message)?.code).toBe('FORBIDDEN');

    const balance = await invokeThroughShim(ledger, 'points:GetBalance', ['treasury'], AUDITOR);
    expect(JSON.parse(balance.payload)).toEqual({ account: 'treasury', balance: 100 });
  });

  it('refuses a retried write with a parseable REQUEST_COMMITTED, and answers its first result through GetRequest', async () => {
    const ledger = new FakeLedger();
    const minted = await invokeThroughShim(ledger, 'points:Mint', ['m1', '100'], { ...ADMIN, txId: 'tx-first' });
    const keys = ledger.keys();

    const retry = await invokeThroughShim(ledger, 'points:Mint', ['m1', '100'], { ...ADMIN, txId: 'tx-retry' });
    expect(retry.status).toBe(500);
    expect(parseLedgerError(retry.message)).toMatchObject({ code: 'REQUEST_COMMITTED', details: { requestId: 'm1', txId: 'tx-first' } });
    expect(ledger.keys()).toEqual(keys);

    const record = await invokeThroughShim(ledger, 'points:GetRequest', ['m1'], ADMIN);
    expect(JSON.parse(record.payload)).toEqual({ requestId: 'm1', txId: 'tx-first', result: minted.payload });
  });
});
