import type { VNode } from 'preact';

import { formatPoints, formatTime } from '../view/format.js';
import { numberAt, objectsAt, textAt } from '../view/json.js';
import { merchantsOf } from '../view/merchants.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues, LoadError, Table, useLoad } from './ui.js';

/*
 * The platform's merchants and products: every registered merchant (from the `RegisterMerchant`
 * events the platform sees, the ledger having no list of merchants), and the points products with
 * their stock and a form to restock one.
 */

const PRODUCTS_PAGE = 50;

/** The registered merchants, newest last. */
export function MerchantsCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const merchants = merchantsOf(ctx.events);
  return html`<${Card} title=${t('platform.merchantList', { count: merchants.length })} testId="merchants-card" wide=${true}>
    <${Table}
      headers=${[t('merchant'), t('platform.merchantName'), t('platform.region'), t('time')]}
      rows=${merchants.map((m) => [textAt(m, 'merchantId'), textAt(m, 'name'), textAt(m, 'region'), formatTime(textAt(m, 'registeredAt'), ctx.lang)])}
      rowTestId="merchant-row"
    />
    ${merchants.length === 0 ? html`<p>${t('none')}</p>` : null}
  <//>` as VNode;
}

/** The products with their stock, and restocking one. */
export function RestockCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useLoad(ctx, () => ctx.api.get(`/v1/points/products?pageSize=${PRODUCTS_PAGE}`));
  const restock = async (v: FormValues): Promise<string> => {
    const result = resultOf(
      await ctx.api.post(path`/v1/points/products/${v['productId'] ?? ''}/restock`, { quantity: Number(v['quantity']) }),
    );
    return t('platform.restocked', { product: textAt(result, 'productId'), stock: textAt(result, 'stock') });
  };
  const products = loaded.data === null ? [] : objectsAt(loaded.data, 'items');
  return html`<${Card} title=${t('platform.restock')} testId="restock-card">
    <${Table}
      headers=${[t('platform.productId'), t('platform.merchantName'), t('wallet.price'), t('wallet.stock')]}
      rows=${products.map((p) => [textAt(p, 'productId'), textAt(p, 'name'), formatPoints(numberAt(p, 'pricePoints') ?? 0, ctx.lang), textAt(p, 'stock')])}
      rowTestId="stock-row"
      numeric=${[2, 3]}
    />
    <${LoadError} loaded=${loaded} />
    <${ActionForm}
      ctx=${ctx}
      testId="restock"
      submit="platform.restock"
      action=${restock}
      fields=${[
        { name: 'productId', label: 'platform.productId' },
        { name: 'quantity', label: 'quantity', type: 'number' },
      ]}
    />
  <//>` as VNode;
}
