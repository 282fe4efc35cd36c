import type { VNode } from 'preact';

import { textAt } from '../view/json.js';
import { resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues } from './ui.js';

/*
 * Opening an operating-share plan (docs/josp.md, "Plans"): the merchant's own sales set the rate, on
 * the default yield schedule. Opening escrows the plan's maximum yield from the merchant's balance.
 */

const DAY_MS = 86_400_000;
// A new plan takes subscriptions for a week and runs a month after that unless the dates are changed.
const WINDOW_DAYS = 7;
const TERM_DAYS = 30;

async function openPlan(ctx: PageContext, v: FormValues): Promise<string> {
  const body = {
    planId: v['planId'],
    capPoints: Number(v['capPoints']),
    minRaisePoints: Number(v['minRaisePoints']),
    minSubscription: Number(v['minSubscription']),
    maxSubscription: Number(v['maxSubscription']),
    windowStart: v['windowStart'],
    windowEnd: v['windowEnd'],
    maturity: v['maturity'],
  };
  const plan = resultOf(await ctx.api.post('/v1/josp/plans', body));
  return ctx.t('josp.opened', { plan: textAt(plan, 'planId'), escrow: textAt(plan, 'yieldEscrow') });
}

/** The form that opens a plan. */
export function OpenPlanCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const now = Date.now();
  const at = (days: number): string => new Date(now + days * DAY_MS).toISOString();
  return html`<${Card} title=${ctx.t('josp.open')} testId="open-plan-card">
    <${ActionForm}
      ctx=${ctx}
      testId="open-plan"
      submit="josp.open"
      action=${(v: FormValues) => openPlan(ctx, v)}
      fields=${[
        { name: 'planId', label: 'wallet.plan' },
        { name: 'capPoints', label: 'merchant.cap', type: 'number' },
        { name: 'minRaisePoints', label: 'josp.minRaise', type: 'number', value: '0' },
        { name: 'minSubscription', label: 'josp.minSubscription', type: 'number', value: '1' },
        { name: 'maxSubscription', label: 'josp.maxSubscription', type: 'number' },
        { name: 'windowStart', label: 'josp.windowStart', value: at(0) },
        { name: 'windowEnd', label: 'plans.windowEnd', value: at(WINDOW_DAYS) },
        { name: 'maturity', label: 'plans.maturity', value: at(WINDOW_DAYS + TERM_DAYS) },
      ]}
    />
  <//>` as VNode;
}
