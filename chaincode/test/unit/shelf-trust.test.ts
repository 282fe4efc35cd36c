import { match } from '../support/matchers';
import { ADMIN, AUDITOR, type Json } from '../support/points';
import { expectRefusedRetry } from '../support/replay';
import { device, operator, ShelfDriver, siteProvider, supplier } from '../support/shelf';

const OP = operator('op1');
const OP2 = operator('op2');
const SITE = siteProvider('site1');
const SUP = supplier('sup1');
const DEV = device('dev1');
const D1 = '2025-03-10';
const NOW = '2025-03-12T04:00:00.000Z';

/** World-state key of dev1's binding, read raw to show that a refused write left it as it was. */
const BINDING_KEY = '\u0000shelfdevice\u0000dev1\u0000';

const sale = (saleId: string, amountFen: number): Json => ({
  saleId,
  sku: 'SKU-A',
  qty: 1,
  amountFen,
  costFen: 1,
  occurredAt: `${D1}T12:00:00+08:00`,
});

/** One site, shelf-1 of op1 and shelf-2 of op2, each with an active agreement; no device claimed yet. */
async function twoOperators(): Promise<ShelfDriver> {
  const d = new ShelfDriver(NOW);
  await d.submit(SITE, (c, ctx) => c.PostSite(ctx, 'p1', 'site-1', 'Shanghai', 'Lobby, Tower A', '1200', '2000'));
  for (const [op, shelf] of [
    [OP, 'shelf-1'],
    [OP2, 'shelf-2'],
  ] as const) {
    await d.submit(op, (c, ctx) => c.ProposeAgreement(ctx, `prop-${shelf}`, shelf, 'site-1', 'sup1', '3000', '5000', '2000', '500'));
    for (const party of [op, SITE, SUP]) {
      await d.submit(party, (c, ctx) => c.SignAgreement(ctx, `sign-${shelf}`, shelf, '1'));
    }
  }
  return d;
}

/** {@link twoOperators} with dev1 claiming op1 and bound to shelf-1. */
async function boundToOp1(): Promise<ShelfDriver> {
  const d = await twoOperators();
  await d.submit(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-1', 'op1'));
  await d.submit(OP, (c, ctx) => c.RegisterDevice(ctx, 'bind-1', 'shelf-1', 'dev1'));
  return d;
}

async function recordedShelf(d: ShelfDriver, batchId: string): Promise<unknown> {
  return (await d.submit(DEV, (c, ctx) => c.RecordSales(ctx, batchId, JSON.stringify([sale(`s-${batchId}`, 100)])))).shelfId;
}

describe('shelf: a device is bound only by the operator it claims', () => {
  it('refuses to bind a device that has claimed no operator, or another one', async () => {
    const d = await twoOperators();
    expect(await d.fail(OP, (c, ctx) => c.RegisterDevice(ctx, 'early', 'shelf-1', 'dev1'))).toMatchObject({
      code: 'FORBIDDEN',
      details: { deviceId: 'dev1' },
    });

    const { json: claim, stub } = await d.run(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-1', 'op1'));
    expect(claim).toEqual({ deviceId: 'dev1', operator: 'op1', claimedAt: match.any(String), txId: stub.getTxID() });
    expect(stub.event?.name).toBe('ClaimDevice');

    const hijack = await d.fail(OP2, (c, ctx) => c.RegisterDevice(ctx, 'steal', 'shelf-2', 'dev1'));
    expect(hijack).toMatchObject({ code: 'FORBIDDEN', details: { deviceId: 'dev1' } });
    expect(d.ledger.read(BINDING_KEY)).toBeUndefined();
    expect(await d.submit(OP, (c, ctx) => c.RegisterDevice(ctx, 'bind-1', 'shelf-1', 'dev1'))).toMatchObject({
      deviceId: 'dev1',
      shelfId: 'shelf-1',
      operator: 'op1',
    });
  });

  it('refuses a hijack of a bound device with FORBIDDEN and leaves the binding and its sales as they were', async () => {
    const d = await boundToOp1();
    const before = d.ledger.read(BINDING_KEY);
    expect(before).toBeDefined();

    expect(await d.fail(OP2, (c, ctx) => c.RegisterDevice(ctx, 'steal', 'shelf-2', 'dev1'))).toMatchObject({
      code: 'FORBIDDEN',
      details: { deviceId: 'dev1' },
    });
    expect(await d.fail(OP2, (c, ctx) => c.ClaimDevice(ctx, 'steal-claim', 'op2'))).toMatchObject({ code: 'FORBIDDEN' });
    // The device itself cannot be talked into another operator while it is bound.
    expect(await d.fail(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-2', 'op2'))).toMatchObject({
      code: 'CONFLICT',
      details: { deviceId: 'dev1', shelfId: 'shelf-1' },
    });
    expect(await d.fail(OP2, (c, ctx) => c.RegisterDevice(ctx, 'steal-2', 'shelf-2', 'dev1'))).toMatchObject({ code: 'FORBIDDEN' });

    expect(d.ledger.read(BINDING_KEY)).toEqual(before);
    expect(await recordedShelf(d, 'b1')).toBe('shelf-1');
    expect(await d.fail(OP, (c, ctx) => c.RegisterDevice(ctx, 'again', 'shelf-1', 'dev1'))).toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('refuses a retried claim, keeping its first result, and refuses its id for another operator', async () => {
    const d = await twoOperators();
    const first = await d.submit(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-1', 'op1'));
    await expectRefusedRetry(d.ledger, DEV, await d.fail(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-1', 'op1')), 'claim-1', first);
    expect(await d.fail(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-1', 'op2'))).toMatchObject({
      code: 'DUPLICATE_REQUEST',
      details: { requestId: 'claim-1' },
    });
    expect(await d.fail(DEV, (c, ctx) => c.ClaimDevice(ctx, 'claim-3', 'bad id'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'operator' },
    });
  });
});

describe('shelf: unbinding a device', () => {
  it('lets only the shelf operator unbind its device, exactly once per request id', async () => {
    const d = await boundToOp1();
    const before = d.ledger.read(BINDING_KEY);
    expect(await d.fail(OP2, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev1'))).toMatchObject({
      code: 'FORBIDDEN',
      details: { shelfId: 'shelf-1' },
    });
    expect(await d.fail(DEV, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev1'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await d.fail(AUDITOR, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev1'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await d.fail(OP, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev9'))).toMatchObject({
      code: 'NOT_FOUND',
      details: { deviceId: 'dev9' },
    });
    expect(await d.fail(OP, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-9', 'dev1'))).toMatchObject({
      code: 'NOT_FOUND',
      details: { shelfId: 'shelf-9' },
    });
    expect(d.ledger.read(BINDING_KEY)).toEqual(before);
    expect(await recordedShelf(d, 'b1')).toBe('shelf-1');

    const { json: unbound, stub } = await d.run(OP, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev1'));
    expect(unbound).toEqual({
      deviceId: 'dev1',
      shelfId: 'shelf-1',
      operator: 'op1',
      registeredAt: match.any(String),
      unboundAt: match.any(String),
      txId: stub.getTxID(),
    });
    expect(stub.event?.name).toBe('UnbindDevice');
    expect(d.ledger.read(BINDING_KEY)).toBeUndefined();
    await expectRefusedRetry(d.ledger, OP, await d.fail(OP, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev1')), 'u', unbound);
    expect(await d.fail(OP, (c, ctx) => c.UnbindDevice(ctx, 'u2', 'shelf-1', 'dev1'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await d.fail(DEV, (c, ctx) => c.RecordSales(ctx, 'b2', JSON.stringify([sale('s2', 1)])))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps the claim after unbinding: the owner may bind again, another operator only after a new claim', async () => {
    const d = await boundToOp1();
    await d.submit(OP, (c, ctx) => c.UnbindDevice(ctx, 'u', 'shelf-1', 'dev1'));
    expect(await d.fail(OP2, (c, ctx) => c.RegisterDevice(ctx, 'steal', 'shelf-2', 'dev1'))).toMatchObject({ code: 'FORBIDDEN' });
    await d.submit(OP, (c, ctx) => c.RegisterDevice(ctx, 'bind-2', 'shelf-1', 'dev1'));
    expect(await recordedShelf(d, 'b1')).toBe('shelf-1');

    await d.submit(OP, (c, ctx) => c.UnbindDevice(ctx, 'u2', 'shelf-1', 'dev1'));
    await d.submit(DEV, (c, ctx) => c.ClaimDevice(ctx, 'handover', 'op2'));
    expect(await d.fail(OP, (c, ctx) => c.RegisterDevice(ctx, 'bind-3', 'shelf-1', 'dev1'))).toMatchObject({ code: 'FORBIDDEN' });
    await d.submit(OP2, (c, ctx) => c.RegisterDevice(ctx, 'bind-b', 'shelf-2', 'dev1'));
    expect(await recordedShelf(d, 'b2')).toBe('shelf-2');
  });
});

describe('shelf: the payer cannot cut the dispute window short', () => {
  /** Settles D1 of shelf-1 with one sale; returns its disputeUntil. */
  async function settled(d: ShelfDriver): Promise<string> {
    await recordedShelf(d, 'b1');
    const statement = await d.submit(SITE, (c, ctx) => c.SettleDay(ctx, 'settle', 'shelf-1', D1));
    expect(statement).toMatchObject({ status: 'pending', disputeUntil: match.stringMatching(/^2025-03-15T04:/) });
    return String(statement.disputeUntil);
  }

  /** Moves the clock so that the next transaction runs exactly at `iso`. */
  function nextTxAt(d: ShelfDriver, iso: string): void {
    d.setTime(new Date(Date.parse(iso) - 1000).toISOString());
  }

  it('refuses an early payment and leaves the statement open to a dispute', async () => {
    const d = await boundToOp1();
    const disputeUntil = await settled(d);
    const early = await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'));
    expect(early).toMatchObject({ code: 'CONFLICT', details: { disputeUntil } });
    expect(await d.submit(SUP, (c, ctx) => c.GetStatement(ctx, 'shelf-1', D1))).toMatchObject({
      statement: { status: 'pending', transferRef: null },
    });

    // The window's last instant still belongs to the parties.
    nextTxAt(d, disputeUntil);
    const disputed = await d.submit(SUP, (c, ctx) => c.DisputeStatement(ctx, 'disp', 'shelf-1', D1, 'one sale missing'));
    expect(disputed).toMatchObject({ status: 'disputed', disputedBy: 'sup1', transferRef: null, paidAt: null });
  });

  it('pays from the first instant after the window, after which nobody disputes', async () => {
    const d = await boundToOp1();
    const disputeUntil = await settled(d);
    nextTxAt(d, disputeUntil);
    expect(await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil },
    });
    const paid = await d.submit(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'));
    expect(paid).toMatchObject({ status: 'paid', transferRef: 'BANK-1', paidAt: new Date(Date.parse(disputeUntil) + 1000).toISOString() });
    expect(await d.fail(SITE, (c, ctx) => c.DisputeStatement(ctx, 'disp', 'shelf-1', D1, 'too late'))).toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps a statement resolved within the window unpayable until the window closes', async () => {
    const d = await boundToOp1();
    const disputeUntil = await settled(d);
    await d.submit(SUP, (c, ctx) => c.DisputeStatement(ctx, 'disp', 'shelf-1', D1, 'one sale missing'));
    expect(await d.submit(ADMIN, (c, ctx) => c.ResolveDispute(ctx, 'res', 'shelf-1', D1, 'accept', '', '', 'ok'))).toMatchObject({
      status: 'pending',
    });
    expect(await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil },
    });
    d.setTime('2025-03-15T05:00:00.000Z');
    expect(await d.submit(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({ status: 'paid' });
  });
});

describe('shelf: the dispute window is the platform parameter disputeWindowSeconds', () => {
  const D2 = '2025-03-11';
  const plus = (iso: string, seconds: number): string => new Date(Date.parse(iso) + seconds * 1000).toISOString();

  /** Settles a day of shelf-1 as the site provider; returns the statement. */
  async function settle(d: ShelfDriver, day: string): Promise<Json> {
    return d.submit(SITE, (c, ctx) => c.SettleDay(ctx, `settle-${day}`, 'shelf-1', day));
  }

  it('gives a statement settled at T the deadline T + the window then in force', async () => {
    const d = await boundToOp1();
    await recordedShelf(d, 'b1');
    expect(await d.updateParams({ disputeWindowSeconds: 60 })).toMatchObject({ disputeWindowSeconds: 60, version: 1 });

    const statement = await settle(d, D1);
    const settledAt = String(statement.settledAt);
    expect(settledAt).toBe(d.now);
    expect(statement).toMatchObject({ status: 'pending', disputeUntil: plus(settledAt, 60) });
  });

  it('refuses payment until T + 60 s and a dispute after it, then pays', async () => {
    const d = await boundToOp1();
    await recordedShelf(d, 'b1');
    await d.updateParams({ disputeWindowSeconds: 60 });
    const disputeUntil = plus(String((await settle(d, D1)).settledAt), 60);

    expect(await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil },
    });
    // The next transaction runs at disputeUntil, its last instant: still not payable.
    d.setTime(plus(disputeUntil, -1));
    expect(await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil },
    });
    // One second after the window: too late to dispute, and payable.
    expect(await d.fail(SUP, (c, ctx) => c.DisputeStatement(ctx, 'disp', 'shelf-1', D1, 'too late'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil },
    });
    expect(await d.submit(OP, (c, ctx) => c.RecordPayment(ctx, 'pay', 'shelf-1', D1, 'BANK-1'))).toMatchObject({
      status: 'paid',
      disputeUntil,
      paidAt: plus(disputeUntil, 2),
    });
  });

  it('moves no deadline of a statement already settled when the parameter changes', async () => {
    const d = await boundToOp1();
    await recordedShelf(d, 'b1');
    await d.updateParams({ disputeWindowSeconds: 60 });
    const short = await settle(d, D1);
    await d.updateParams({ disputeWindowSeconds: 2_592_000 });
    const long = await settle(d, D2);
    expect(long.disputeUntil).toBe(plus(String(long.settledAt), 2_592_000));
    expect(await d.submit(SUP, (c, ctx) => c.GetStatement(ctx, 'shelf-1', D1))).toMatchObject({
      statement: { disputeUntil: short.disputeUntil },
    });

    // The lengthened window does not reopen D1: it is payable from its own deadline on.
    d.setTime(String(short.disputeUntil));
    expect(await d.fail(SITE, (c, ctx) => c.DisputeStatement(ctx, 'late', 'shelf-1', D1, 'too late'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil: short.disputeUntil },
    });
    expect(await d.submit(OP, (c, ctx) => c.RecordPayment(ctx, 'pay-1', 'shelf-1', D1, 'BANK-1'))).toMatchObject({ status: 'paid' });

    // Nor does a shortened one close D2's window early.
    await d.updateParams({ disputeWindowSeconds: 60 });
    d.setTime(plus(String(long.settledAt), 86_400));
    expect(await d.fail(OP, (c, ctx) => c.RecordPayment(ctx, 'pay-2', 'shelf-1', D2, 'BANK-2'))).toMatchObject({
      code: 'CONFLICT',
      details: { disputeUntil: long.disputeUntil },
    });
    expect(await d.submit(SUP, (c, ctx) => c.DisputeStatement(ctx, 'disp-2', 'shelf-1', D2, 'check'))).toMatchObject({
      status: 'disputed',
      disputeUntil: long.disputeUntil,
    });
  });
});
