import { stateKey } from '../../src/ledger/keys';
import { EvidenceDriver, notariseArgs, sha256Of } from '../support/evidence';
import { ADMIN, AUDITOR, claimant, consumer, merchant, who } from '../support/points';
import { expectRefusedRetry } from '../support/replay';

const SHOP = merchant('ev-shop');
const ALICE = consumer('ev-alice');
const BANK = who('BankMSP', 'bank', 'ev-bank');
const DEVICE = who('RetailMSP', 'shelf-device', 'ev-device');
const CONTRACT = sha256Of('supply contract ev-shop / ev-bank, signed 2025-03-09');
const NOW = '2025-03-10T04:00:00.000Z';

describe('evidence: notarise', () => {
  it('records the hash with its metadata, the recorder from the certificate, and indexes it under the recorder', async () => {
    const d = new EvidenceDriver(NOW);
    const { json, writes } = await d.notarise(SHOP, 'n-1', {
      sha256: CONTRACT,
      kind: 'contract',
      parties: ['ev-bank', 'ev-alice'],
      occurredAt: '2025-03-09T10:00:00+08:00',
      title: 'Supply contract 2025',
    });
    const record = {
      sha256: CONTRACT,
      kind: 'contract',
      title: 'Supply contract 2025',
      parties: ['ev-bank', 'ev-alice'],
      occurredAt: '2025-03-09T02:00:00.000Z',
      recorder: 'ev-shop',
      recorderMsp: 'RetailMSP',
      recorderRole: 'merchant',
      requestId: 'n-1',
      txId: 'tx0001',
      time: '2025-03-10T04:00:01.000Z',
    };
    expect(json).toEqual({ duplicate: false, evidence: record });
    expect(writes.sort()).toEqual(
      [`evidence~${CONTRACT}`, `evidenceby~ev-shop~2025-03-10T04:00:01.000Z~${CONTRACT}`, 'request~ev-shop~n-1'].sort(),
    );
    expect(await d.submit(AUDITOR, (c, ctx) => c.GetEvidence(ctx, CONTRACT))).toEqual({ ...record, countersignatures: [] });
    expect(d.ledger.events.map((event) => event.name)).toEqual(['Notarise']);
  });

  it('defaults occurredAt to the transaction time and the title and parties to none', async () => {
    const d = new EvidenceDriver(NOW);
    const { json } = await d.notarise(ADMIN, 'rules-v2', { sha256: sha256Of('rules v2'), kind: 'rule-change' });
    expect(json.evidence).toMatchObject({
      kind: 'rule-change',
      title: null,
      parties: [],
      occurredAt: '2025-03-10T04:00:01.000Z',
      recorder: 'treasury',
      recorderRole: 'admin',
      recorderMsp: 'PlatformMSP',
    });
  });

  it('answers a hash notarised before, by anyone, with the first record and writes no evidence', async () => {
    const d = new EvidenceDriver(NOW);
    const first = await d.notarise(SHOP, 'n-1', { sha256: CONTRACT, kind: 'contract', title: 'Original' });
    const stored = d.ledger.read(stateKey(d.ledger.stub(), 'evidence', CONTRACT))?.toString('utf8');
    const again = await d.notarise(BANK, 'loan-doc', { sha256: CONTRACT, kind: 'loan', parties: ['ev-shop'], title: 'Not this one' });
    expect(again.json).toEqual({ duplicate: true, evidence: first.json.evidence });
    // Only the caller's own request record, so that its retry is answered the same.
    expect(again.writes).toEqual(['request~ev-bank~loan-doc']);
    expect(d.ledger.read(stateKey(d.ledger.stub(), 'evidence', CONTRACT))?.toString('utf8')).toBe(stored);
    const banks = await d.submit(BANK, (c, ctx) => c.ListEvidence(ctx, 'ev-bank', '10', ''));
    expect(banks).toEqual({ items: [], bookmark: '' });
    // The first recorder notarising its own hash again under a new id gets the same answer.
    const own = await d.notarise(SHOP, 'n-2', { sha256: CONTRACT });
    expect(own.json).toEqual({ duplicate: true, evidence: first.json.evidence });
  });

  it('refuses a retry of the same request at endorsement, naming the first transaction; other content is DUPLICATE_REQUEST', async () => {
    const d = new EvidenceDriver(NOW);
    const n = { sha256: CONTRACT, kind: 'receipt' };
    const { json } = await d.notarise(SHOP, 'n-1', n);
    const retry = await d.fail(SHOP, (c, ctx) => c.Notarise(ctx, 'n-1', ...notariseArgs(n)));
    expect(await expectRefusedRetry(d.ledger, SHOP, retry, 'n-1', json)).toBe('tx0001');
    const reused = await d.fail(SHOP, (c, ctx) => c.Notarise(ctx, 'n-1', ...notariseArgs({ ...n, kind: 'invoice' })));
    expect(reused).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { requestId: 'n-1', txId: 'tx0001' } });
  });

  it.each([
    ['an upper-case hash', { sha256: CONTRACT.toUpperCase() }, 'sha256'],
    ['a short hash', { sha256: CONTRACT.slice(0, 63) }, 'sha256'],
    ['a hash with a non-hex digit', { sha256: `${CONTRACT.slice(0, 63)}g` }, 'sha256'],
    ['an unknown kind', { sha256: CONTRACT, kind: 'memo' }, 'kind'],
    ['parties that are not an array', { sha256: CONTRACT, parties: '{"a":1}' }, 'partiesJson'],
    ['a party named twice', { sha256: CONTRACT, parties: ['ev-bank', 'ev-bank'] }, 'partiesJson'],
    ['eleven parties', { sha256: CONTRACT, parties: Array.from({ length: 11 }, (_, i) => `p${i}`) }, 'partiesJson'],
    ['a party that is not an id', { sha256: CONTRACT, parties: ['bad id'] }, 'parties'],
    ['an occurredAt without an offset', { sha256: CONTRACT, occurredAt: '2025-03-09T10:00:00' }, 'occurredAt'],
    ['an occurredAt after the transaction', { sha256: CONTRACT, occurredAt: '2025-03-10T04:00:01.001Z' }, 'occurredAt'],
    ['an occurredAt more than 7 days before it', { sha256: CONTRACT, occurredAt: '2025-03-03T04:00:00.999Z' }, 'occurredAt'],
    ['a title of 201 characters', { sha256: CONTRACT, title: 'x'.repeat(201) }, 'title'],
    ['a title with a control character', { sha256: CONTRACT, title: 'a\u0007b' }, 'title'],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, n, field) => {
    const d = new EvidenceDriver(NOW);
    const error = await d.fail(SHOP, (c, ctx) => c.Notarise(ctx, 'bad', ...notariseArgs(n)));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field } });
  });

  it('accepts occurredAt exactly 7 days before the transaction and exactly at it', async () => {
    const d = new EvidenceDriver(NOW);
    const oldest = await d.notarise(SHOP, 'a', { sha256: sha256Of('a'), occurredAt: '2025-03-03T04:00:01.000Z' });
    expect(oldest.json.evidence).toMatchObject({ occurredAt: '2025-03-03T04:00:01.000Z' });
    const atTx = await d.notarise(SHOP, 'b', { sha256: sha256Of('b'), occurredAt: '2025-03-10T12:00:02+08:00' });
    expect(atTx.json.evidence).toMatchObject({ occurredAt: '2025-03-10T04:00:02.000Z' });
  });

  it('refuses a party whose account is not open (ACCOUNT_NOT_OPEN), so no record names an id someone may claim later', async () => {
    const d = new EvidenceDriver(NOW);
    const error = await d.fail(SHOP, (c, ctx) => c.Notarise(ctx, 'n', ...notariseArgs({ sha256: CONTRACT, parties: ['nobody-yet'] })));
    expect(error).toMatchObject({ code: 'ACCOUNT_NOT_OPEN', details: { account: 'nobody-yet', field: 'parties' } });
  });

  it.each([
    ['an auditor', AUDITOR],
    ['a shelf device', DEVICE],
  ])('refuses %s with FORBIDDEN', async (_label, as) => {
    const d = new EvidenceDriver(NOW);
    expect(await d.fail(as, (c, ctx) => c.Notarise(ctx, 'n', ...notariseArgs({ sha256: CONTRACT })))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("refuses a certificate naming another organisation's account", async () => {
    const d = new EvidenceDriver(NOW);
    await d.notarise(SHOP, 'n-0', { sha256: sha256Of('opens the shop') });
    const forged = claimant('BankMSP', 'bank', 'ev-shop');
    expect(await d.fail(forged, (c, ctx) => c.Notarise(ctx, 'n', ...notariseArgs({ sha256: CONTRACT })))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it.each([
    ['a consumer', ALICE, 'consumer'],
    ['a bank', BANK, 'bank'],
    ['a shelf operator', who('RetailMSP', 'shelf-operator', 'ev-op'), 'shelf-operator'],
  ])('lets %s notarise', async (_label, as, role) => {
    const d = new EvidenceDriver(NOW);
    const { json } = await d.notarise(as, 'n', { sha256: sha256Of(role), kind: 'receipt' });
    expect(json).toMatchObject({ duplicate: false, evidence: { recorderRole: role } });
  });
});
