import { AuditContract } from '../../src/audit/contract';
import { openAccounts } from '../support/accounts';
import { newContext } from '../support/context';
import { expectLedgerError } from '../support/failure';
import type { FakeLedger } from '../support/fake-ledger';
import { ADMIN, AUDITOR, consumer, type Json, merchant, PointsDriver, type Who, who } from '../support/points';

// Accounts credited before their holders sign anything, opened as at enrolment.
openAccounts('consumer', 'c1', 'c2');

const audit = new AuditContract();

interface Version {
  txId: string;
  time: string;
  isDelete: boolean;
  value: { account: string; balance: number; lanes: Record<string, number> } | Json | null;
}

function read(
  ledger: FakeLedger,
  as: Who,
  action: (c: AuditContract, ctx: ReturnType<typeof newContext>) => Promise<string>,
): Promise<Json> {
  return action(audit, newContext(ledger.stub(as))).then((result) => JSON.parse(result) as Json);
}

function history(ledger: FakeLedger, as: Who, type: string, id: string, pageSize = '100', bookmark = ''): Promise<Json> {
  return read(ledger, as, (c, ctx) => c.GetHistory(ctx, type, id, pageSize, bookmark));
}

function refusal(
  ledger: FakeLedger,
  as: Who,
  run: (c: AuditContract, ctx: ReturnType<typeof newContext>) => Promise<string>,
): Promise<string> {
  return expectLedgerError(() => run(audit, newContext(ledger.stub(as)))).then((error) => error.code);
}

/** Commits raw writes under one transaction id, as another module's transaction would. */
function commitWrites(ledger: FakeLedger, txId: string, writes: Array<[string, string[], Json | null]>): void {
  const stub = ledger.stub({ txId });
  for (const [type, parts, value] of writes) {
    const key = stub.createCompositeKey(type, parts);
    void (value === null ? stub.deleteState(key) : stub.putState(key, Buffer.from(JSON.stringify(value))));
  }
  ledger.commit(stub);
}

async function scenario(): Promise<{ driver: PointsDriver; txIds: string[] }> {
  const driver = new PointsDriver('2025-03-10T04:00:00.000Z');
  await driver.mint(500_000);
  await driver.register('m1', 'Hangzhou');
  const purchase = await driver.run(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'o1', 'c1', '250000', driver.now, '5'));
  const transfer = await driver.run(consumer('c1'), (c, ctx) => c.Transfer(ctx, 't1', 'c2', '700'));
  const second = await driver.run(merchant('m1'), (c, ctx) => c.RecordPurchase(ctx, 'o2', 'c1', '10000', driver.now, '9'));
  return { driver, txIds: [purchase.stub.getTxID(), transfer.stub.getTxID(), second.stub.getTxID()] };
}

describe('audit: account history', () => {
  it('lists one version per transaction that changed the account, oldest first, with the balance after it', async () => {
    const { driver, txIds } = await scenario();

    const page = await history(driver.ledger, consumer('c1'), 'account', 'c1');

    const items = page.items as Version[];
    expect(items.map((item) => item.txId)).toEqual(txIds);
    expect(items.map((item) => (item.value as { balance: number }).balance)).toEqual([2_500, 1_800, 1_920]);
    expect(items.every((item) => !item.isDelete)).toBe(true);
    expect(items.map((item) => item.time)).toEqual([...items.map((item) => item.time)].sort());
    expect(page).toMatchObject({ entityType: 'account', entityId: 'c1', bookmark: '' });
    expect(await driver.balance('c1')).toBe(1_920);
  });

  it('pages with a count bookmark and ends with an empty one', async () => {
    const { driver, txIds } = await scenario();

    const first = await history(driver.ledger, AUDITOR, 'account', 'c1', '2');
    const second = await history(driver.ledger, AUDITOR, 'account', 'c1', '2', String(first.bookmark));

    expect(first.bookmark).toBe('2');
    expect([...(first.items as Version[]), ...(second.items as Version[])].map((item) => item.txId)).toEqual(txIds);
    expect(second.bookmark).toBe('');
  });

  it('refuses bad page sizes, bookmarks, entity types and ids', async () => {
    const { driver } = await scenario();
    const codes = await Promise.all([
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'account', 'c1', '0', '')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'account', 'c1', '101', '')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'account', 'c1', '10', 'abc')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'account', 'c1', '10', '99')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'wallet', 'c1', '10', '')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'account', 'a~b', '10', '')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'statement', 'shelf-1', '10', '')),
      refusal(driver.ledger, AUDITOR, (c, ctx) => c.GetHistory(ctx, 'statement', 'shelf-1:2025-13-01', '10', '')),
    ]);
    expect(codes).toEqual(Array(8).fill('INVALID_ARGUMENT'));
  });
});

describe('audit: who may read', () => {
  it('lets members read only their own account; auditors and the admin read everything', async () => {
    const { driver } = await scenario();

    expect(await refusal(driver.ledger, consumer('c1'), (c, ctx) => c.GetHistory(ctx, 'account', 'c2', '10', ''))).toBe('FORBIDDEN');
    expect(await refusal(driver.ledger, merchant('m1'), (c, ctx) => c.GetHistory(ctx, 'plan', 'p1', '10', ''))).toBe('FORBIDDEN');
    expect(await refusal(driver.ledger, consumer('c1'), (c, ctx) => c.ListCouponClasses(ctx, '10', ''))).toBe('FORBIDDEN');
    expect(await refusal(driver.ledger, who('RetailMSP', 'admin'), (c, ctx) => c.GetHistory(ctx, 'account', 'c1', '10', ''))).toBe(
      'FORBIDDEN',
    );
    expect((await history(driver.ledger, merchant('m1'), 'account', 'm1')).items).toHaveLength(3);
    expect((await history(driver.ledger, ADMIN, 'account', 'c2')).items).toHaveLength(1);
    expect((await history(driver.ledger, who('BankMSP', 'auditor'), 'account', 'treasury')).items).toHaveLength(2);
  });
});

describe('audit: other entities', () => {
  it('lists every version of a record, deletes included', async () => {
    const { driver } = await scenario();
    commitWrites(driver.ledger, 'plan-1', [['jospplan', ['p1'], { planId: 'p1', status: 'open' }]]);
    commitWrites(driver.ledger, 'plan-2', [['jospplan', ['p1'], { planId: 'p1', status: 'closed' }]]);
    commitWrites(driver.ledger, 'plan-3', [['jospplan', ['p1'], null]]);

    const items = (await history(driver.ledger, AUDITOR, 'plan', 'p1')).items as Version[];

    expect(items.map(({ txId, isDelete, value }) => ({ txId, isDelete, value }))).toEqual([
      { txId: 'plan-1', isDelete: false, value: { planId: 'p1', status: 'open' } },
      { txId: 'plan-2', isDelete: false, value: { planId: 'p1', status: 'closed' } },
      { txId: 'plan-3', isDelete: true, value: null },
    ]);
  });

  it('reads a statement by <shelfId>:<day> and an unknown entity as an empty history', async () => {
    const { driver } = await scenario();
    commitWrites(driver.ledger, 'stmt-1', [['shelfstmt', ['shelf-1', '2025-03-09'], { shelfId: 'shelf-1', day: '2025-03-09' }]]);

    const statement = await history(driver.ledger, ADMIN, 'statement', 'shelf-1:2025-03-09');
    const unknown = await history(driver.ledger, ADMIN, 'loan', 'nope');

    expect((statement.items as Version[]).map((item) => item.txId)).toEqual(['stmt-1']);
    expect(unknown).toEqual({ entityType: 'loan', entityId: 'nope', items: [], bookmark: '' });
  });

  it('lists coupon class ids in pages for auditors', async () => {
    const { driver } = await scenario();
    commitWrites(driver.ledger, 'cls', [
      ['cpnclass', ['k2'], { classId: 'k2' }],
      ['cpnclass', ['k1'], { classId: 'k1' }],
      ['cpnclass', ['k3'], { classId: 'k3' }],
    ]);

    const first = await read(driver.ledger, AUDITOR, (c, ctx) => c.ListCouponClasses(ctx, '2', ''));
    const second = await read(driver.ledger, AUDITOR, (c, ctx) => c.ListCouponClasses(ctx, '2', String(first.bookmark)));

    expect([first.items, second.items]).toEqual([['k1', 'k2'], ['k3']]);
    expect(second.bookmark).toBe('');
  });
});
