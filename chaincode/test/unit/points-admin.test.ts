import { DEFAULT_PARAMS } from '../../src/points/params';
import { openAccounts } from '../support/accounts';
import { parseJson } from '../support/json';
import { match } from '../support/matchers';
import { ADMIN, AUDITOR, claimant, consumer, merchant, PointsDriver, who } from '../support/points';
import { expectRefusedRetry, requestRecord } from '../support/replay';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('consumer', 'c1', 'c2');

describe('points: parameters', () => {
  it('answers the defaults with version 0 before any update', async () => {
    const driver = new PointsDriver();
    expect(await driver.submit(consumer('c1'), (c, ctx) => c.GetParams(ctx))).toEqual({
      ...JSON.parse(JSON.stringify(DEFAULT_PARAMS)),
      version: 0,
    });
  });

  it('replaces the document, bumps the version and emits ParamsChanged with it', async () => {
    const driver = new PointsDriver();
    const json = JSON.stringify({ ...DEFAULT_PARAMS, redemptionCapBps: 3_000 });
    const { result, stub } = await driver.run(ADMIN, (c, ctx) => c.UpdateParams(ctx, 'p1', json));
    const doc = parseJson(result);
    expect(doc).toMatchObject({ redemptionCapBps: 3_000, version: 1, updatedByTxId: stub.getTxID() });
    expect(stub.event?.name).toBe('ParamsChanged');
    expect(stub.event?.payload.toString('utf8')).toBe(result);
    expect(await driver.submit(AUDITOR, (c, ctx) => c.GetParams(ctx))).toEqual(doc);

    await driver.submit(ADMIN, (c, ctx) => c.UpdateParams(ctx, 'p2', json));
    expect((await driver.submit(ADMIN, (c, ctx) => c.GetParams(ctx))).version).toBe(2);
  });

  it('refuses a merchant and an invalid document', async () => {
    const driver = new PointsDriver();
    const json = JSON.stringify(DEFAULT_PARAMS);
    expect((await driver.fail(merchant('m1'), (c, ctx) => c.UpdateParams(ctx, 'p1', json))).code).toBe('FORBIDDEN');
    expect((await driver.fail(ADMIN, (c, ctx) => c.UpdateParams(ctx, 'p1', '[]'))).code).toBe('INVALID_ARGUMENT');
  });

  it('sets the shelf dispute window, and refuses one out of bounds leaving the document as it was', async () => {
    const driver = new PointsDriver();
    const withWindow = (value: unknown): string => JSON.stringify({ ...DEFAULT_PARAMS, disputeWindowSeconds: value });
    for (const bad of [0, 59, 2_592_001, 120.5]) {
      expect(await driver.fail(ADMIN, (c, ctx) => c.UpdateParams(ctx, 'p1', withWindow(bad)))).toMatchObject({
        code: 'INVALID_ARGUMENT',
        details: { field: 'disputeWindowSeconds', min: 60, max: 2_592_000 },
      });
    }
    expect(await driver.submit(AUDITOR, (c, ctx) => c.GetParams(ctx))).toMatchObject({ disputeWindowSeconds: 259_200, version: 0 });
    expect(await driver.submit(ADMIN, (c, ctx) => c.UpdateParams(ctx, 'p1', withWindow(60)))).toMatchObject({
      disputeWindowSeconds: 60,
      version: 1,
    });
    expect(await driver.submit(AUDITOR, (c, ctx) => c.GetParams(ctx))).toMatchObject({ disputeWindowSeconds: 60, version: 1 });
  });
});

describe('points: supply', () => {
  it('mints into and burns from the treasury, keeping the invariant', async () => {
    const driver = new PointsDriver();
    const minted = await driver.submit(ADMIN, (c, ctx) => c.Mint(ctx, 'm-1', '1000'));
    expect(minted).toMatchObject({ requestId: 'm-1', points: 1_000, minted: 1_000, burned: 0 });
    const burned = await driver.submit(ADMIN, (c, ctx) => c.Burn(ctx, 'b-1', '300'));
    expect(burned).toMatchObject({ points: 300, minted: 1_000, burned: 300 });
    expect(await driver.balance('treasury')).toBe(700);
    expect(await driver.submit(AUDITOR, (c, ctx) => c.CheckInvariant(ctx))).toEqual({
      minted: 1_000,
      burned: 300,
      balances: 700,
      escrows: 0,
      holds: true,
    });
  });

  it('refuses to burn more than the treasury holds', async () => {
    const driver = new PointsDriver();
    await driver.mint(10);
    expect(await driver.fail(ADMIN, (c, ctx) => c.Burn(ctx, 'b-1', '11'))).toMatchObject({
      code: 'INSUFFICIENT_POINTS',
      details: { account: 'treasury', needed: 11, available: 10 },
    });
  });

  it.each(['0', '-1', '1e3', '01', '1000000000001', ''])('refuses the amount %j', async (points) => {
    const driver = new PointsDriver();
    expect((await driver.fail(ADMIN, (c, ctx) => c.Mint(ctx, 'm-1', points))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('points: roles', () => {
  it('lets no auditor write, whatever the transaction', async () => {
    const driver = new PointsDriver();
    expect((await driver.fail(AUDITOR, (c, ctx) => c.Mint(ctx, 'x', '1'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(AUDITOR, (c, ctx) => c.Transfer(ctx, 'x', 'c1', '1'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(AUDITOR, (c, ctx) => c.RebalanceLanes(ctx, 'x'))).code).toBe('FORBIDDEN');
  });

  it('refuses an admin certificate issued by the retail CA', async () => {
    const driver = new PointsDriver();
    const forged = who('RetailMSP', 'admin');
    expect((await driver.fail(forged, (c, ctx) => c.Mint(ctx, 'x', '1'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(forged, (c, ctx) => c.GetParams(ctx))).code).toBe('FORBIDDEN');
  });

  it('refuses a consumer minting', async () => {
    const driver = new PointsDriver();
    expect((await driver.fail(consumer('c1'), (c, ctx) => c.Mint(ctx, 'x', '1'))).code).toBe('FORBIDDEN');
  });
});

describe('points: RegisterMerchant', () => {
  it.each([
    ['Shanghai', 1, 50_000],
    ['chengdu', 2, 30_000],
    ['Suzhou', 3, 20_000],
  ])('pays the join bonus for %s (tier %i) from the treasury', async (region, tier, bonus) => {
    const driver = new PointsDriver();
    await driver.mint(100_000);
    const { result, stub } = await driver.run(ADMIN, (c, ctx) => c.RegisterMerchant(ctx, 'r1', 'm1', 'Shop', region));
    expect(JSON.parse(result)).toEqual({
      merchantId: 'm1',
      name: 'Shop',
      region,
      tier,
      joinBonus: bonus,
      registeredAt: stub.getDateTimestamp().toISOString(),
      txId: stub.getTxID(),
    });
    expect(stub.event?.name).toBe('RegisterMerchant');
    expect(await driver.balance('m1')).toBe(bonus);
    expect(await driver.balance('treasury')).toBe(100_000 - bonus);
    expect(await driver.submit(consumer('c1'), (c, ctx) => c.GetMerchant(ctx, 'm1'))).toEqual(JSON.parse(result));
  });

  it('refuses a second registration under another request id with ALREADY_EXISTS', async () => {
    const driver = new PointsDriver();
    await driver.mint(100_000);
    await driver.register('m1', 'Beijing');
    const error = await driver.fail(ADMIN, (c, ctx) => c.RegisterMerchant(ctx, 'r2', 'm1', 'Shop', 'Beijing'));
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS', details: { merchantId: 'm1' } });
    expect(await driver.balance('m1')).toBe(50_000);
  });

  it('refuses when the treasury cannot pay the bonus', async () => {
    const driver = new PointsDriver();
    await driver.mint(100);
    expect((await driver.fail(ADMIN, (c, ctx) => c.RegisterMerchant(ctx, 'r1', 'm1', 'Shop', 'Beijing'))).code).toBe('INSUFFICIENT_POINTS');
    expect((await driver.fail(ADMIN, (c, ctx) => c.GetMerchant(ctx, 'm1'))).code).toBe('NOT_FOUND');
  });
});

describe('points: exactly once', () => {
  it('refuses a retry at endorsement, naming the first transaction, and keeps its answer readable', async () => {
    const driver = new PointsDriver();
    await driver.mint(100_000);
    const first = await driver.run(ADMIN, (c, ctx) => c.RegisterMerchant(ctx, 'r1', 'm1', 'Shop', 'Beijing'));
    const keysBefore = driver.ledger.keys();

    const retry = await driver.fail(ADMIN, (c, ctx) => c.RegisterMerchant(ctx, 'r1', 'm1', 'Shop', 'Beijing'));

    expect(await expectRefusedRetry(driver.ledger, ADMIN, retry, 'r1', first.result)).toBe(first.stub.getTxID());
    expect(driver.ledger.keys()).toEqual(keysBefore);
    expect(await driver.balance('m1')).toBe(50_000);
  });

  it('answers GetRequest from the caller’s own records only: the same id of another account is another record', async () => {
    const driver = new PointsDriver();
    await driver.mint(100_000);
    const toC1 = await driver.run(ADMIN, (c, ctx) => c.Transfer(ctx, 'shared-id', 'c1', '500'));
    const byC1 = await driver.run(consumer('c1'), (c, ctx) => c.Transfer(ctx, 'shared-id', 'c2', '200'));

    expect(await requestRecord(driver.ledger, ADMIN, 'shared-id')).toEqual({
      requestId: 'shared-id',
      txId: toC1.stub.getTxID(),
      result: toC1.result,
    });
    expect(await requestRecord(driver.ledger, consumer('c1'), 'shared-id')).toEqual({
      requestId: 'shared-id',
      txId: byC1.stub.getTxID(),
      result: byC1.result,
    });
    for (const other of [consumer('c2'), AUDITOR]) {
      expect(await driver.fail(other, (c, ctx) => c.GetRequest(ctx, 'shared-id'))).toEqual({
        code: 'NOT_FOUND',
        message: match.any(String),
        details: { requestId: 'shared-id' },
      });
    }
    expect((await driver.fail(ADMIN, (c, ctx) => c.GetRequest(ctx, 'never-used'))).code).toBe('NOT_FOUND');
    expect((await driver.fail(ADMIN, (c, ctx) => c.GetRequest(ctx, 'bad id'))).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses GetRequest to a certificate naming an account that another organisation owns', async () => {
    const driver = new PointsDriver();
    await driver.mint(100_000);
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 'fund-c1', 'c1', '500'));
    await driver.submit(consumer('c1'), (c, ctx) => c.Transfer(ctx, 'c1-pays', 'c2', '200'));

    const forged = claimant('BankMSP', 'bank', 'c1');
    expect((await driver.fail(forged, (c, ctx) => c.GetRequest(ctx, 'c1-pays'))).code).toBe('FORBIDDEN');
  });

  it('refuses the same id with different arguments with DUPLICATE_REQUEST', async () => {
    const driver = new PointsDriver();
    const first = await driver.run(ADMIN, (c, ctx) => c.Mint(ctx, 'x1', '100'));
    const error = await driver.fail(ADMIN, (c, ctx) => c.Mint(ctx, 'x1', '200'));
    expect(error).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { requestId: 'x1', txId: first.stub.getTxID() } });
    expect(await driver.balance('treasury')).toBe(100);
  });

  it('keeps request ids apart per caller account', async () => {
    const driver = new PointsDriver();
    await driver.mint(1_000);
    await driver.submit(ADMIN, (c, ctx) => c.Transfer(ctx, 'same-id', 'c1', '100'));
    await driver.submit(consumer('c1'), (c, ctx) => c.Transfer(ctx, 'same-id', 'c2', '40'));
    expect([await driver.balance('c1'), await driver.balance('c2')]).toEqual([60, 40]);
  });
});
