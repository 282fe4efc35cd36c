import type { VNode } from 'preact';

import { formatTime } from '../view/format.js';
import { type JsonObject, textAt } from '../view/json.js';
import { presentationKeysOf } from '../view/market.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { LoadError, useLoad } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * The coupons the consumer presented at merchants, and taking one back before the merchant redeems
 * it (`WithdrawPresentation`, docs/coupons.md step 3). The ledger has no list of a holder's
 * presentations: they are the orders of the consumer's own `PresentCoupon` events, each read anew
 * for its current status (a redemption is the merchant's write, not the consumer's event).
 */

const SHOWN = 20;

async function presentations(ctx: PageContext): Promise<JsonObject[]> {
  const keys = presentationKeysOf(ctx.events).slice(0, SHOWN);
  return Promise.all(keys.map((key) => ctx.api.get(path`/v1/coupons/merchants/${key.merchantId}/orders/${key.orderId}/presentation`)));
}

function withdrawButton(ctx: PageContext, presentation: JsonObject): VNode {
  const withdraw = async (): Promise<string> => {
    const route = path`/v1/coupons/merchants/${textAt(presentation, 'merchantId')}/orders/${textAt(presentation, 'orderId')}/withdraw`;
    const result = resultOf(await ctx.api.post(route));
    return ctx.t('market.withdrawn', { class: textAt(result, 'classId') });
  };
  const hidden = textAt(presentation, 'status') !== 'PRESENTED';
  return html`<${ActionButton} ctx=${ctx} testId="withdraw" label="market.withdraw" action=${withdraw} hidden=${hidden} />` as VNode;
}

/** The consumer's presentations, with a button to withdraw each one not yet redeemed. */
export function PresentationsList(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const keys = presentationKeysOf(ctx.events);
  const loaded = useLoad(ctx, () => presentations(ctx), keys.map((k) => `${k.merchantId}/${k.orderId}`).join(','));
  const rows = (loaded.data ?? []).map((p) => ({
    key: `${textAt(p, 'merchantId')}/${textAt(p, 'orderId')}`,
    cells: [
      textAt(p, 'merchantId'),
      textAt(p, 'orderId'),
      textAt(p, 'classId'),
      formatTime(textAt(p, 'presentedAt'), ctx.lang),
      textAt(p, 'status'),
      withdrawButton(ctx, p),
    ],
  }));
  return html`<h2>${t('market.presentations')}</h2>
    <${RichTable}
      headers=${[t('merchant'), t('order'), t('class'), t('time'), t('status'), '']}
      rows=${rows}
      rowTestId="presentation-row"
    />
    ${rows.length === 0 && loaded.data !== null ? html`<p>${t('none')}</p>` : null}
    <${LoadError} loaded=${loaded} />` as VNode;
}
