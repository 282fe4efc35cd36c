import type { VNode } from 'preact';

import { formatFen, formatPoints } from '../view/format.js';
import { type JsonObject, numberAt, objectOf, objectsAt, textAt } from '../view/json.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { Card, LoadError, useLoad } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * The merchant's JOSP plans and points-collateral loans (docs/josp.md), first page of each, with the
 * steps the protocol lets a merchant take: cancel its open plan during the window, settle or refund
 * any plan page by page (anyone may), and accept a loan offered to it. Disbursement, repayment and
 * default are the bank's steps, so a loan's later states are shown, not acted on.
 */

const PAGE = 50;

function payoutText(ctx: PageContext, answer: JsonObject): string {
  const result = resultOf(answer);
  const plan = objectOf(result['plan']);
  return ctx.t('josp.paid', { investors: objectsAt(result, 'payouts').length, status: textAt(plan, 'status') });
}

function planActions(ctx: PageContext, plan: JsonObject): VNode {
  const id = textAt(plan, 'planId');
  const now = Date.now();
  const status = textAt(plan, 'status');
  const inWindow = status === 'OPEN' && now < Date.parse(textAt(plan, 'windowEnd'));
  const pay = (route: string) => async (): Promise<string> => payoutText(ctx, await ctx.api.post(route, { pageSize: PAGE }));
  const cancel = async (): Promise<string> =>
    `${ctx.t('done')} ${textAt(resultOf(await ctx.api.post(path`/v1/josp/plans/${id}/cancel`)), 'status')}`;
  const cancellable = inWindow && textAt(plan, 'issuer') === ctx.me.account;
  const settleable = !inWindow && (status === 'OPEN' || status === 'SETTLING');
  const refundable = (!inWindow && status === 'OPEN') || status === 'CANCELLED' || status === 'REFUNDING';
  return html`<${ActionButton} ctx=${ctx} testId="plan-cancel" label="josp.cancel" action=${cancel} hidden=${!cancellable} />
    <${ActionButton}
      ctx=${ctx}
      testId="plan-settle"
      label="josp.settle"
      action=${pay(path`/v1/josp/plans/${id}/settlements`)}
      hidden=${!settleable}
    />
    <${ActionButton}
      ctx=${ctx}
      testId="plan-refund"
      label="josp.refund"
      action=${pay(path`/v1/josp/plans/${id}/refunds`)}
      hidden=${!refundable}
    />` as VNode;
}

function planRow(ctx: PageContext, plan: JsonObject): { key: string; cells: (string | VNode)[] } {
  return {
    key: textAt(plan, 'planId'),
    cells: [
      textAt(plan, 'planId'),
      textAt(plan, 'kind'),
      textAt(plan, 'status'),
      formatPoints(numberAt(plan, 'raised') ?? 0, ctx.lang),
      formatPoints(numberAt(plan, 'capPoints') ?? 0, ctx.lang),
      planActions(ctx, plan),
    ],
  };
}

function loanRow(ctx: PageContext, loan: JsonObject): { key: string; cells: (string | VNode)[] } {
  const id = textAt(loan, 'loanId');
  const accept = async (): Promise<string> =>
    `${ctx.t('done')} ${textAt(resultOf(await ctx.api.post(path`/v1/josp/loans/${id}/accept`)), 'status')}`;
  const offered = textAt(loan, 'status') === 'OFFERED' && textAt(loan, 'merchant') === ctx.me.account;
  return {
    key: id,
    cells: [
      id,
      textAt(loan, 'bank'),
      formatFen(numberAt(loan, 'principalFen') ?? 0, ctx.lang),
      formatPoints(numberAt(loan, 'collateralPoints') ?? 0, ctx.lang),
      textAt(loan, 'dueDate'),
      textAt(loan, 'status'),
      html`<${ActionButton} ctx=${ctx} testId="loan-accept" label="josp.accept" action=${accept} hidden=${!offered} />` as VNode,
    ],
  };
}

/** The merchant's plans and loans, with the steps it may take on each. */
export function FinanceCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const plans = useLoad(ctx, () => ctx.api.get(`${path`/v1/josp/issuers/${ctx.me.account}/plans`}?pageSize=${PAGE}`));
  const loans = useLoad(ctx, () => ctx.api.get(`${path`/v1/josp/parties/${ctx.me.account}/loans`}?pageSize=${PAGE}`));
  return html`<${Card} title=${t('merchant.plans')} testId="finance-card" wide=${true}>
    <${RichTable}
      headers=${[t('wallet.plan'), t('kind'), t('status'), t('merchant.raised'), t('merchant.cap'), '']}
      rows=${plans.data === null ? [] : objectsAt(plans.data, 'items').map((p) => planRow(ctx, p))}
      rowTestId="plan-row"
      numeric=${[3, 4]}
    />
    <${LoadError} loaded=${plans} />
    <h2>${t('merchant.loans')}</h2>
    <${RichTable}
      headers=${[t('merchant.loan'), t('merchant.bank'), t('amount'), t('josp.collateral'), t('merchant.due'), t('status'), '']}
      rows=${loans.data === null ? [] : objectsAt(loans.data, 'items').map((l) => loanRow(ctx, l))}
      rowTestId="loan-row"
      numeric=${[2, 3]}
    />
    <p class="hint">${t('josp.bankSteps')}</p>
    <${LoadError} loaded=${loans} />
  <//>` as VNode;
}
