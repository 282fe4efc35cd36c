import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { formatPoints, formatTime } from '../view/format.js';
import { type JsonObject, numberAt, objectsAt, textAt } from '../view/json.js';
import { path } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, type FormValues, LoadError, useLoad } from './ui.js';
import { RichTable } from './ui.js';

/*
 * The open JOSP plans of an issuer the consumer names. No route lists every open plan to a consumer:
 * the read model's list (`GET /v1/readmodel/plans`) is for auditors and admins, and the ledger lists
 * plans per issuer (`GET /v1/josp/issuers/:issuer/plans`, readable by anyone), so the consumer
 * names the merchant or bank and subscribes from its list.
 */

const PAGE = 50;

/** Whether a plan takes subscriptions at `now`: open, inside its window. */
function subscribable(plan: JsonObject, now: number): boolean {
  return textAt(plan, 'status') === 'OPEN' && Date.parse(textAt(plan, 'windowStart')) <= now && now < Date.parse(textAt(plan, 'windowEnd'));
}

function planCells(ctx: PageContext, plan: JsonObject): (string | VNode)[] {
  const planId = textAt(plan, 'planId');
  const subscribe = async (v: FormValues): Promise<string> => {
    await ctx.api.post(path`/v1/josp/plans/${planId}/subscriptions`, { points: Number(v['points']) });
    return ctx.t('done');
  };
  return [
    planId,
    `${formatPoints(numberAt(plan, 'raised') ?? 0, ctx.lang)} / ${formatPoints(numberAt(plan, 'capPoints') ?? 0, ctx.lang)}`,
    `${formatPoints(numberAt(plan, 'minSubscription') ?? 0, ctx.lang)}–${formatPoints(numberAt(plan, 'maxSubscription') ?? 0, ctx.lang)}`,
    formatTime(textAt(plan, 'windowEnd'), ctx.lang),
    formatTime(textAt(plan, 'maturity'), ctx.lang),
    html`<${ActionForm}
      ctx=${ctx}
      testId="plan-subscribe"
      submit="wallet.subscribe"
      action=${subscribe}
      fields=${[{ name: 'points', label: 'points', type: 'number' }]}
    />` as VNode,
  ];
}

/** An issuer's plans open for subscription now, each with a subscription form. */
export function IssuerPlans(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const [issuer, setIssuer] = useState('');
  const loaded = useLoad(
    ctx,
    async () => (issuer === '' ? [] : objectsAt(await ctx.api.get(`${path`/v1/josp/issuers/${issuer}/plans`}?pageSize=${PAGE}`), 'items')),
    issuer,
  );
  const now = Date.now();
  const open = (loaded.data ?? []).filter((plan) => subscribable(plan, now));
  const choose = async (v: FormValues): Promise<string> => {
    setIssuer(v['issuer'] ?? '');
    return t('done');
  };
  return html`<h2>${t('plans.ofIssuer')}</h2>
    <p class="hint">${t('plans.hint')}</p>
    <${ActionForm}
      ctx=${ctx}
      testId="plans-issuer"
      submit="plans.show"
      action=${choose}
      fields=${[{ name: 'issuer', label: 'plans.issuer' }]}
    />
    <${RichTable}
      headers=${[t('wallet.plan'), t('merchant.raised'), t('plans.range'), t('plans.windowEnd'), t('plans.maturity'), '']}
      rows=${open.map((plan) => ({ key: textAt(plan, 'planId'), cells: planCells(ctx, plan) }))}
      rowTestId="open-plan-row"
      numeric=${[1, 2]}
    />
    ${issuer !== '' && loaded.data !== null && open.length === 0 ? html`<p data-testid="open-plans-none">${t('none')}</p>` : null}
    <${LoadError} loaded=${loaded} />` as VNode;
}
