import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { claimIdsOf, classIdsOf, redemptionsOf } from '../view/coupons.js';
import { formatFen, formatTime } from '../view/format.js';
import { type JsonObject, numberAt, objectOf, textAt } from '../view/json.js';
import { path } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues, LoadError, Table, useLoad } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * One coupon class as its merchant sees it: the class and its supply check, the claims the merchant
 * opened on it (read anew for what consumers took) and the redemptions the merchant confirmed. The
 * ledger answers claims and redemptions one by one, so the lists follow the merchant's own events;
 * a redemption at another merchant is looked up by its merchant and order.
 */

interface ClassView {
  readonly cls: JsonObject;
  readonly supply: JsonObject;
  readonly claims: JsonObject[];
}

async function loadClass(ctx: PageContext, classId: string): Promise<ClassView | null> {
  if (classId === '') {
    return null;
  }
  const [cls, supply, claims] = await Promise.all([
    ctx.api.get(path`/v1/coupons/classes/${classId}`),
    ctx.api.get(path`/v1/coupons/classes/${classId}/supply`),
    Promise.all(claimIdsOf(ctx.events, classId).map((id) => ctx.api.get(path`/v1/coupons/claims/${id}`))),
  ]);
  return { cls, supply, claims };
}

function summary(ctx: PageContext, view: ClassView): string {
  const { cls, supply } = view;
  const acceptance = textAt(objectOf(cls['acceptance']), 'kind');
  return ctx.t('classView.summary', {
    name: textAt(cls, 'name'),
    face: formatFen(numberAt(cls, 'faceValueFen') ?? 0, ctx.lang),
    supply: textAt(cls, 'supply'),
    holdings: textAt(supply, 'holdings'),
    burned: textAt(supply, 'burned'),
    acceptance,
    until: formatTime(textAt(cls, 'validUntil'), ctx.lang),
  });
}

function claimRow(ctx: PageContext, claim: JsonObject): { key: string; cells: (string | VNode)[] } {
  const id = textAt(claim, 'claimId');
  const close = async (): Promise<string> => {
    await ctx.api.post(path`/v1/coupons/claims/${id}/close`);
    return ctx.t('done');
  };
  const open = claim['open'] === true;
  return {
    key: id,
    cells: [
      id,
      textAt(claim, 'perPerson'),
      `${textAt(claim, 'claimed')} / ${textAt(claim, 'total')}`,
      open ? ctx.t('classView.open') : ctx.t('classView.closed'),
      html`<${ActionButton} ctx=${ctx} testId="claim-close" label="classView.close" action=${close} hidden=${!open} />` as VNode,
    ],
  };
}

function redemptionRow(ctx: PageContext, r: JsonObject): string[] {
  return [
    formatTime(textAt(r, 'occurredAt'), ctx.lang),
    textAt(r, 'orderId'),
    textAt(r, 'holder'),
    formatFen(numberAt(r, 'amountFen') ?? 0, ctx.lang),
    formatFen(numberAt(r, 'payFen') ?? 0, ctx.lang),
    formatFen(numberAt(r, 'rebateFen') ?? 0, ctx.lang),
  ];
}

/** A class's figures, claims and redemptions, and looking up the redemption of any order. */
export function ClassDetailCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const known = classIdsOf(ctx.events);
  const [chosen, setChosen] = useState('');
  const classId = chosen === '' ? (known[0] ?? '') : chosen;
  const loaded = useLoad(ctx, () => loadClass(ctx, classId), classId);
  const lookup = async (v: FormValues): Promise<string> => {
    const r = await ctx.api.get(path`/v1/coupons/merchants/${v['merchantId'] ?? ''}/orders/${v['orderId'] ?? ''}/redemption`);
    return t('classView.found', {
      class: textAt(r, 'classId'),
      holder: textAt(r, 'holder'),
      pay: formatFen(numberAt(r, 'payFen') ?? 0, ctx.lang),
    });
  };
  const onSelect = (event: Event): void => {
    setChosen((event.currentTarget as HTMLSelectElement).value);
  };
  const view = loaded.data;
  return html`<${Card} title=${t('classView.title')} testId="class-detail-card" wide=${true}>
    <label
      >${t('class')}
      <select data-testid="class-detail-select" value=${classId} onChange=${onSelect}>
        ${known.map((id) => html`<option value=${id}>${id}</option>`)}
      </select></label
    >
    ${view === null ? null : html`<p data-testid="class-detail-summary">${summary(ctx, view)}</p>`}
    <h2>${t('classView.claims')}</h2>
    <${RichTable}
      headers=${[t('wallet.claimId'), t('merchant.perPerson'), t('classView.claimed'), t('status'), '']}
      rows=${(view?.claims ?? []).map((claim) => claimRow(ctx, claim))}
      rowTestId="class-claim-row"
    />
    <h2>${t('classView.redemptions')}</h2>
    <${Table}
      headers=${[t('time'), t('order'), t('consumer'), t('amount'), t('classView.pay'), t('classView.rebate')]}
      rows=${redemptionsOf(ctx.events, classId).map((r) => redemptionRow(ctx, r))}
      rowTestId="class-redemption-row"
      numeric=${[3, 4, 5]}
    />
    <${LoadError} loaded=${loaded} />
    <h2>${t('classView.lookup')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="redemption-lookup"
      submit="classView.lookup"
      action=${lookup}
      fields=${[
        { name: 'merchantId', label: 'merchant', value: ctx.me.account },
        { name: 'orderId', label: 'order' },
      ]}
    />
  <//>` as VNode;
}
