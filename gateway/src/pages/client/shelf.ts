import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { formatTime, shanghaiDay } from '../view/format.js';
import { type JsonObject, objectsAt, textAt } from '../view/json.js';
import { awaitsSignature, MAX_REPORT_DAYS, type Period, periodEnding, shelfIdsOf } from '../view/reports.js';
import { path } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { reportUrl, StatementsCard } from './shelf-report.js';
import { ActionForm, Card, type FormValues, LoadError, useLoad } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * The console of the shelf parties — shelf operators, site providers and suppliers (docs/shelf.md):
 * the period's statements and report, and the party's shelves with their agreement versions, signing
 * or declining one proposed to it. The ledger lists no party's shelves, so they are those of the
 * party's statements and of its own shelf events.
 */

/** The roles this console serves. */
export const SHELF_ROLES = ['shelf-operator', 'site-provider', 'supplier'];

const DEFAULT_DAYS = 7;

function agreementCells(ctx: PageContext, shelfId: string, a: JsonObject): (string | VNode)[] {
  const version = textAt(a, 'version');
  const step = (name: string) => async (): Promise<string> => {
    await ctx.api.post(path`/v1/shelf/shelves/${shelfId}/agreements/${version}/${name}`);
    return ctx.t('done');
  };
  const mine = awaitsSignature(a, ctx.me.role, ctx.me.account);
  return [
    `${shelfId} v${version}`,
    textAt(a, 'status'),
    `${textAt(a, 'supplierBps')} / ${textAt(a, 'operatorBps')} / ${textAt(a, 'siteBps')} · ${textAt(a, 'feeBps')}`,
    `${textAt(a, 'operator')} · ${textAt(a, 'siteProvider')} · ${textAt(a, 'supplier')}`,
    formatTime(textAt(a, 'changedAt'), ctx.lang),
    html`<${ActionButton} ctx=${ctx} testId="agreement-sign" label="shelf.sign" action=${step('sign')} hidden=${!mine} />
      <${ActionButton} ctx=${ctx} testId="agreement-decline" label="shelf.decline" action=${step('decline')} hidden=${!mine} />` as VNode,
  ];
}

function ShelvesCard(props: { ctx: PageContext; statements: readonly JsonObject[] }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const ids = shelfIdsOf(props.statements, ctx.events);
  const loaded = useLoad(ctx, () => Promise.all(ids.map((id) => ctx.api.get(path`/v1/shelf/shelves/${id}`))), ids.join(','));
  const rows = (loaded.data ?? []).flatMap((shelf) =>
    objectsAt(shelf, 'agreements').map((a) => ({
      key: `${textAt(shelf, 'shelfId')}/${textAt(a, 'version')}`,
      cells: agreementCells(ctx, textAt(shelf, 'shelfId'), a),
    })),
  );
  return html`<${Card} title=${t('shelf.shelves')} testId="shelves-card" wide=${true}>
    <${RichTable}
      headers=${[t('platform.shelf'), t('status'), t('shelf.split'), t('shelf.parties'), t('time'), '']}
      rows=${rows}
      rowTestId="shelf-agreement-row"
    />
    ${rows.length === 0 && loaded.data !== null ? html`<p>${t('none')}</p>` : null}
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function PeriodCard(props: { ctx: PageContext; period: Period; onPeriod: (period: Period) => void }): VNode {
  const { ctx } = props;
  const choose = async (v: FormValues): Promise<string> => {
    props.onPeriod({ from: v['from'] ?? '', to: v['to'] ?? '' });
    return ctx.t('done');
  };
  return html`<${Card} title=${ctx.t('shelf.period')} testId="shelf-period-card">
    <p class="hint">${ctx.t('shelf.periodHint', { days: MAX_REPORT_DAYS })}</p>
    <${ActionForm}
      ctx=${ctx}
      testId="period"
      submit="plans.show"
      action=${choose}
      fields=${[
        { name: 'from', label: 'shelf.from', value: props.period.from },
        { name: 'to', label: 'shelf.to', value: props.period.to },
      ]}
    />
  <//>` as VNode;
}

/** The shelf party's console page. */
export function ShelfConsole(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const [period, setPeriod] = useState<Period>(() => periodEnding(shanghaiDay(new Date()), DEFAULT_DAYS));
  const report = useLoad(ctx, () => ctx.api.get(reportUrl(ctx.me.account, period, false)), `${period.from}/${period.to}`);
  const statements = report.data === null ? [] : objectsAt(report.data, 'statements');
  return html`<main data-testid="shelf">
    <h1>${ctx.t('shelf.heading')} · ${ctx.me.account}</h1>
    <${PeriodCard} ctx=${ctx} period=${period} onPeriod=${setPeriod} />
    <${StatementsCard} ctx=${ctx} period=${period} report=${report} />
    <${ShelvesCard} ctx=${ctx} statements=${statements} />
  </main>` as VNode;
}
