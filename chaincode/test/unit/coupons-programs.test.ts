import { createClass, withMerchants } from '../support/coupons';
import { ADMIN, consumer, merchant } from '../support/points';

const A = merchant('shop-a');
const C = merchant('shop-c');
const X = consumer('x');
const Y = consumer('y');

describe('coupons: point programs', () => {
  it('registers a merchant program: only the owner issues, holders transfer, the supply check holds', async () => {
    const driver = await withMerchants('shop-a', 'shop-c');
    expect(await driver.submit(A, (c, ctx) => c.CreateProgram(ctx, 'p', 'beans', 'Beans', '', '2'))).toMatchObject({
      owner: 'shop-a',
      allianceId: null,
      pointValueFen: 2,
      issued: 0,
    });
    expect(await driver.submit(A, (c, ctx) => c.IssueProgramPoints(ctx, 'i1', 'beans', 'x', '500'))).toMatchObject({
      to: 'x',
      points: 500,
      issued: 500,
    });
    expect((await driver.fail(C, (c, ctx) => c.IssueProgramPoints(ctx, 'i2', 'beans', 'x', '1'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(X, (c, ctx) => c.TransferProgramPoints(ctx, 't1', 'beans', 'y', '200'))).toMatchObject({
      from: 'x',
      to: 'y',
      points: 200,
    });
    expect((await driver.fail(Y, (c, ctx) => c.TransferProgramPoints(ctx, 't2', 'beans', 'x', '201'))).code).toBe('INSUFFICIENT_POINTS');
    expect(await driver.submit(Y, (c, ctx) => c.GetProgramBalance(ctx, 'beans', 'y'))).toEqual({
      programId: 'beans',
      account: 'y',
      points: 200,
    });
    expect((await driver.fail(Y, (c, ctx) => c.GetProgramBalance(ctx, 'beans', 'x'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(ADMIN, (c, ctx) => c.CheckProgramSupply(ctx, 'beans'))).toEqual({
      programId: 'beans',
      issued: 500,
      balances: 500,
      escrowed: 0,
      holds: true,
    });
    expect(await driver.balance('x')).toBe(0);
  });

  it('lets every member of an alliance issue the alliance program', async () => {
    const driver = await withMerchants('shop-a', 'shop-c');
    await driver.submit(A, (c, ctx) => c.CreateAlliance(ctx, 'al', 'west', 'West'));
    await driver.submit(A, (c, ctx) => c.InviteMerchant(ctx, 'inv', 'west', 'shop-c'));
    expect((await driver.fail(C, (c, ctx) => c.CreateProgram(ctx, 'p', 'west-pts', 'West points', 'west', '1'))).code).toBe('FORBIDDEN');
    await driver.submit(C, (c, ctx) => c.JoinAlliance(ctx, 'join', 'west'));
    await driver.submit(A, (c, ctx) => c.CreateProgram(ctx, 'p', 'west-pts', 'West points', 'west', '1'));
    expect(await driver.submit(C, (c, ctx) => c.IssueProgramPoints(ctx, 'i', 'west-pts', 'x', '10'))).toMatchObject({ issued: 10 });
  });

  it('exchanges program points for coupons through the order book, atomically', async () => {
    const driver = await withMerchants('shop-a');
    await createClass(driver, A, 'a100', { faceValueFen: 10_000 });
    expect(
      (
        await driver.fail(A, (c, ctx) =>
          c.CreateClass(
            ctx,
            'bad',
            'program:x',
            'n',
            '1',
            '1',
            '2025-03-01T00:00:00Z',
            '2025-04-01T00:00:00Z',
            '0',
            '{"kind":"issuer"}',
            '0',
            'true',
            'true',
          ),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT');
    await driver.submit(A, (c, ctx) => c.CreateProgram(ctx, 'p', 'beans', 'Beans', '', '1'));
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's', 'a100', 'x', '1'));
    await driver.submit(A, (c, ctx) => c.IssueProgramPoints(ctx, 'i', 'beans', 'y', '12000'));

    await driver.submit(X, (c, ctx) => c.PlaceOrder(ctx, 'o', 'ox', 'a100', '1', 'program:beans', '9000'));
    await driver.submit(Y, (c, ctx) => c.PlaceOrder(ctx, 'o', 'oy', 'program:beans', '12000', 'a100', '1'));
    expect(await driver.submit(ADMIN, (c, ctx) => c.CheckProgramSupply(ctx, 'beans'))).toMatchObject({
      balances: 0,
      escrowed: 12_000,
      holds: true,
    });
    expect((await driver.submit(X, (c, ctx) => c.ListOpenOrders(ctx, '10', ''))).items).toEqual([
      expect.objectContaining({
        giveUnitValueFen: 10_000,
        wantUnitValueFen: 1,
        giveValidUntil: '2025-03-31T16:00:00.000Z',
        wantValidUntil: null,
      }),
      expect.objectContaining({ giveUnitValueFen: 1, wantUnitValueFen: 10_000, giveValidUntil: null }),
    ]);

    const match = await driver.submit(ADMIN, (c, ctx) => c.ExecuteMatch(ctx, 'm', '["ox","oy"]'));
    expect(match).toMatchObject({ valueDifferenceFen: 3_000 });
    expect(await driver.submit(ADMIN, (c, ctx) => c.GetProgramBalance(ctx, 'beans', 'x'))).toMatchObject({ points: 9_000 });
    expect(await driver.submit(ADMIN, (c, ctx) => c.GetProgramBalance(ctx, 'beans', 'y'))).toMatchObject({ points: 3_000 });
    expect(await driver.held('a100', 'y')).toBe(1);
    expect(await driver.submit(ADMIN, (c, ctx) => c.CheckProgramSupply(ctx, 'beans'))).toMatchObject({
      balances: 12_000,
      escrowed: 0,
      holds: true,
    });
  });
});
