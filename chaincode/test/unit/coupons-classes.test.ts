import { openAccounts } from '../support/accounts';
import { createClass, withMerchants } from '../support/coupons';
import { expectLedgerError } from '../support/failure';
import { AUDITOR, consumer, merchant } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('merchant', 'shop-d');

const A = merchant('shop-a');
const C = merchant('shop-c');
const X = consumer('x');
const Y = consumer('y');

describe('coupons: classes and distribution', () => {
  it('creates a class with its rules, refusing a retry while its first answer stays readable', async () => {
    const driver = await withMerchants('shop-a', 'shop-c');
    const created = await createClass(driver, A, 'a100', {
      acceptance: { kind: 'merchants', merchants: ['shop-c', 'shop-c'] },
      minSpendFen: 100,
    });
    expect(created).toMatchObject({
      classId: 'a100',
      issuer: 'shop-a',
      faceValueFen: 10_000,
      supply: 1_000,
      allocated: 0,
      validFrom: '2025-02-28T16:00:00.000Z',
      validUntil: '2025-03-31T16:00:00.000Z',
      acceptance: { kind: 'merchants', merchants: ['shop-c'] },
      rebateBps: 5_000,
      transferable: true,
      resellable: true,
    });
    const retry = await expectLedgerError(() =>
      createClass(driver, A, 'a100', { acceptance: { kind: 'merchants', merchants: ['shop-c', 'shop-c'] }, minSpendFen: 100 }),
    );
    await expectRefusedRetry(driver.ledger, A, retry, 'create-a100', created);
    expect(
      (
        await driver.fail(C, (c, ctx) =>
          c.CreateClass(
            ctx,
            'x',
            'a100',
            'n',
            '1',
            '1',
            '2025-03-01T00:00:00Z',
            '2025-03-02T00:00:00Z',
            '0',
            '{"kind":"issuer"}',
            '0',
            'true',
            'true',
          ),
        )
      ).code,
    ).toBe('ALREADY_EXISTS');
    expect(await driver.submit(AUDITOR, (c, ctx) => c.GetClass(ctx, 'a100'))).toEqual(created);
  });

  it.each([
    ['a bad acceptance', { acceptance: { kind: 'everyone' } }],
    ['an empty merchant list', { acceptance: { kind: 'merchants', merchants: [] } }],
    ['a window that ends before it starts', { validUntil: '2025-02-01T00:00:00Z' }],
    ['a rebate above 100%', { rebateBps: 10_001 }],
    ['a zero face value', { faceValueFen: 0 }],
  ])('refuses %s', async (_label, options) => {
    const driver = await withMerchants('shop-a');
    await expect(createClass(driver, A, 'bad', options)).rejects.toThrow(/INVALID_ARGUMENT/);
  });

  it('refuses alliance acceptance by a non-member and classes by unregistered merchants or consumers', async () => {
    const driver = await withMerchants('shop-a', 'shop-c');
    await driver.submit(C, (c, ctx) => c.CreateAlliance(ctx, 'al', 'east', 'East'));
    await expect(createClass(driver, A, 'k', { acceptance: { kind: 'alliance', allianceId: 'east' } })).rejects.toThrow(/FORBIDDEN/);
    await expect(createClass(driver, merchant('ghost'), 'k')).rejects.toThrow(/FORBIDDEN/);
    await expect(createClass(driver, X, 'k')).rejects.toThrow(/FORBIDDEN/);
  });

  it('issues more and revokes unissued coupons, issuer only, never below what is out', async () => {
    const driver = await withMerchants('shop-a', 'shop-c');
    await createClass(driver, A, 'a100', { quantity: 10 });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's', 'a100', 'x', '8'));
    expect((await driver.fail(A, (c, ctx) => c.SendCoupons(ctx, 's2', 'a100', 'y', '3'))).code).toBe('INSUFFICIENT_COUPONS');
    expect((await driver.fail(C, (c, ctx) => c.IssueMore(ctx, 'i0', 'a100', '5'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(A, (c, ctx) => c.IssueMore(ctx, 'i1', 'a100', '5'))).toMatchObject({ supply: 15, allocated: 8 });
    expect((await driver.fail(A, (c, ctx) => c.RevokeUnissued(ctx, 'r0', 'a100', '8'))).code).toBe('INSUFFICIENT_COUPONS');
    expect(await driver.submit(A, (c, ctx) => c.RevokeUnissued(ctx, 'r1', 'a100', '7'))).toMatchObject({ supply: 8, revoked: 7 });
    expect(await driver.supply('a100')).toMatchObject({ supply: 8, allocated: 8, unissued: 0, holdings: 8, holds: true });
  });

  it('runs a claim with a per-person limit and a total, and returns unclaimed coupons on close', async () => {
    const driver = await withMerchants('shop-a');
    await createClass(driver, A, 'a100', { quantity: 10 });
    expect(await driver.submit(A, (c, ctx) => c.OpenClaim(ctx, 'oc', 'cl-1', 'a100', '2', '3'))).toMatchObject({
      perPerson: 2,
      total: 3,
      claimed: 0,
      open: true,
    });
    expect(await driver.supply('a100')).toMatchObject({ allocated: 3, claimable: 3, holds: true });
    expect(await driver.submit(X, (c, ctx) => c.ClaimCoupons(ctx, 'c1', 'cl-1', '2'))).toMatchObject({
      quantity: 2,
      claimedByHolder: 2,
      remaining: 1,
    });
    expect((await driver.fail(X, (c, ctx) => c.ClaimCoupons(ctx, 'c2', 'cl-1', '1'))).code).toBe('INSUFFICIENT_COUPONS');
    expect((await driver.fail(Y, (c, ctx) => c.ClaimCoupons(ctx, 'c1', 'cl-1', '2'))).code).toBe('INSUFFICIENT_COUPONS');
    expect((await driver.fail(A, (c, ctx) => c.ClaimCoupons(ctx, 'c1', 'cl-1', '1'))).code).toBe('FORBIDDEN');
    await driver.submit(A, (c, ctx) => c.CloseClaim(ctx, 'close', 'cl-1'));
    expect((await driver.fail(Y, (c, ctx) => c.ClaimCoupons(ctx, 'c3', 'cl-1', '1'))).code).toBe('CONFLICT');
    expect(await driver.supply('a100')).toMatchObject({ allocated: 2, unissued: 8, holdings: 2, claimable: 0, holds: true });
  });

  it('transfers coupons of a transferable class only', async () => {
    const driver = await withMerchants('shop-a');
    await createClass(driver, A, 'free');
    await createClass(driver, A, 'bound', { transferable: false });
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's1', 'free', 'x', '2'));
    await driver.submit(A, (c, ctx) => c.SendCoupons(ctx, 's2', 'bound', 'x', '2'));
    expect(await driver.submit(X, (c, ctx) => c.TransferCoupons(ctx, 't1', 'free', 'y', '1'))).toMatchObject({
      from: 'x',
      to: 'y',
      quantity: 1,
    });
    expect((await driver.fail(X, (c, ctx) => c.TransferCoupons(ctx, 't2', 'bound', 'y', '1'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(X, (c, ctx) => c.TransferCoupons(ctx, 't3', 'free', 'y', '5'))).code).toBe('INSUFFICIENT_COUPONS');
    expect((await driver.fail(Y, (c, ctx) => c.GetCouponBalance(ctx, 'free', 'x'))).code).toBe('FORBIDDEN');
    expect(await driver.submit(A, (c, ctx) => c.GetCouponBalance(ctx, 'free', 'y'))).toEqual({ classId: 'free', holder: 'y', quantity: 1 });
  });

  it('lets only invited merchants join an alliance', async () => {
    const driver = await withMerchants('shop-a', 'shop-c', 'shop-d');
    await driver.submit(A, (c, ctx) => c.CreateAlliance(ctx, 'al', 'west', 'West'));
    expect((await driver.fail(C, (c, ctx) => c.JoinAlliance(ctx, 'j0', 'west'))).code).toBe('FORBIDDEN');
    expect((await driver.fail(C, (c, ctx) => c.InviteMerchant(ctx, 'i0', 'west', 'shop-d'))).code).toBe('FORBIDDEN');
    await driver.submit(A, (c, ctx) => c.InviteMerchant(ctx, 'i1', 'west', 'shop-c'));
    expect(await driver.submit(C, (c, ctx) => c.JoinAlliance(ctx, 'j1', 'west'))).toMatchObject({
      members: ['shop-a', 'shop-c'],
      invited: [],
    });
    expect((await driver.fail(A, (c, ctx) => c.InviteMerchant(ctx, 'i2', 'west', 'shop-c'))).code).toBe('ALREADY_EXISTS');
  });
});
