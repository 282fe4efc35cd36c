import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { formatDelta, formatPoints, formatTime } from '../view/format.js';
import { type JsonObject, numberAt, objectsAt, textAt } from '../view/json.js';
import { balanceSeries } from '../view/series.js';
import { path, resultOf } from './api.js';
import { TimeChart } from './chart.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, LoadError, Table, useLoad } from './ui.js';
import { CouponsCard } from './wallet-coupons.js';
import { ListingsCard, OrderBookCard } from './wallet-exchange.js';
import { JospCard, ProductsCard } from './wallet-market.js';

/*
 * The consumer wallet: balance, statement, balance chart, coupons and their market, points products,
 * JOSP plans and transfers, all of the logged-in consumer's own account (docs/points.md, coupons.md, josp.md).
 */

const STATEMENT_PAGE = 10;
// The chart sums the statement from the account's first line; this many lines at most.
const CHART_PAGES = 10;

function BalanceCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const loaded = useLoad(ctx, () => ctx.api.get(path`/v1/points/accounts/${ctx.me.account}/balance`));
  const balance = loaded.data === null ? null : numberAt(loaded.data, 'balance');
  return html`<${Card} title=${ctx.t('wallet.balance')} testId="balance-card">
    <div class="big" data-testid="wallet-balance">${balance === null ? '…' : formatPoints(balance, ctx.lang)}</div>
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function movementRow(ctx: PageContext, movement: JsonObject): string[] {
  return [
    formatTime(textAt(movement, 'time'), ctx.lang),
    textAt(movement, 'kind'),
    formatDelta(numberAt(movement, 'delta') ?? 0, ctx.lang),
    textAt(movement, 'counterparty'),
    textAt(movement, 'reference'),
  ];
}

function StatementCard(props: { ctx: PageContext }): VNode {
  const { ctx, t } = { ctx: props.ctx, t: props.ctx.t };
  // The bookmarks of the pages before the current one: the ledger pages forwards only.
  const [bookmarks, setBookmarks] = useState<string[]>(['']);
  const bookmark = bookmarks[bookmarks.length - 1] ?? '';
  const loaded = useLoad(
    ctx,
    () =>
      ctx.api.get(
        `${path`/v1/points/accounts/${ctx.me.account}/statement`}?pageSize=${STATEMENT_PAGE}&bookmark=${encodeURIComponent(bookmark)}`,
      ),
    bookmark,
  );
  const items = loaded.data === null ? [] : objectsAt(loaded.data, 'items');
  const next = loaded.data === null ? '' : textAt(loaded.data, 'bookmark');
  return html`<${Card} title=${t('wallet.statement')} testId="statement-card">
    <${Table}
      headers=${[t('time'), t('kind'), t('change'), t('counterparty'), t('reference')]}
      rows=${items.map((m) => movementRow(ctx, m))}
      rowTestId="statement-row"
      numeric=${[2]}
    />
    ${items.length === 0 && loaded.data !== null ? html`<p>${t('none')}</p>` : null}
    <div class="pager">
      <button
        type="button"
        data-testid="statement-previous"
        disabled=${bookmarks.length < 2}
        onClick=${() => {
          setBookmarks(bookmarks.slice(0, -1));
        }}
      >
        ${t('previous')}
      </button>
      <button
        type="button"
        data-testid="statement-next"
        disabled=${next === '' || next === '–' || items.length < STATEMENT_PAGE}
        onClick=${() => {
          setBookmarks([...bookmarks, next]);
        }}
      >
        ${t('next')}
      </button>
    </div>
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

async function wholeStatement(ctx: PageContext): Promise<JsonObject[]> {
  const lines: JsonObject[] = [];
  let bookmark = '';
  for (let page = 0; page < CHART_PAGES; page++) {
    const answer = await ctx.api.get(
      `${path`/v1/points/accounts/${ctx.me.account}/statement`}?pageSize=100&bookmark=${encodeURIComponent(bookmark)}`,
    );
    const items = objectsAt(answer, 'items');
    lines.push(...items);
    bookmark = textAt(answer, 'bookmark');
    if (items.length < 100 || bookmark === '' || bookmark === '–') {
      break;
    }
  }
  return lines;
}

function ChartCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const loaded = useLoad(ctx, async () => balanceSeries(await wholeStatement(ctx)));
  return html`<${Card} title=${ctx.t('wallet.chart')} testId="chart-card" wide=${true}>
    <${TimeChart} testId="balance-chart" label=${ctx.t('balance')} points=${loaded.data ?? []} kind="line" />
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function PayCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const redeem = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(
      await ctx.api.post('/v1/points/redemptions', { merchantId: v['merchantId'], orderId: v['orderId'], points: Number(v['points']) }),
    );
    return `${t('done')} ${formatDelta(-(numberAt(result, 'points') ?? Number(v['points'])), ctx.lang)}`;
  };
  const transfer = async (v: Readonly<Record<string, string>>): Promise<string> => {
    await ctx.api.post('/v1/points/transfers', { to: v['to'], points: Number(v['points']) });
    return t('done');
  };
  return html`<${Card} title=${t('wallet.redeem')} testId="pay-card">
    <${ActionForm}
      ctx=${ctx}
      testId="redeem"
      submit="wallet.redeem"
      action=${redeem}
      fields=${[
        { name: 'merchantId', label: 'merchant' },
        { name: 'orderId', label: 'order' },
        { name: 'points', label: 'points', type: 'number' },
      ]}
    />
    <h2>${t('wallet.transfer')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="transfer"
      submit="wallet.transfer"
      action=${transfer}
      fields=${[
        { name: 'to', label: 'wallet.to' },
        { name: 'points', label: 'points', type: 'number' },
      ]}
    />
  <//>` as VNode;
}

/** The consumer's wallet page. */
export function Wallet(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  return html`<main data-testid="wallet">
    <h1>${ctx.t('wallet.heading')} · ${ctx.me.account}</h1>
    <${BalanceCard} ctx=${ctx} />
    <${PayCard} ctx=${ctx} />
    <${ChartCard} ctx=${ctx} />
    <${CouponsCard} ctx=${ctx} />
    <${StatementCard} ctx=${ctx} />
    <${ListingsCard} ctx=${ctx} />
    <${OrderBookCard} ctx=${ctx} />
    <${ProductsCard} ctx=${ctx} />
    <${JospCard} ctx=${ctx} />
  </main>` as VNode;
}
