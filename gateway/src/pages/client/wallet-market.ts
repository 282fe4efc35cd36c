import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { formatPoints, formatTime } from '../view/format.js';
import { type JsonObject, numberAt, objectsAt, textAt } from '../view/json.js';
import { path } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, LoadError, Table, useLoad } from './ui.js';
import { IssuerPlans } from './wallet-plans.js';

/*
 * What a consumer spends points on besides a merchant's order: points-only products
 * (docs/points.md) and JOSP plans (docs/josp.md).
 */

function ProductRow(props: { ctx: PageContext; product: JsonObject }): VNode {
  const { ctx, product } = props;
  const [message, setMessage] = useState('');
  const buy = async (): Promise<void> => {
    try {
      await ctx.api.post(path`/v1/points/products/${textAt(product, 'productId')}/purchases`, { quantity: 1 });
      setMessage(ctx.t('done'));
      ctx.refresh();
    } catch (err) {
      setMessage(String(err));
    }
  };
  return html`<tr data-testid="product-row">
    <td>${textAt(product, 'name')}</td>
    <td class="num">${formatPoints(numberAt(product, 'pricePoints') ?? 0, ctx.lang)}</td>
    <td class="num">${textAt(product, 'stock')}</td>
    <td><button type="button" data-testid="product-buy" onClick=${buy}>${ctx.t('wallet.buy')}</button> ${message}</td>
  </tr>` as VNode;
}

/** The points-only products, each with a button that buys one. */
export function ProductsCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useLoad(ctx, () => ctx.api.get('/v1/points/products?pageSize=50'));
  const products = loaded.data === null ? [] : objectsAt(loaded.data, 'items');
  return html`<${Card} title=${t('wallet.products')} testId="products-card">
    <div class="table">
      <table>
        <thead>
          <tr>
            <th></th>
            <th class="num">${t('wallet.price')}</th>
            <th class="num">${t('wallet.stock')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${products.map((product) => html`<${ProductRow} ctx=${ctx} product=${product} />`)}
        </tbody>
      </table>
    </div>
    ${products.length === 0 && loaded.data !== null ? html`<p>${t('none')}</p>` : null}
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function positionRow(ctx: PageContext, position: JsonObject): string[] {
  return [
    textAt(position, 'planId'),
    formatPoints(numberAt(position, 'principal') ?? 0, ctx.lang),
    textAt(position, 'status'),
    formatTime(textAt(position, 'subscribedAt'), ctx.lang),
  ];
}

/**
 * Subscribing to a JOSP plan and the consumer's positions. The ledger lists plans per issuer only and
 * the read model's list of open plans is for auditors, so the consumer names the plan it was offered,
 * or the issuer whose open plans it lists.
 */
export function JospCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useLoad(ctx, () => ctx.api.get(`${path`/v1/josp/investors/${ctx.me.account}/positions`}?pageSize=50`));
  const subscribe = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const plan = await ctx.api.get(path`/v1/josp/plans/${v['planId'] ?? ''}`);
    await ctx.api.post(path`/v1/josp/plans/${v['planId'] ?? ''}/subscriptions`, { points: Number(v['points']) });
    return `${t('done')} ${textAt(plan, 'planId')} (${textAt(plan, 'status')})`;
  };
  return html`<${Card} title=${t('wallet.plans')} testId="josp-card">
    <${ActionForm}
      ctx=${ctx}
      testId="subscribe"
      submit="wallet.subscribe"
      action=${subscribe}
      fields=${[
        { name: 'planId', label: 'wallet.plan' },
        { name: 'points', label: 'points', type: 'number' },
      ]}
    />
    <h2>${t('wallet.positions')}</h2>
    <${Table}
      headers=${[t('wallet.plan'), t('points'), t('status'), t('time')]}
      rows=${loaded.data === null ? [] : objectsAt(loaded.data, 'items').map((p) => positionRow(ctx, p))}
      rowTestId="position-row"
      numeric=${[1]}
    />
    <${LoadError} loaded=${loaded} />
    <${IssuerPlans} ctx=${ctx} />
  <//>` as VNode;
}
