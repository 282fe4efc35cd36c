import type { VNode } from 'preact';

import { formatFen, formatTime } from '../view/format.js';
import { type JsonObject, numberAt, objectOf, objectsAt, textAt } from '../view/json.js';
import { disputable, joinCsvPages, nextLink, payable, type Period, reportFileName } from '../view/reports.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues, type Loaded, LoadError } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * A shelf party's statements of a period from its reconciliation report (docs/shelf.md), disputing a
 * pending one within its dispute window (until its `disputeUntil`), the operator's payment once the window has closed, and the
 * report as a CSV file. The gateway answers the CSV a page at a time; the page follows the `Link`
 * headers and joins the pages into one file, its header row once.
 */

// Bounds the download: 100 pages of 500 rows, far beyond a party's 31 days.
const MAX_CSV_PAGES = 100;
const CSV_PAGE_ROWS = 500;

/** The report's URL for a party and period (JSON unless `csv`). */
export function reportUrl(party: string, period: Period, csv: boolean): string {
  const query = new URLSearchParams({ from: period.from, to: period.to, pageSize: String(CSV_PAGE_ROWS) });
  if (csv) {
    query.set('format', 'csv');
  }
  return `${path`/v1/shelf/reports/${party}`}?${query.toString()}`;
}

async function downloadCsv(ctx: PageContext, period: Period): Promise<string> {
  const pages: string[] = [];
  let url: string | null = reportUrl(ctx.me.account, period, true);
  while (url !== null && pages.length < MAX_CSV_PAGES) {
    const page: { text: string; link: string | null } = await ctx.api.textPage(url);
    pages.push(page.text);
    url = nextLink(page.link);
  }
  const csv = joinCsvPages(pages);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = reportFileName(ctx.me.account, period);
  link.click();
  URL.revokeObjectURL(link.href);
  return ctx.t('shelf.downloaded', { pages: pages.length, name: link.download });
}

function statementActions(ctx: PageContext, statement: JsonObject): VNode {
  const route = (step: string): string => path`/v1/shelf/shelves/${textAt(statement, 'shelfId')}/days/${textAt(statement, 'day')}/${step}`;
  const dispute = async (v: FormValues): Promise<string> =>
    `${ctx.t('done')} ${textAt(resultOf(await ctx.api.post(route('dispute'), { reason: v['reason'] })), 'status')}`;
  const pay = async (v: FormValues): Promise<string> =>
    `${ctx.t('done')} ${textAt(resultOf(await ctx.api.post(route('payment'), { transferRef: v['transferRef'] })), 'status')}`;
  const now = new Date();
  const operator = ctx.me.role === 'shelf-operator';
  return html`<${ActionForm}
      ctx=${ctx}
      testId="dispute"
      submit="shelf.dispute"
      action=${dispute}
      fields=${[{ name: 'reason', label: 'platform.reason' }]}
      hidden=${!disputable(statement, now)}
    />
    <${ActionForm}
      ctx=${ctx}
      testId="payment"
      submit="shelf.pay"
      action=${pay}
      fields=${[{ name: 'transferRef', label: 'shelf.transferRef' }]}
      hidden=${!(operator && payable(statement, now))}
    />` as VNode;
}

function statementRow(ctx: PageContext, s: JsonObject): { key: string; cells: (string | VNode)[] } {
  return {
    key: `${textAt(s, 'shelfId')}/${textAt(s, 'day')}`,
    cells: [
      textAt(s, 'day'),
      textAt(s, 'shelfId'),
      textAt(s, 'partyRole'),
      formatFen(numberAt(s, 'revenueFen') ?? 0, ctx.lang),
      formatFen(numberAt(s, 'partyAmountFen') ?? 0, ctx.lang),
      textAt(s, 'lines'),
      textAt(s, 'status'),
      formatTime(textAt(s, 'disputeUntil'), ctx.lang),
      statementActions(ctx, s),
    ],
  };
}

function totalsText(ctx: PageContext, report: JsonObject): string {
  const totals = objectOf(report['totals']);
  const fen = (name: string): string => formatFen(numberAt(totals, name) ?? 0, ctx.lang);
  return ctx.t('shelf.totals', { pending: fen('pendingFen'), disputed: fen('disputedFen'), paid: fen('paidFen') });
}

/** The statements of the period (the report's first page), their totals and the CSV download. */
export function StatementsCard(props: { ctx: PageContext; period: Period; report: Loaded<JsonObject> }): VNode {
  const { ctx, period, report } = props;
  const { t } = ctx;
  const statements = report.data === null ? [] : objectsAt(report.data, 'statements');
  const more = report.data !== null && textAt(report.data, 'bookmark') !== '' && textAt(report.data, 'bookmark') !== '–';
  return html`<${Card} title=${t('shelf.statements', { from: period.from, to: period.to })} testId="shelf-statements-card" wide=${true}>
    <${RichTable}
      headers=${[t('day'), t('platform.shelf'), t('shelf.role'), t('platform.revenueFen'), t('shelf.myAmount'), t('shelf.lines'), t('status'), t('shelf.disputeUntil'), '']}
      rows=${statements.map((s) => statementRow(ctx, s))}
      rowTestId="shelf-statement-row"
      numeric=${[3, 4, 5]}
    />
    ${statements.length === 0 && report.data !== null ? html`<p data-testid="shelf-statements-none">${t('none')}</p>` : null}
    ${report.data === null ? null : html`<p data-testid="shelf-totals">${totalsText(ctx, report.data)}${more ? ` ${t('shelf.more')}` : ''}</p>`}
    <${LoadError} loaded=${report} />
    <p>
      <${ActionButton} ctx=${ctx} testId="shelf-csv" label="shelf.csv" action=${() => downloadCsv(ctx, period)} />
    </p>
  <//>` as VNode;
}
