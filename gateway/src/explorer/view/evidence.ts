import { asObject, escapeHtml, formatTime, listField, shortId, textField } from './format.js';

/*
 * The explorer's evidence view (docs/evidence.md): a hash pasted or computed from a dropped file, and
 * the record `GET /v1/evidence/by-hash/:sha256` answers for it. Every value is escaped.
 */

/** The lookup form: a hash, or a file whose SHA-256 the browser computes (the file never leaves it). */
export function renderEvidenceForm(sha256: string): string {
  return `<h2>Evidence</h2><form data-testid="evidence-form" id="evidence-form">
<label>SHA-256 <input name="sha256" data-testid="evidence-hash" size="70" value="${escapeHtml(sha256)}" placeholder="64 hex digits"></label>
<label>or a file <input name="file" type="file" data-testid="evidence-file"></label>
<button type="submit" data-testid="evidence-submit">Verify</button></form>`;
}

/** A record with its block, from `GET /v1/evidence/by-hash/:sha256`. */
export function renderEvidence(evidence: unknown): string {
  const e = asObject(evidence);
  const txId = textField(e, 'txId');
  const block = textField(e, 'blockNumber');
  const parties = listField(e, 'parties').map((p) => escapeHtml(typeof p === 'string' ? p : ''));
  const signatures = listField(e, 'countersignatures')
    .map(asObject)
    .map(
      (s) =>
        `<li data-testid="evidence-countersignature">${escapeHtml(textField(s, 'party'))} (${escapeHtml(textField(s, 'partyMsp'))}), ${escapeHtml(formatTime(textField(s, 'time')))}, <a href="#/tx/${encodeURIComponent(textField(s, 'txId'))}"><code>${escapeHtml(shortId(textField(s, 'txId')))}</code></a></li>`,
    );
  const row = (label: string, value: string, testId: string): string =>
    `<tr><th>${label}</th><td data-testid="${testId}">${value}</td></tr>`;
  return `<h3 class="ok" data-testid="evidence-found">Notarised</h3><table>
${row('SHA-256', `<code>${escapeHtml(textField(e, 'sha256'))}</code>`, 'evidence-sha256')}
${row('kind', escapeHtml(textField(e, 'kind')), 'evidence-kind')}
${row('title', escapeHtml(e?.['title'] === null ? '–' : textField(e, 'title')), 'evidence-title')}
${row('recorded by', `${escapeHtml(textField(e, 'recorder'))} (${escapeHtml(textField(e, 'recorderMsp'))} / ${escapeHtml(textField(e, 'recorderRole'))})`, 'evidence-recorder')}
${row('parties named', parties.length === 0 ? '–' : parties.join(', '), 'evidence-parties')}
${row('occurred at', escapeHtml(formatTime(textField(e, 'occurredAt'))), 'evidence-occurred')}
${row('recorded at', escapeHtml(formatTime(textField(e, 'time'))), 'evidence-time')}
${row('transaction', `<a href="#/tx/${encodeURIComponent(txId)}"><code>${escapeHtml(txId)}</code></a>`, 'evidence-tx')}
${row('block', `<a href="#/blocks/${encodeURIComponent(block)}">${escapeHtml(block)}</a>`, 'evidence-block')}
</table><h3>Countersigned by</h3>${signatures.length === 0 ? '<p>no named party yet</p>' : `<ul>${signatures.join('')}</ul>`}
<p>Parties are named by the recorder; only those listed under "Countersigned by" confirmed the record with their own certificate.</p>`;
}

/** Lower-case hex of a digest, as the ledger keys a document. */
export function hexOf(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
