import { asObject, escapeHtml, formatTime, listField, textField } from './format.js';

/*
 * The dashboard's monitoring part, from `GET /v1/monitoring/status` (docs/operations.md, "Monitoring"):
 * each scraped node's health from Prometheus and the alerts Alertmanager holds as active.
 */

/** Rows of one list of the status, or why it is missing: not configured, or the service did not answer. */
function section(list: unknown, configured: boolean, what: string, rows: (items: unknown[]) => string): string {
  if (Array.isArray(list)) {
    return rows(list);
  }
  return `<p data-testid="monitoring-missing">${escapeHtml(configured ? `${what} did not answer.` : `${what} is not configured.`)}</p>`;
}

function nodeRows(items: unknown[]): string {
  const rows = items
    .map(asObject)
    .map((n) => {
      const health = textField(n, 'health');
      const error = textField(n, 'lastError');
      return `<tr data-testid="node-row" data-node="${escapeHtml(textField(n, 'node'))}"><td>${escapeHtml(textField(n, 'node'))}</td><td>${escapeHtml(textField(n, 'kind'))}</td><td class="${health === 'up' ? 'ok' : 'bad'}" data-testid="node-health">${escapeHtml(health)}</td><td>${error === '–' ? '' : escapeHtml(error)}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>node</th><th>kind</th><th>health</th><th>last error</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function alertRows(items: unknown[]): string {
  if (items.length === 0) {
    return '<p class="ok" data-testid="no-alerts">No alert is firing.</p>';
  }
  const rows = items
    .map(asObject)
    .map((a) => {
      const node = a?.['node'];
      return `<tr data-testid="alert-row"><td class="bad">${escapeHtml(textField(a, 'name'))}</td><td>${escapeHtml(textField(a, 'severity'))}</td><td>${typeof node === 'string' ? escapeHtml(node) : ''}</td><td>${escapeHtml(textField(a, 'summary'))}</td><td>${escapeHtml(formatTime(textField(a, 'startsAt')))}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>alert</th><th>severity</th><th>node</th><th>summary</th><th>since</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Node health and firing alerts; `status` null when the route itself failed. */
export function renderMonitoring(status: unknown): string {
  const s = asObject(status);
  if (s === null) {
    return '<h3>Node health</h3><p class="bad" data-testid="monitoring-missing">The monitoring status could not be read.</p>';
  }
  const configured = s['configured'] === true;
  if (!configured) {
    return '<h3>Node health</h3><p data-testid="monitoring-missing">Monitoring is not configured (docs/operations.md, "Monitoring").</p>';
  }
  const problems = listField(s, 'problems')
    .map((p) => `<li>${escapeHtml(typeof p === 'string' ? p : JSON.stringify(p))}</li>`)
    .join('');
  return `<h3>Node health</h3>${section(s['nodes'], configured, 'Prometheus', nodeRows)}
<h3>Firing alerts</h3>${section(s['alerts'], configured, 'Alertmanager', alertRows)}${problems === '' ? '' : `<ul class="bad" data-testid="monitoring-problems">${problems}</ul>`}`;
}
