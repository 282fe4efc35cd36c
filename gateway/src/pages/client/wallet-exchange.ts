import type { VNode } from 'preact';

import { formatPoints } from '../view/format.js';
import { type JsonObject, numberAt, objectsAt, textAt } from '../view/json.js';
import { listingIdsOf, orderBookRows } from '../view/market.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues, LoadError, useLoad } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * The coupon market (docs/coupons.md, "Secondary market", "Exchange orders"): listings sold for
 * points and the exchange's order book. The ledger lists the open orders but no listings, so the
 * listings shown are those the consumer's own events name; another seller's is bought by its id.
 */

const BOOK_PAGE = 50;
const SHOWN_LISTINGS = 20;

function listingRow(ctx: PageContext, listing: JsonObject): { key: string; cells: (string | VNode)[] } {
  const id = textAt(listing, 'listingId');
  const mine = textAt(listing, 'seller') === ctx.me.account && textAt(listing, 'status') === 'OPEN';
  const cancel = async (): Promise<string> => {
    await ctx.api.post(path`/v1/coupons/listings/${id}/cancel`);
    return ctx.t('done');
  };
  return {
    key: id,
    cells: [
      id,
      textAt(listing, 'classId'),
      textAt(listing, 'seller'),
      `${textAt(listing, 'remaining')} / ${textAt(listing, 'quantity')}`,
      formatPoints(numberAt(listing, 'pricePoints') ?? 0, ctx.lang),
      textAt(listing, 'status'),
      html`<${ActionButton} ctx=${ctx} testId="listing-cancel" label="market.cancel" action=${cancel} hidden=${!mine} />` as VNode,
    ],
  };
}

/** Selling coupons for points, buying from a listing, and the consumer's own listings. */
export function ListingsCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const ids = listingIdsOf(ctx.events).slice(0, SHOWN_LISTINGS);
  const loaded = useLoad(ctx, () => Promise.all(ids.map((id) => ctx.api.get(path`/v1/coupons/listings/${id}`))), ids.join(','));
  const sell = async (v: FormValues): Promise<string> => {
    const body = {
      listingId: v['listingId'],
      classId: v['classId'],
      quantity: Number(v['quantity']),
      pricePoints: Number(v['pricePoints']),
    };
    const result = resultOf(await ctx.api.post('/v1/coupons/listings', body));
    return `${t('done')} ${textAt(result, 'listingId')}`;
  };
  const buy = async (v: FormValues): Promise<string> => {
    const result = resultOf(
      await ctx.api.post(path`/v1/coupons/listings/${v['listingId'] ?? ''}/purchases`, { quantity: Number(v['quantity']) }),
    );
    return t('market.bought', { quantity: textAt(result, 'quantity'), class: textAt(result, 'classId'), points: textAt(result, 'points') });
  };
  return html`<${Card} title=${t('market.listings')} testId="listings-card">
    <${RichTable}
      headers=${[t('market.listing'), t('class'), t('market.seller'), t('market.remaining'), t('wallet.price'), t('status'), '']}
      rows=${(loaded.data ?? []).map((listing) => listingRow(ctx, listing))}
      rowTestId="listing-row"
      numeric=${[4]}
    />
    <${LoadError} loaded=${loaded} />
    <h2>${t('market.sell')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="sell"
      submit="market.sell"
      action=${sell}
      fields=${[
        { name: 'listingId', label: 'market.listing' },
        { name: 'classId', label: 'class' },
        { name: 'quantity', label: 'quantity', type: 'number', value: '1' },
        { name: 'pricePoints', label: 'market.pricePerCoupon', type: 'number' },
      ]}
    />
    <h2>${t('market.buy')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="buy-listing"
      submit="market.buy"
      action=${buy}
      fields=${[
        { name: 'listingId', label: 'market.listing' },
        { name: 'quantity', label: 'quantity', type: 'number', value: '1' },
      ]}
    />
  <//>` as VNode;
}

/** The exchange's open orders, placing and cancelling the consumer's own, and running the matcher. */
export function OrderBookCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useLoad(ctx, () => ctx.api.get(`/v1/coupons/orders?pageSize=${BOOK_PAGE}`));
  const rows = orderBookRows(loaded.data === null ? [] : objectsAt(loaded.data, 'items'), ctx.me.account).map((row) => {
    const cancel = async (): Promise<string> => {
      await ctx.api.post(path`/v1/coupons/orders/${row.orderId}/cancel`);
      return t('done');
    };
    // A cancelled order leaves the book, and its row with it: the book no longer showing it is the outcome.
    const action = html`<${ActionButton} ctx=${ctx} testId="order-cancel" label="market.cancel" action=${cancel} hidden=${!row.mine} />`;
    return { key: row.orderId, cells: [row.orderId, row.owner, row.gives, row.wants, action] };
  });
  const place = async (v: FormValues): Promise<string> => {
    const body = {
      orderId: v['orderId'],
      giveClassId: v['giveClassId'],
      giveQuantity: Number(v['giveQuantity']),
      wantClassId: v['wantClassId'],
      wantQuantity: Number(v['wantQuantity']),
    };
    return `${t('done')} ${textAt(resultOf(await ctx.api.post('/v1/coupons/orders', body)), 'orderId')}`;
  };
  const match = async (): Promise<string> => {
    const answer = await ctx.api.post('/v1/coupons/match');
    const executed = objectsAt(answer, 'matches').filter((m) => textAt(m, 'status') === 'EXECUTED').length;
    return t('market.matched', { executed });
  };
  return html`<${Card} title=${t('market.book')} testId="book-card">
    <${RichTable} headers=${[t('order'), t('market.owner'), t('market.gives'), t('market.wants'), '']} rows=${rows} rowTestId="book-row" />
    ${rows.length === 0 && loaded.data !== null ? html`<p>${t('none')}</p>` : null}
    <${LoadError} loaded=${loaded} />
    <p><${ActionButton} ctx=${ctx} testId="match" label="market.match" action=${match} /></p>
    <h2>${t('market.place')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="place-order"
      submit="market.place"
      action=${place}
      fields=${[
        { name: 'orderId', label: 'order' },
        { name: 'giveClassId', label: 'market.giveAsset' },
        { name: 'giveQuantity', label: 'market.giveQuantity', type: 'number' },
        { name: 'wantClassId', label: 'market.wantAsset' },
        { name: 'wantQuantity', label: 'market.wantQuantity', type: 'number' },
      ]}
    />
  <//>` as VNode;
}
