import { EvidenceDriver, sha256Of } from '../support/evidence';
import { AUDITOR, consumer, merchant, who } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

const SHOP = merchant('evc-shop');
const BANK = who('BankMSP', 'bank', 'evc-bank');
const ALICE = consumer('evc-alice');
const STRANGER = consumer('evc-stranger');
const LOAN = sha256Of('loan agreement evc-bank / evc-shop');

/** SHOP's loan agreement naming BANK and ALICE. */
async function notarised(): Promise<EvidenceDriver> {
  const d = new EvidenceDriver('2025-03-10T04:00:00.000Z');
  await d.notarise(STRANGER, 'opens-stranger', { sha256: sha256Of('stranger') });
  await d.notarise(SHOP, 'loan', { sha256: LOAN, kind: 'loan', parties: ['evc-bank', 'evc-alice'] });
  return d;
}

describe('evidence: countersign', () => {
  it('lets a named party confirm the record with its own certificate; the record shows it, unchanged otherwise', async () => {
    const d = await notarised();
    const before = await d.submit(AUDITOR, (c, ctx) => c.GetEvidence(ctx, LOAN));
    const { json, stub } = await d.run(BANK, (c, ctx) => c.Countersign(ctx, 'sign-1', LOAN));
    const signature = {
      sha256: LOAN,
      party: 'evc-bank',
      partyMsp: 'BankMSP',
      partyRole: 'bank',
      requestId: 'sign-1',
      txId: json.txId,
      time: d.now,
    };
    expect(json).toEqual(signature);
    expect([...stub.writes.keys()].filter((key) => key.includes('evidence'))).toHaveLength(1);
    const after = await d.submit(AUDITOR, (c, ctx) => c.GetEvidence(ctx, LOAN));
    expect(after).toEqual({ ...before, countersignatures: [signature] });
  });

  it('refuses a member the record does not name, the recorder included, with FORBIDDEN', async () => {
    const d = await notarised();
    for (const as of [STRANGER, SHOP]) {
      expect(await d.fail(as, (c, ctx) => c.Countersign(ctx, 'sign', LOAN))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await d.fail(AUDITOR, (c, ctx) => c.Countersign(ctx, 'sign', LOAN))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('countersigns once per party: a retry gets its first answer, a second request ALREADY_EXISTS', async () => {
    const d = await notarised();
    const first = await d.submit(ALICE, (c, ctx) => c.Countersign(ctx, 'sign-1', LOAN));
    const retry = await d.fail(ALICE, (c, ctx) => c.Countersign(ctx, 'sign-1', LOAN));
    expect(await expectRefusedRetry(d.ledger, ALICE, retry, 'sign-1', first)).toBe(first.txId);
    expect(await d.fail(ALICE, (c, ctx) => c.Countersign(ctx, 'sign-2', LOAN))).toMatchObject({
      code: 'ALREADY_EXISTS',
      details: { txId: first.txId },
    });
  });

  it('answers an unknown hash NOT_FOUND and a malformed one INVALID_ARGUMENT', async () => {
    const d = await notarised();
    expect(await d.fail(BANK, (c, ctx) => c.Countersign(ctx, 's', sha256Of('unknown')))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await d.fail(BANK, (c, ctx) => c.Countersign(ctx, 's', LOAN.toUpperCase()))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'sha256' },
    });
  });
});
