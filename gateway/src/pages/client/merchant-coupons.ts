import type { VNode } from 'preact';

import { acceptanceOf } from '../view/coupons.js';
import { textAt } from '../view/json.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues } from './ui.js';

/*
 * A merchant's coupon classes (docs/coupons.md): issuing a class with its acceptance and minimum
 * spend, raising its supply, and opening a claim from which consumers take coupons in their wallets.
 */

const DAY_MS = 86_400_000;
// A new class is valid from now for this many days unless the merchant changes the dates.
const DEFAULT_VALID_DAYS = 30;

async function createClass(ctx: PageContext, v: FormValues): Promise<string> {
  const acceptance = acceptanceOf(v['acceptance'] ?? 'issuer', v['acceptedBy'] ?? '');
  if (acceptance === null) {
    throw new Error(ctx.t('classView.acceptanceMissing'));
  }
  const result = resultOf(
    await ctx.api.post('/v1/coupons/classes', {
      classId: v['classId'],
      name: v['name'],
      faceValueFen: Number(v['faceValueFen']),
      quantity: Number(v['quantity']),
      validFrom: v['validFrom'],
      validUntil: v['validUntil'],
      minSpendFen: Number(v['minSpendFen']),
      acceptance,
    }),
  );
  return `${ctx.t('done')} ${textAt(result, 'classId')} × ${textAt(result, 'supply')}`;
}

function acceptanceOptions(ctx: PageContext): { value: string; label: string }[] {
  return [
    { value: 'issuer', label: ctx.t('classView.byIssuer') },
    { value: 'merchants', label: ctx.t('classView.byMerchants') },
    { value: 'alliance', label: ctx.t('classView.byAlliance') },
  ];
}

/** Issuing classes (accepted by the issuer, named merchants or an alliance), raising supply and opening claims. */
export function CouponClassesCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const now = Date.now();
  const issueMore = async (v: FormValues): Promise<string> => {
    const result = resultOf(await ctx.api.post(path`/v1/coupons/classes/${v['classId'] ?? ''}/issue`, { quantity: Number(v['quantity']) }));
    return `${ctx.t('done')} ${textAt(result, 'classId')} × ${textAt(result, 'supply')}`;
  };
  const openClaim = async (v: FormValues): Promise<string> => {
    const body = { claimId: v['claimId'], classId: v['classId'], perPerson: Number(v['perPerson']), total: Number(v['total']) };
    const result = resultOf(await ctx.api.post('/v1/coupons/claims', body));
    return `${ctx.t('done')} ${textAt(result, 'claimId')}`;
  };
  return html`<${Card} title=${ctx.t('merchant.classes')} testId="classes-card">
    <${ActionForm}
      ctx=${ctx}
      testId="class"
      submit="merchant.createClass"
      action=${(v: FormValues) => createClass(ctx, v)}
      fields=${[
        { name: 'classId', label: 'class' },
        { name: 'name', label: 'platform.merchantName' },
        { name: 'faceValueFen', label: 'merchant.faceValueFen', type: 'number' },
        { name: 'quantity', label: 'quantity', type: 'number' },
        { name: 'validFrom', label: 'merchant.validFrom', value: new Date(now).toISOString() },
        { name: 'validUntil', label: 'merchant.validUntil', value: new Date(now + DEFAULT_VALID_DAYS * DAY_MS).toISOString() },
        { name: 'minSpendFen', label: 'classView.minSpendFen', type: 'number', value: '0' },
        { name: 'acceptance', label: 'classView.acceptance', type: 'select', options: acceptanceOptions(ctx) },
        { name: 'acceptedBy', label: 'classView.acceptedBy', required: false },
      ]}
    />
    <h2>${ctx.t('merchant.issueMore')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="issue"
      submit="merchant.issueMore"
      action=${issueMore}
      fields=${[
        { name: 'classId', label: 'class' },
        { name: 'quantity', label: 'quantity', type: 'number' },
      ]}
    />
    <h2>${ctx.t('merchant.openClaim')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="open-claim"
      submit="merchant.openClaim"
      action=${openClaim}
      fields=${[
        { name: 'claimId', label: 'wallet.claimId' },
        { name: 'classId', label: 'class' },
        { name: 'perPerson', label: 'merchant.perPerson', type: 'number', value: '1' },
        { name: 'total', label: 'merchant.total', type: 'number' },
      ]}
    />
  <//>` as VNode;
}
