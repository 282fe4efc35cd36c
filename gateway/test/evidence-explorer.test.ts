import { createHash } from 'node:crypto';

import { hexOf, renderEvidence, renderEvidenceForm } from '../src/explorer/view/evidence';

const HASH = createHash('sha256').update('receipt', 'utf8').digest('hex');

describe('explorer evidence view', () => {
  it('shows when, by whom, in which transaction and block, linking the transaction and the block', () => {
    const html = renderEvidence({
      sha256: HASH,
      kind: 'contract',
      title: null,
      parties: ['bank-1', 'alice'],
      occurredAt: '2025-03-09T02:00:00.000Z',
      recorder: 'shop-1',
      recorderMsp: 'RetailMSP',
      recorderRole: 'merchant',
      txId: 'tx-first',
      time: '2025-03-10T04:00:01.000Z',
      countersignatures: [{ party: 'bank-1', partyMsp: 'BankMSP', txId: 'tx-sign', time: '2025-03-10T05:00:00.000Z' }],
      blockNumber: '42',
    });

    expect(html).toContain(`<code>${HASH}</code>`);
    expect(html).toContain('shop-1 (RetailMSP / merchant)');
    expect(html).toContain('bank-1, alice');
    expect(html).toContain('2025-03-10 04:00:01 UTC');
    expect(html).toContain('href="#/tx/tx-first"');
    expect(html).toContain('href="#/blocks/42"');
    expect(html).toContain('<td data-testid="evidence-title">–</td>');
    expect(html).toContain('bank-1 (BankMSP), 2025-03-10 05:00:00 UTC, <a href="#/tx/tx-sign">');
  });

  it('escapes every value taken from the API, and the hash put back into the form', () => {
    const html =
      renderEvidence({ title: '<img src=x>', recorder: '"><script>', parties: ['<b>'], countersignatures: [{ party: '<u>' }] }) +
      renderEvidenceForm('"><i>');

    expect(html).not.toMatch(/<img|<script>|<b>|<i>|<u>/);
  });

  it('writes a digest as the ledger keys it: 64 lower-case hex digits', () => {
    const digest = createHash('sha256').update('receipt', 'utf8').digest();

    expect(hexOf(digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength))).toBe(HASH);
  });
});
