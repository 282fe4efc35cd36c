import { requireTimeWithinSkew } from '../../src/ledger/clock';
import { thrownBy } from '../support/failure';
import { FakeLedger } from '../support/fake-ledger';
import { parseJsonObject } from '../support/json';
import { ADMIN, AUDITOR, claimant, consumer, merchant, PointsDriver, who } from '../support/points';
import { invokeThroughShim } from '../support/shim';

const ACCOUNT_KEY = (id: string): string => `\u0000account\u0000${id}\u0000`;

async function withMerchant(): Promise<PointsDriver> {
  const driver = new PointsDriver();
  await driver.mint(100_000);
  await driver.register('m1', 'Beijing');
  return driver;
}

describe('account register: OpenAccount', () => {
  it('opens the account the certificate names for its MSP and role, and answers a repeat with the first entry', async () => {
    const driver = new PointsDriver();
    const shop = claimant('RetailMSP', 'merchant', 'shop-1');
    const { result, stub } = await driver.run(shop, (c, ctx) => c.OpenAccount(ctx));
    expect(JSON.parse(result)).toMatchObject({ account: 'shop-1', msp: 'RetailMSP', role: 'merchant', txId: stub.getTxID() });
    expect(stub.event?.name).toBe('OpenAccount');

    const again = await driver.run(shop, (c, ctx) => c.OpenAccount(ctx));
    expect(again.result).toBe(result);
    expect(again.stub.writes.size).toBe(0);
  });

  it('never lets another organisation or role open a held id', async () => {
    const driver = new PointsDriver();
    await driver.submit(claimant('RetailMSP', 'merchant', 'shop-1'), (c, ctx) => c.OpenAccount(ctx));
    const before = driver.ledger.read(ACCOUNT_KEY('shop-1'));

    for (const thief of [claimant('BankMSP', 'bank', 'shop-1'), claimant('RetailMSP', 'supplier', 'shop-1')]) {
      expect(await driver.fail(thief, (c, ctx) => c.OpenAccount(ctx))).toMatchObject({ code: 'ACCOUNT_HELD' });
    }
    expect(driver.ledger.read(ACCOUNT_KEY('shop-1'))).toEqual(before);
  });

  it('has no entry for the treasury or auditors', async () => {
    const driver = new PointsDriver();
    expect((await driver.fail(ADMIN, (c, ctx) => c.OpenAccount(ctx))).code).toBe('FORBIDDEN');
    expect((await driver.fail(AUDITOR, (c, ctx) => c.OpenAccount(ctx))).code).toBe('FORBIDDEN');
  });
});

describe('account register: ownership of every act', () => {
  it('refuses a foreign certificate naming a merchant account, and leaves its balance alone', async () => {
    const driver = await withMerchant();
    const before = await driver.balance('m1');
    const forged = claimant('BankMSP', 'bank', 'm1');

    const transfer = await driver.fail(forged, (c, ctx) => c.Transfer(ctx, 'loot', 'treasury', '5000'));
    expect(transfer).toMatchObject({ code: 'FORBIDDEN', details: { account: 'm1', msp: 'BankMSP' } });
    expect((await driver.fail(forged, (c, ctx) => c.GetBalance(ctx, 'm1'))).code).toBe('FORBIDDEN');
    expect(await driver.balance('m1')).toBe(before);
  });

  it('refuses every act of an account nobody opened', async () => {
    const driver = await withMerchant();
    const stranger = claimant('PlatformMSP', 'consumer', 'ghost');
    expect(await driver.fail(stranger, (c, ctx) => c.Transfer(ctx, 't1', 'm1', '1'))).toMatchObject({ code: 'ACCOUNT_NOT_OPEN' });
  });

  it('refuses a transfer to an account nobody opened', async () => {
    const driver = await withMerchant();
    const refused = await driver.fail(merchant('m1'), (c, ctx) => c.Transfer(ctx, 't1', 'nobody', '10'));
    expect(refused).toMatchObject({ code: 'ACCOUNT_NOT_OPEN', details: { account: 'nobody' } });
  });

  it("opens a walk-in customer's id for the platform's consumers on a purchase, so no other org can take it", async () => {
    const driver = await withMerchant();
    await driver.submit(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'o1', 'walk-in', '10000', '', '0'));
    expect(JSON.parse(String(driver.ledger.read(ACCOUNT_KEY('walk-in'))))).toMatchObject({
      msp: 'PlatformMSP',
      role: 'consumer',
      openedBy: 'purchase:m1',
    });
    const squatter = claimant('BankMSP', 'bank', 'walk-in');
    expect((await driver.fail(squatter, (c, ctx) => c.OpenAccount(ctx))).code).toBe('ACCOUNT_HELD');
    expect((await driver.fail(squatter, (c, ctx) => c.Transfer(ctx, 't1', 'm1', '1'))).code).toBe('FORBIDDEN');
    const signedUp = claimant('PlatformMSP', 'consumer', 'walk-in');
    await driver.submit(signedUp, (c, ctx) => c.OpenAccount(ctx));
    expect(await driver.submit(signedUp, (c, ctx) => c.Transfer(ctx, 't2', 'm1', '1'))).toMatchObject({ from: 'walk-in' });
  });

  it('refuses a purchase crediting an account of another role', async () => {
    const driver = await withMerchant();
    await driver.register('m2', 'Beijing');
    const refused = await driver.fail(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'o1', 'm2', '10000', '', '0'));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { account: 'm2', role: 'merchant' } });
  });
});

describe('transaction time bound', () => {
  const NOW = Date.parse('2026-06-01T00:00:00.000Z');

  it('accepts a timestamp within the bound either way and refuses one beyond it with TIME_SKEW', () => {
    expect(() => {
      requireTimeWithinSkew(NOW + 300_000, NOW, 300_000);
    }).not.toThrow();
    expect(() => {
      requireTimeWithinSkew(NOW - 300_000, NOW, 300_000);
    }).not.toThrow();
    expect(
      thrownBy(() => {
        requireTimeWithinSkew(NOW + 300_001, NOW, 300_000);
      }),
    ).toMatchObject({ code: 'TIME_SKEW' });
    expect(
      thrownBy(() => {
        requireTimeWithinSkew(NOW - 3_600_000, NOW, 300_000);
      }),
    ).toMatchObject({ code: 'TIME_SKEW' });
  });

  it('is checked before every transaction fabric-shim dispatches, writes included, and writes nothing', async () => {
    const ledger = new FakeLedger();
    const hourAhead = new Date(Date.now() + 3_600_000);
    const refused = await invokeThroughShim(ledger, 'points:Mint', ['m1', '100'], { ...ADMIN, txTime: hourAhead });
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.message)).toMatchObject({ code: 'TIME_SKEW', details: { maxSkewSeconds: 300 } });
    const ping = await invokeThroughShim(ledger, 'system:Ping', [], { txTime: hourAhead });
    expect(JSON.parse(ping.message)).toMatchObject({ code: 'TIME_SKEW' });
    expect(ledger.keys()).toEqual([]);

    const inTime = await invokeThroughShim(ledger, 'points:Mint', ['m1', '100'], { ...ADMIN, txTime: new Date(Date.now() - 60_000) });
    expect(inTime.status).toBe(200);
  });

  it('takes its bound from the platform parameters', async () => {
    const ledger = new FakeLedger();
    const params = await invokeThroughShim(ledger, 'points:GetParams', [], AUDITOR);
    const document = { ...parseJsonObject(params.payload), maxClockSkewSeconds: 3_600 };
    expect((await invokeThroughShim(ledger, 'points:UpdateParams', ['p1', JSON.stringify(document)], ADMIN)).status).toBe(200);
    const halfHourAhead = new Date(Date.now() + 1_800_000);
    expect((await invokeThroughShim(ledger, 'points:Mint', ['m1', '100'], { ...ADMIN, txTime: halfHourAhead })).status).toBe(200);
  });
});

describe('roles no org may mint', () => {
  it('refuses a retail certificate claiming the platform admin role', async () => {
    const driver = new PointsDriver();
    expect((await driver.fail(who('RetailMSP', 'admin'), (c, ctx) => c.Mint(ctx, 'm1', '100'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(consumer('c1'), (c, ctx) => c.Mint(ctx, 'm1', '100'))).code).toBe('FORBIDDEN');
  });
});
