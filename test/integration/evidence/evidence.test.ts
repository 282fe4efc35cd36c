/**
 * Evidence records end to end (docs/evidence.md): a merchant notarises a document's hash through the
 * REST gateway, under its own Fabric identity, on the real peers and ordering nodes; members of other
 * organisations verify it by hash and find the transaction and block an auditor's lookup confirms.
 */
import { createHash } from 'node:crypto';

import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const bankAdmin = new RestClient(orgAdminKey('bank'));

const shopId = uniqueId('ev-shop');
const bankId = uniqueId('ev-bank');
const aliceId = uniqueId('ev-alice');
const document = `Supply contract between ${shopId} and ${bankId}, signed today`;
const HASH = createHash('sha256').update(document, 'utf8').digest('hex');

/** The platform's occurred-at window, read in the setup: another test may have changed it. */
let maxBackdateDays = 7;
let shop: RestClient;
let bank: RestClient;
let alice: RestClient;
let auditor: RestClient;

function resultOf(response: RestResponse): Record<string, unknown> {
  expect(response.status).toBe(200);
  const value = response.body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(response.body)}`);
  }
  return value as Record<string, unknown>;
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3600_000).toISOString();

/** The merchant's notarisation, sent once and then retried unchanged. */
const CONTRACT = { sha256: HASH, kind: 'contract', parties: [bankId], occurredAt: hoursAgo(2), title: 'Supply contract' };

let hashes = 0;
/** The hash of a document nobody notarised. */
function newHash(): string {
  hashes += 1;
  return createHash('sha256').update(`${document} #${hashes}`, 'utf8').digest('hex');
}

beforeAll(async () => {
  shop = await registerMember(retailAdmin, shopId, 'merchant');
  bank = await registerMember(bankAdmin, bankId, 'bank');
  alice = await registerMember(platformAdmin, aliceId, 'consumer');
  auditor = await registerMember(bankAdmin, uniqueId('ev-auditor'), 'auditor');
  const params = await platformAdmin.get('/v1/points/params');
  maxBackdateDays = Number(params.body.maxBackdateDays);
});

describe('evidence through REST', () => {
  let first: RestResponse;

  it('notarises a hash as a merchant: the recorder comes from its certificate, the parties are named', async () => {
    first = await shop.post('/v1/evidence', CONTRACT, { idempotencyKey: 'contract-1' });
    const result = resultOf(first);
    expect(result).toMatchObject({
      duplicate: false,
      evidence: {
        sha256: HASH,
        kind: 'contract',
        parties: [bankId],
        title: 'Supply contract',
        recorder: shopId,
        recorderMsp: 'RetailMSP',
        recorderRole: 'merchant',
        requestId: 'contract-1',
        txId: first.body.transactionId,
      },
    });
    expect(first.body.blockNumber).toMatch(/^\d+$/);
  });

  it("verifies by hash as another organisation's member: when, by whom, in which transaction and block", async () => {
    const verified = await bank.get(`/v1/evidence/by-hash/${HASH}`);
    expect(verified.status).toBe(200);
    const evidence = (resultOf(first).evidence ?? {}) as Record<string, unknown>;
    expect(verified.body).toEqual({ ...evidence, countersignatures: [], blockNumber: first.body.blockNumber });
    // The auditor's own lookup of the transaction puts it in the same block.
    const tx = await auditor.get(`/v1/audit/transactions/${String(first.body.transactionId)}`);
    expect(tx.status).toBe(200);
    expect(String(tx.body.blockNumber)).toBe(first.body.blockNumber);
  });

  it('answers a duplicate by someone else with the first record, and changes nothing', async () => {
    const again = await alice.post('/v1/evidence', { sha256: HASH, kind: 'receipt', title: 'My copy' });
    expect(resultOf(again)).toEqual({ duplicate: true, evidence: resultOf(first).evidence });
    const verified = await auditor.get(`/v1/evidence/by-hash/${HASH}`);
    expect(verified.body).toMatchObject({ recorder: shopId, kind: 'contract', txId: first.body.transactionId });
    const alicesOwn = await alice.get('/v1/evidence');
    expect(alicesOwn.body).toEqual({ items: [], bookmark: '' });
  });

  it('lets the named bank countersign once with its own certificate; nobody else may', async () => {
    const signed = await bank.post(`/v1/evidence/by-hash/${HASH}/countersignatures`, undefined);
    expect(resultOf(signed)).toMatchObject({ sha256: HASH, party: bankId, partyMsp: 'BankMSP', partyRole: 'bank' });
    const twice = await bank.post(`/v1/evidence/by-hash/${HASH}/countersignatures`, undefined);
    expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_EXISTS']);
    const stranger = await alice.post(`/v1/evidence/by-hash/${HASH}/countersignatures`, undefined);
    expect([stranger.status, stranger.body.code]).toEqual([403, 'FORBIDDEN']);
    const verified = await alice.get(`/v1/evidence/by-hash/${HASH}`);
    expect(verified.body.countersignatures).toEqual([resultOf(signed)]);
    expect(verified.body.txId).toBe(first.body.transactionId);
  });

  it('answers a retry with the first answer, transaction and block', async () => {
    const retry = await shop.post('/v1/evidence', CONTRACT, { idempotencyKey: 'contract-1' });
    expect(resultOf(retry)).toEqual(resultOf(first));
    expect(retry.status).toBe(200);
    expect([retry.body.transactionId, retry.body.blockNumber]).toEqual([first.body.transactionId, first.body.blockNumber]);
  });

  it("pages the recorder's own records; another member's list is refused, an auditor names the recorder", async () => {
    const second = newHash();
    resultOf(await shop.post('/v1/evidence', { sha256: second, kind: 'other' }));
    const page1 = await shop.get('/v1/evidence?pageSize=1');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ items: [{ sha256: HASH }] });
    const page2 = await shop.get(`/v1/evidence?pageSize=1&bookmark=${String(page1.body.bookmark)}`);
    expect(page2.body).toMatchObject({ items: [{ sha256: second }] });
    expect((await bank.get(`/v1/evidence?recorder=${shopId}`)).status).toBe(403);
    const audited = await auditor.get(`/v1/evidence?recorder=${shopId}`);
    expect((audited.body.items as unknown[]).length).toBe(2);
  });

  it.each([
    ['an upper-case hash', () => ({ sha256: HASH.toUpperCase(), kind: 'contract' }), 400, 'VALIDATION_FAILED'],
    ['an unknown kind', () => ({ sha256: HASH, kind: 'memo' }), 400, 'VALIDATION_FAILED'],
    [
      'an occurredAt a day beyond the window',
      () => ({ sha256: newHash(), kind: 'receipt', occurredAt: hoursAgo((maxBackdateDays + 1) * 24) }),
      400,
      'INVALID_ARGUMENT',
    ],
    ['an occurredAt ahead', () => ({ sha256: newHash(), kind: 'receipt', occurredAt: hoursAgo(-1) }), 400, 'INVALID_ARGUMENT'],
    ['a party nobody enrolled', () => ({ sha256: newHash(), kind: 'receipt', parties: [uniqueId('nobody')] }), 404, 'ACCOUNT_NOT_OPEN'],
  ])('refuses %s', async (_label, body, status, code) => {
    const refused = await shop.post('/v1/evidence', body());
    expect([refused.status, refused.body.code]).toEqual([status, code]);
  });

  it('refuses an auditor, who changes nothing, and answers an unknown hash 404', async () => {
    const refused = await auditor.post('/v1/evidence', { sha256: newHash(), kind: 'audit-report' });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await bank.get(`/v1/evidence/by-hash/${newHash()}`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
