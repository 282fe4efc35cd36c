import { hexOf, renderEvidence, renderEvidenceForm } from '../view/evidence.js';
import { renderMonitoring } from '../view/monitoring.js';
import {
  renderBlock,
  renderBlocks,
  renderDashboard,
  renderError,
  renderHistory,
  renderHistoryForm,
  renderInvariants,
  renderTransaction,
  renderVerify,
} from '../view/render.js';

/*
 * The explorer's browser side: keeps the API key in sessionStorage, routes on the URL hash, fetches the
 * JSON routes with the key as a bearer token and puts the rendered views into the page.
 */

const KEY_STORAGE = 'loulan.apiKey';

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`missing #${id}`);
  }
  return found;
}

async function api(path: string): Promise<unknown> {
  const key = sessionStorage.getItem(KEY_STORAGE) ?? '';
  const response = await fetch(path, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

async function blocksView(arg: string | undefined): Promise<string> {
  return arg === undefined || arg === ''
    ? renderBlocks(await api('/v1/audit/blocks?limit=20'))
    : renderBlock(await api(`/v1/audit/blocks/${encodeURIComponent(arg)}`));
}

async function historyView(params: URLSearchParams): Promise<string> {
  const type = params.get('type') ?? 'account';
  const id = params.get('id') ?? '';
  const form = renderHistoryForm(type, id);
  if (id === '') {
    return form;
  }
  const history = await api(`/v1/audit/history/${encodeURIComponent(type)}/${encodeURIComponent(id)}?pageSize=100`);
  return form + renderHistory(history);
}

async function evidenceView(params: URLSearchParams): Promise<string> {
  const sha256 = params.get('sha256') ?? '';
  const form = renderEvidenceForm(sha256);
  return sha256 === '' ? form : form + renderEvidence(await api(`/v1/evidence/by-hash/${encodeURIComponent(sha256)}`));
}

async function dashboardView(): Promise<string> {
  const [chain, throughput, status, monitoring] = await Promise.all([
    api('/v1/audit/chain'),
    api('/v1/readmodel/throughput?minutes=10'),
    api('/v1/readmodel/status'),
    // The ledger views stay useful when the monitoring status cannot be read.
    api('/v1/monitoring/status').catch(() => null),
  ]);
  return renderDashboard(chain, throughput, status) + renderMonitoring(monitoring);
}

async function view(hash: string): Promise<string> {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name = 'dashboard', arg] = path.split('/');
  switch (name) {
    case 'blocks':
      return blocksView(arg);
    case 'tx':
      return renderTransaction(await api(`/v1/audit/transactions/${encodeURIComponent(arg ?? '')}`));
    case 'history':
      return historyView(new URLSearchParams(query));
    case 'verify':
      return renderVerify(await api('/v1/audit/verify'));
    case 'invariants':
      return renderInvariants(await api('/v1/audit/invariants'));
    case 'evidence':
      return evidenceView(new URLSearchParams(query));
    default:
      return dashboardView();
  }
}

/** A text field of a submitted form, '' when absent or a file. */
function textField(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

async function show(): Promise<void> {
  const loggedIn = sessionStorage.getItem(KEY_STORAGE) !== null;
  element('login').hidden = loggedIn;
  element('app').hidden = !loggedIn;
  if (!loggedIn) {
    return;
  }
  const main = element('view');
  main.setAttribute('aria-busy', 'true');
  try {
    main.innerHTML = await view(location.hash);
  } catch (err) {
    main.innerHTML = err instanceof ApiError ? renderError(err.status, err.body) : renderError(0, { message: String(err) });
  } finally {
    main.setAttribute('aria-busy', 'false');
  }
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) {
    return;
  }
  event.preventDefault();
  const data = new FormData(form);
  // getAttribute, not form.id: the history form has a field named "id", which shadows the property.
  const formId = form.getAttribute('id');
  if (formId === 'login-form') {
    sessionStorage.setItem(KEY_STORAGE, textField(data, 'apiKey').trim());
    void show();
  } else if (formId === 'history-form') {
    const query = new URLSearchParams({ type: textField(data, 'type'), id: textField(data, 'id') });
    location.hash = `#/history?${query.toString()}`;
  } else if (formId === 'evidence-form') {
    void lookUpEvidence(data);
  }
});

/** The hash typed in (lower-cased, as the ledger keys it), or the SHA-256 of the chosen file, computed here. */
async function lookUpEvidence(data: FormData): Promise<void> {
  const file = data.get('file');
  const sha256 =
    file instanceof File && file.size > 0
      ? hexOf(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))
      : textField(data, 'sha256').trim().toLowerCase();
  location.hash = `#/evidence?${new URLSearchParams({ sha256 }).toString()}`;
}
element('logout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  void show();
});
window.addEventListener('hashchange', () => void show());
void show();
