import type { VNode } from 'preact';

import { formatFen, formatPoints, formatTime, shanghaiDay, shanghaiMonth } from '../view/format.js';
import { type JsonObject, numberAt, objectOf, textAt } from '../view/json.js';
import { dailySeries, daySales, purchasesOf } from '../view/sales.js';
import { path, resultOf } from './api.js';
import { TimeChart } from './chart.js';
import { ClearingCard } from './clearing.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { AlliancesCard } from './merchant-alliances.js';
import { ClassDetailCard } from './merchant-class.js';
import { CouponClassesCard } from './merchant-coupons.js';
import { CsvCard } from './merchant-csv.js';
import { FinanceCard } from './merchant-finance.js';
import { OpenPlanCard } from './merchant-josp.js';
import { ActionForm, Card, LoadError, Table, useLoad } from './ui.js';

/*
 * The merchant console: record purchases one by one or from a CSV file, confirm coupon redemptions,
 * the day's and month's sales with a daily chart and the monthly reward, coupon classes, claims,
 * redemptions, alliances and clearing, JOSP plans and loans (docs/points.md, coupons.md, josp.md).
 */

const RECENT_PURCHASES = 20;

function PurchaseCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const record = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(
      await ctx.api.post('/v1/points/purchases', { orderId: v['orderId'], consumer: v['consumer'], amountFen: Number(v['amountFen']) }),
    );
    return `${ctx.t('done')} ${textAt(result, 'consumer')} +${formatPoints(numberAt(result, 'pointsEarned') ?? 0, ctx.lang)}`;
  };
  const redeem = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(await ctx.api.post('/v1/coupons/redemptions', { orderId: v['orderId'], classId: v['classId'] }));
    return ctx.t('merchant.confirmed', { pay: formatFen(numberAt(result, 'payFen') ?? 0, ctx.lang) });
  };
  return html`<${Card} title=${ctx.t('merchant.purchase')} testId="purchase-card">
    <${ActionForm}
      ctx=${ctx}
      testId="purchase"
      submit="merchant.purchase"
      action=${record}
      fields=${[
        { name: 'orderId', label: 'order' },
        { name: 'consumer', label: 'consumer' },
        { name: 'amountFen', label: 'amount', type: 'number' },
      ]}
    />
    <h2>${ctx.t('merchant.confirm')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="confirm"
      submit="merchant.confirm"
      action=${redeem}
      fields=${[
        { name: 'orderId', label: 'order' },
        { name: 'classId', label: 'class' },
      ]}
    />
  <//>` as VNode;
}

function SalesCard(props: { ctx: PageContext; purchases: readonly JsonObject[] }): VNode {
  const { ctx, purchases } = props;
  const { t } = ctx;
  const now = new Date();
  const month = shanghaiMonth(now);
  const today = daySales(purchases, shanghaiDay(now));
  const loaded = useLoad(ctx, () => ctx.api.get(path`/v1/points/merchants/${ctx.me.account}/sales/${month}`));
  const sales = loaded.data ?? {};
  const reward = objectOf(sales['reward']);
  const rewardText = reward['points'] === undefined ? '–' : `${formatPoints(numberAt(reward, 'points') ?? 0, ctx.lang)} ${t('points')}`;
  return html`<${Card} title=${t('merchant.sales')} testId="sales-card">
    <${Table}
      headers=${['', t('merchant.purchases'), t('amount')]}
      rowTestId="sales-row"
      numeric=${[1, 2]}
      rows=${[
        [t('merchant.today'), String(today.purchases), formatFen(today.salesFen, ctx.lang)],
        [t('merchant.thisMonth'), textAt(sales, 'purchases'), formatFen(numberAt(sales, 'salesFen') ?? 0, ctx.lang)],
      ]}
    />
    <p data-testid="monthly-reward">${`${t('merchant.reward')}: ${rewardText}`}</p>
    <${TimeChart}
      testId="sales-chart"
      label=${t('amount')}
      points=${dailySeries(purchases, month, shanghaiDay(now)).map((p) => ({ time: p.time, value: p.value / 100 }))}
      kind="bars"
    />
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function RecentCard(props: { ctx: PageContext; purchases: readonly JsonObject[] }): VNode {
  const { ctx } = props;
  const recent = props.purchases.slice(-RECENT_PURCHASES).reverse();
  return html`<${Card} title=${ctx.t('merchant.recent')} testId="recent-card" wide=${true}>
    <${Table}
      headers=${[ctx.t('time'), ctx.t('order'), ctx.t('consumer'), ctx.t('amount'), ctx.t('points')]}
      rowTestId="recent-row"
      numeric=${[3, 4]}
      rows=${recent.map((p) => [
        formatTime(textAt(p, 'occurredAt'), ctx.lang),
        textAt(p, 'orderId'),
        textAt(p, 'consumer'),
        formatFen(numberAt(p, 'amountFen') ?? 0, ctx.lang),
        textAt(p, 'pointsEarned'),
      ])}
    />
  <//>` as VNode;
}

/** The merchant's console page. */
export function MerchantConsole(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const purchases = purchasesOf(ctx.events);
  return html`<main data-testid="merchant">
    <h1>${ctx.t('merchant.heading')} · ${ctx.me.account}</h1>
    <${PurchaseCard} ctx=${ctx} />
    <${SalesCard} ctx=${ctx} purchases=${purchases} />
    <${CsvCard} ctx=${ctx} />
    <${RecentCard} ctx=${ctx} purchases=${purchases} />
    <${CouponClassesCard} ctx=${ctx} />
    <${AlliancesCard} ctx=${ctx} />
    <${ClassDetailCard} ctx=${ctx} />
    <${ClearingCard} ctx=${ctx} proposeFor=${ctx.me.account} />
    <${OpenPlanCard} ctx=${ctx} />
    <${FinanceCard} ctx=${ctx} />
  </main>` as VNode;
}
