import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { numberAt, textAt } from '../view/json.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, LoadError, Table, useLoad } from './ui.js';
import { PresentationsList } from './wallet-presentations.js';

/*
 * The consumer's coupons. The ledger answers a holder's count per class but has no list of the
 * classes a holder has, so the wallet shows the classes named by the consumer's own events (claims,
 * transfers, presentations) and any class id the consumer asked to see (kept in localStorage).
 */

const COUPON_EVENTS = new Set(['ClaimCoupons', 'TransferCoupons', 'SendCoupons', 'PresentCoupon', 'WithdrawPresentation', 'BuyListing']);

function storageKey(account: string): string {
  return `loulan.pages.classes.${account}`;
}

function savedClasses(account: string): string[] {
  const saved: unknown = JSON.parse(localStorage.getItem(storageKey(account)) ?? '[]');
  return Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
}

/** The class ids to show: from the events first, then the saved ones, each once. */
function knownClasses(ctx: PageContext, saved: readonly string[]): string[] {
  const fromEvents = ctx.events.filter((e) => COUPON_EVENTS.has(e.name)).map((e) => textAt(e.payload, 'classId'));
  return [...new Set([...fromEvents, ...saved])].filter((id) => id !== '–' && id !== '');
}

async function holdings(ctx: PageContext, classIds: readonly string[]): Promise<string[][]> {
  return Promise.all(
    classIds.map(async (classId) => {
      const [cls, balance] = await Promise.all([
        ctx.api.get(path`/v1/coupons/classes/${classId}`),
        ctx.api.get(path`/v1/coupons/classes/${classId}/holders/${ctx.me.account}`),
      ]);
      return [classId, textAt(cls, 'name'), String(numberAt(balance, 'quantity') ?? 0)];
    }),
  );
}

/** Coupons held, claiming, and presenting one at a merchant for an order it recorded. */
export function CouponsCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const [saved, setSaved] = useState<string[]>(() => savedClasses(ctx.me.account));
  const classIds = knownClasses(ctx, saved);
  const loaded = useLoad(ctx, () => holdings(ctx, classIds), classIds.join(','));
  const remember = (classId: string): void => {
    const next = [...new Set([...saved, classId])];
    localStorage.setItem(storageKey(ctx.me.account), JSON.stringify(next));
    setSaved(next);
  };
  const track = async (v: Readonly<Record<string, string>>): Promise<string> => {
    await ctx.api.get(path`/v1/coupons/classes/${v['classId'] ?? ''}`);
    remember(v['classId'] ?? '');
    return t('done');
  };
  const claim = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(await ctx.api.post(path`/v1/coupons/claims/${v['claimId'] ?? ''}/takes`, { quantity: Number(v['quantity']) }));
    remember(textAt(result, 'classId'));
    return `${t('done')} ${textAt(result, 'classId')} × ${textAt(result, 'quantity')}`;
  };
  const present = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(
      await ctx.api.post('/v1/coupons/presentations', { classId: v['classId'], merchantId: v['merchantId'], orderId: v['orderId'] }),
    );
    return t('wallet.presented', { order: textAt(result, 'orderId'), merchant: textAt(result, 'merchantId') });
  };
  const classOptions = classIds.map((id) => ({ value: id, label: id }));
  return html`<${Card} title=${t('wallet.coupons')} testId="coupons-card">
    <${Table} headers=${[t('class'), '', t('quantity')]} rows=${loaded.data ?? []} rowTestId="coupon-row" numeric=${[2]} />
    <${LoadError} loaded=${loaded} />
    <h2>${t('wallet.present')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="present"
      submit="wallet.present"
      action=${present}
      fields=${[
        { name: 'classId', label: 'class', type: 'select', options: classOptions },
        { name: 'merchantId', label: 'merchant' },
        { name: 'orderId', label: 'order' },
      ]}
    />
    <${PresentationsList} ctx=${ctx} />
    <h2>${t('wallet.claim')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="claim"
      submit="wallet.claim"
      action=${claim}
      fields=${[
        { name: 'claimId', label: 'wallet.claimId' },
        { name: 'quantity', label: 'quantity', type: 'number', value: '1' },
      ]}
    />
    <h2>${t('wallet.trackClass')}</h2>
    <${ActionForm} ctx=${ctx} testId="track" submit="wallet.trackClass" action=${track} fields=${[{ name: 'classId', label: 'class' }]} />
  <//>` as VNode;
}
