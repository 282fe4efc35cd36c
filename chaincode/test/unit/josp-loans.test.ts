import { openAccounts } from '../support/accounts';
import { bank, JospDriver } from '../support/josp';
import { ADMIN, AUDITOR, consumer, merchant } from '../support/points';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('merchant', 'm1');

const DUE = '2025-04-01T00:00:00.000Z';

async function setUp(): Promise<JospDriver> {
  const d = new JospDriver('2025-03-01T00:00:00.000Z');
  await d.submit(ADMIN, (c, ctx) => c.points.Mint(ctx, 'mint0', '100000'));
  await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg', 'm1', 'Shop', 'Lhasa'));
  return d;
}

async function offer(d: JospDriver, loanId: string): Promise<void> {
  await d.submit(bank('b1'), (c, ctx) => c.josp.OfferLoan(ctx, `offer-${loanId}`, loanId, 'm1', '5000000', '450', DUE, '10000'));
}

describe('josp: points-collateral loans', () => {
  it('runs offer, acceptance, disbursement and repayment, each by its party and in order', async () => {
    const d = await setUp();
    const start = await d.balance('m1');
    await offer(d, 'L1');
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.RecordDisbursement(ctx, 'd0', 'L1'))).code).toBe('CONFLICT');
    expect((await d.fail(merchant('m2'), (c, ctx) => c.josp.AcceptLoan(ctx, 'a0', 'L1'))).code).toBe('FORBIDDEN');
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.AcceptLoan(ctx, 'a0', 'L1'))).code).toBe('FORBIDDEN');
    const accepted = await d.submit(merchant('m1'), (c, ctx) => c.josp.AcceptLoan(ctx, 'a1', 'L1'));
    expect(accepted).toMatchObject({ status: 'ACCEPTED', interestFen: 225000, collateralPoints: 10000 });
    expect(await d.balance('m1')).toBe(start - 10_000);
    expect(await d.invariant()).toMatchObject({ escrows: 10_000, holds: true });
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.RecordRepayment(ctx, 'r0', 'L1'))).code).toBe('CONFLICT');
    expect((await d.fail(bank('b2'), (c, ctx) => c.josp.RecordDisbursement(ctx, 'd1', 'L1'))).code).toBe('FORBIDDEN');
    await d.submit(bank('b1'), (c, ctx) => c.josp.RecordDisbursement(ctx, 'd1', 'L1'));
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.DeclareDefault(ctx, 'x', 'L1'))).code).toBe('CONFLICT');
    const repaid = await d.submit(bank('b1'), (c, ctx) => c.josp.RecordRepayment(ctx, 'r1', 'L1'));
    expect(repaid).toMatchObject({ status: 'REPAID' });
    expect(await d.balance('m1')).toBe(start);
    expect(await d.invariant()).toMatchObject({ escrows: 0, holds: true });
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.RecordRepayment(ctx, 'r2', 'L1'))).code).toBe('CONFLICT');
  });

  it('gives the collateral to the bank on default, only after the due date', async () => {
    const d = await setUp();
    const start = await d.balance('m1');
    await offer(d, 'L2');
    await d.submit(merchant('m1'), (c, ctx) => c.josp.AcceptLoan(ctx, 'a', 'L2'));
    await d.submit(bank('b1'), (c, ctx) => c.josp.RecordDisbursement(ctx, 'd', 'L2'));
    d.setTime('2025-03-31T23:59:59.000Z'); // the next transaction runs exactly at the due date
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.DeclareDefault(ctx, 'x', 'L2'))).code).toBe('CONFLICT');
    const defaulted = await d.submit(bank('b1'), (c, ctx) => c.josp.DeclareDefault(ctx, 'x', 'L2'));
    expect(defaulted).toMatchObject({ status: 'DEFAULTED' });
    expect(await d.balance('b1')).toBe(10_000);
    expect(await d.balance('m1')).toBe(start - 10_000);
    expect(await d.invariant()).toMatchObject({ escrows: 0, holds: true });
  });

  it('refuses an acceptance without collateral and lists loans by party', async () => {
    const d = await setUp();
    await d.submit(ADMIN, (c, ctx) => c.points.RegisterMerchant(ctx, 'reg2', 'm2', 'Other', 'Lhasa'));
    await offer(d, 'L3');
    await d.submit(bank('b1'), (c, ctx) => c.josp.OfferLoan(ctx, 'o4', 'L4', 'm2', '100', '0', DUE, '1000000'));
    expect((await d.fail(merchant('m2'), (c, ctx) => c.josp.AcceptLoan(ctx, 'a', 'L4'))).code).toBe('INSUFFICIENT_POINTS');
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.OfferLoan(ctx, 'o5', 'L3', 'm1', '1', '0', DUE, '1'))).code).toBe('ALREADY_EXISTS');
    expect((await d.fail(bank('b1'), (c, ctx) => c.josp.OfferLoan(ctx, 'o6', 'L6', 'nobody', '1', '0', DUE, '1'))).code).toBe('NOT_FOUND');
    expect((await d.fail(merchant('m1'), (c, ctx) => c.josp.OfferLoan(ctx, 'o7', 'L7', 'm1', '1', '0', DUE, '1'))).code).toBe('FORBIDDEN');
    const byBank = await d.submit(bank('b1'), (c, ctx) => c.josp.ListLoans(ctx, 'b1', '10', ''));
    expect((byBank.items as { loanId: string }[]).map((l) => l.loanId)).toEqual(['L3', 'L4']);
    const byMerchant = await d.submit(AUDITOR, (c, ctx) => c.josp.ListLoans(ctx, 'm2', '10', ''));
    expect((byMerchant.items as { loanId: string }[]).map((l) => l.loanId)).toEqual(['L4']);
    expect((await d.fail(consumer('c1'), (c, ctx) => c.josp.ListLoans(ctx, 'b1', '10', ''))).code).toBe('FORBIDDEN');
    expect((await d.fail(merchant('m2'), (c, ctx) => c.josp.GetLoan(ctx, 'L3'))).code).toBe('FORBIDDEN');
    expect(await d.submit(merchant('m1'), (c, ctx) => c.josp.GetLoan(ctx, 'L3'))).toMatchObject({ status: 'OFFERED' });
  });

  it('computes the interest exactly at the largest principal and rate', async () => {
    const d = await setUp();
    const exact = (principalFen: bigint, rateBps: bigint): number => Number((principalFen * rateBps) / 10_000n);
    const near = await d.submit(bank('b1'), (c, ctx) => c.josp.OfferLoan(ctx, 'o1', 'L1', 'm1', '999999990001', '9999', DUE, '1'));
    // As doubles, 999,999,990,001 × 9,999 rounds up and would floor to …002.
    expect(near).toMatchObject({ principalFen: 999_999_990_001, interestFen: exact(999_999_990_001n, 9_999n) });
    expect(near.interestFen).toBe(999_899_990_001);
    const max = await d.submit(bank('b1'), (c, ctx) => c.josp.OfferLoan(ctx, 'o2', 'L2', 'm1', '1000000000000', '10000', DUE, '1'));
    expect(max).toMatchObject({ interestFen: exact(10n ** 12n, 10_000n) });
  });
});
