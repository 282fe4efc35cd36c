import { barChartSvg, minuteBuckets } from './chart.js';
import { asObject, escapeHtml, formatRate, formatTime, jsonBlock, listField, shortId, textField } from './format.js';

/*
 * The explorer's views as HTML strings built from the JSON of the audit and read model routes
 * (docs/audit.md, docs/readmodel.md). Every value is escaped; links are hash routes of the page.
 */

const txLink = (txId: string): string =>
  `<a href="#/tx/${encodeURIComponent(txId)}" data-testid="tx-link" title="${escapeHtml(txId)}">${escapeHtml(shortId(txId))}</a>`;
const blockLink = (n: string): string => `<a href="#/blocks/${encodeURIComponent(n)}">${escapeHtml(n)}</a>`;

/** Renders each element of the list `obj[name]`, read as a JSON object, and joins the pieces. */
const eachObject = (obj: Record<string, unknown> | null, name: string, render: (item: Record<string, unknown> | null) => string): string =>
  listField(obj, name).map(asObject).map(render).join('');

/** Dashboard from `GET /v1/audit/chain`, `GET /v1/readmodel/throughput` and `GET /v1/readmodel/status`. */
export function renderDashboard(chain: unknown, throughput: unknown, status: unknown): string {
  const c = asObject(chain);
  const t = asObject(throughput);
  const s = asObject(status);
  const counts = new Map<string, number>();
  for (const item of listField(t, 'items')) {
    const bucket = asObject(item);
    const transactions = bucket?.['transactions'];
    if (bucket !== null && typeof transactions === 'number') {
      counts.set(textField(bucket, 'minute'), transactions);
    }
  }
  const minutes = typeof t?.['minutes'] === 'number' ? t['minutes'] : 10;
  const bars = minuteBuckets(textField(t, 'since'), minutes, counts);
  const average = bars.length === 0 ? 0 : bars.reduce((sum, b) => sum + b.value, 0) / bars.length;
  const peers = listField(c, 'peers').map(asObject);
  const maxHeight = Math.max(1, ...peers.map((p) => Number(textField(p, 'height')) || 0));
  const peerRows = peers
    .map((p) => {
      const height = Number(textField(p, 'height')) || 0;
      const width = Math.round((height / maxHeight) * 200);
      return `<tr data-testid="peer-row"><td>${escapeHtml(textField(p, 'mspId'))}</td><td>${escapeHtml(textField(p, 'height'))}</td><td><svg width="200" height="10"><rect width="${width}" height="10"></rect></svg></td></tr>`;
    })
    .join('');
  return `<h2>Dashboard</h2>
<p>Block height <strong data-testid="chain-height">${escapeHtml(textField(c, 'height'))}</strong>;
read model at block <strong data-testid="readmodel-block">${escapeHtml(textField(s, 'block'))}</strong>
(${escapeHtml(textField(s, 'txCount'))} transactions indexed).</p>
<h3>Transactions per second, last ${minutes} minutes (average ${escapeHtml(formatRate(average))})</h3>
${barChartSvg(bars, { width: 600, height: 120 }, 'tps-chart')}
<h3>Peers</h3>
<table><thead><tr><th>organisation</th><th>height</th><th></th></tr></thead><tbody>${peerRows}</tbody></table>`;
}

/** Block list from `GET /v1/audit/blocks`. */
export function renderBlocks(blocks: unknown): string {
  const b = asObject(blocks);
  const rows = eachObject(
    b,
    'items',
    (block) =>
      `<tr data-testid="block-row"><td>${blockLink(textField(block, 'number'))}</td><td>${escapeHtml(textField(block, 'txCount'))}</td><td>${escapeHtml(formatTime(textField(block, 'time')))}</td><td><code>${escapeHtml(shortId(textField(block, 'headerHash')))}</code></td></tr>`,
  );
  return `<h2>Blocks</h2><p>Height ${escapeHtml(textField(b, 'height'))}</p>
<table><thead><tr><th>number</th><th>transactions</th><th>time</th><th>header hash</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One block from `GET /v1/audit/blocks/:number`. */
export function renderBlock(block: unknown): string {
  const b = asObject(block);
  const field = (name: string): string => `<tr><th>${name}</th><td><code>${escapeHtml(textField(b, name))}</code></td></tr>`;
  return `<h2 data-testid="block-title">Block ${escapeHtml(textField(b, 'number'))}</h2>
<table>${['number', 'txCount', 'time', 'dataHash', 'previousHash', 'headerHash'].map(field).join('')}</table>`;
}

/** One transaction from `GET /v1/audit/transactions/:txId`. */
export function renderTransaction(tx: unknown): string {
  const t = asObject(tx);
  const code = textField(t, 'validationCode');
  const events = eachObject(
    t,
    'events',
    (e) => `<li><strong>${escapeHtml(textField(e, 'name'))}</strong>${jsonBlock(e?.['payload'] ?? null)}</li>`,
  );
  const args = listField(t, 'args').map((a) => `<li><code>${escapeHtml(typeof a === 'string' ? a : JSON.stringify(a))}</code></li>`);
  return `<h2>Transaction <code data-testid="tx-id">${escapeHtml(textField(t, 'txId'))}</code></h2>
<table>
<tr><th>block</th><td>${blockLink(textField(t, 'blockNumber'))}</td></tr>
<tr><th>validation</th><td data-testid="tx-validation" class="${code === 'VALID' ? 'ok' : 'bad'}">${escapeHtml(code)}</td></tr>
<tr><th>creator</th><td>${escapeHtml(textField(t, 'creatorMsp'))} / ${escapeHtml(textField(t, 'creatorRole'))}</td></tr>
<tr><th>time</th><td>${escapeHtml(formatTime(textField(t, 'timestamp')))}</td></tr>
<tr><th>call</th><td data-testid="tx-call">${escapeHtml(textField(t, 'contract'))}:${escapeHtml(textField(t, 'transaction'))}</td></tr>
</table><h3>Arguments</h3><ol>${args.join('')}</ol><h3>Events</h3><ul>${events}</ul>`;
}

/** Entity types of `GET /v1/audit/history/:entityType/:entityId`. */
export const ENTITY_TYPES = ['account', 'couponClass', 'plan', 'loan', 'shelf', 'statement'] as const;

/** The history form, pre-filled with the entity being shown. */
export function renderHistoryForm(type: string, id: string): string {
  const options = ENTITY_TYPES.map((t) => `<option value="${t}"${t === type ? ' selected' : ''}>${t}</option>`).join('');
  return `<h2>Entity history</h2><form data-testid="history-form" id="history-form">
<select name="type" data-testid="history-type">${options}</select>
<input name="id" data-testid="history-id" required value="${escapeHtml(id)}" placeholder="id">
<button type="submit" data-testid="history-submit">Show</button></form>`;
}

/** The versions of an entity from `GET /v1/audit/history/...`, oldest first as the peer lists them. */
export function renderHistory(history: unknown): string {
  const h = asObject(history);
  const rows = eachObject(
    h,
    'items',
    (item) =>
      `<tr data-testid="history-row" data-txid="${escapeHtml(textField(item, 'txId'))}"><td>${txLink(textField(item, 'txId'))}</td><td>${blockLink(textField(item, 'blockNumber'))}</td><td>${escapeHtml(formatTime(textField(item, 'time')))}</td><td>${escapeHtml(textField(item, 'creatorMsp'))} ${escapeHtml(textField(item, 'creatorRole'))}</td><td>${item?.['isDelete'] === true ? '<em>deleted</em>' : jsonBlock(item?.['value'] ?? null)}</td></tr>`,
  );
  return `<h3 data-testid="history-title">${escapeHtml(textField(h, 'entityType'))} ${escapeHtml(textField(h, 'entityId'))}</h3>
<table><thead><tr><th>transaction</th><th>block</th><th>time</th><th>by</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The hash chain check from `GET /v1/audit/verify`. */
export function renderVerify(verify: unknown): string {
  const v = asObject(verify);
  const verified = v?.['verified'] === true;
  const firstBreak = asObject(v?.['firstBreak']);
  const detail =
    verified || firstBreak === null
      ? ''
      : `<p>First break at block ${blockLink(textField(firstBreak, 'number'))}: expected <code>${escapeHtml(textField(firstBreak, 'expectedPreviousHash'))}</code>, found <code>${escapeHtml(textField(firstBreak, 'actualPreviousHash'))}</code></p>`;
  return `<h2>Hash chain verification</h2>
<p class="${verified ? 'ok' : 'bad'}" data-testid="verify-status">${verified ? 'verified' : 'broken'}</p>
<p>Blocks checked: <span data-testid="verify-height">${escapeHtml(textField(v, 'height'))}</span></p>${detail}`;
}

/** Invariant status from `GET /v1/audit/invariants`. */
export function renderInvariants(invariants: unknown): string {
  const i = asObject(invariants);
  const holds = i?.['holds'] === true;
  const coupons = eachObject(i, 'coupons', (c) => `<li>${escapeHtml(textField(c, 'classId'))}${jsonBlock(c)}</li>`);
  return `<h2>Invariants</h2>
<p class="${holds ? 'ok' : 'bad'}" data-testid="invariants-status">${holds ? 'holds' : 'violated'}</p>
<h3>Points</h3>${jsonBlock(i?.['points'] ?? null)}<h3>Coupon classes</h3><ul>${coupons}</ul>`;
}

/** An error box for a failed call (status and the API's error body). */
export function renderError(status: number, body: unknown): string {
  const b = asObject(body);
  return `<p class="bad" data-testid="error">${escapeHtml(String(status))} ${escapeHtml(textField(b, 'code'))}: ${escapeHtml(textField(b, 'message'))}</p>`;
}
