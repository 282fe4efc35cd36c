import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { type PayablePair, payablePairsOf } from '../view/coupons.js';
import { formatFen } from '../view/format.js';
import { type JsonObject, numberAt, objectOf, textAt } from '../view/json.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues, LoadError, useLoad } from './ui.js';
import { RichTable } from './ui.js';
import { ActionButton } from './ui-actions.js';

/*
 * Daily coupon clearing (docs/coupons.md, "Daily clearing"): a merchant pair's payables of a day,
 * netted into one statement by `ClearDay` from the next day on — by the platform or either merchant.
 * The merchant console proposes the pair-days its own redemptions owe rebates on; any other pair-day
 * is asked for by its day and merchants.
 */

function clearingText(ctx: PageContext, clearing: JsonObject): string {
  const fen = (name: string): string => formatFen(numberAt(clearing, name) ?? 0, ctx.lang);
  return ctx.t('clearing.netting', {
    payables: textAt(clearing, 'payables'),
    a: textAt(clearing, 'merchantA'),
    b: textAt(clearing, 'merchantB'),
    aOwesB: fen('aOwesBFen'),
    bOwesA: fen('bOwesAFen'),
    net: fen('netFen'),
    from: textAt(clearing, 'netFrom'),
    to: textAt(clearing, 'netTo'),
  });
}

function ClearingView(props: { ctx: PageContext; pair: PayablePair }): VNode {
  const { ctx, pair } = props;
  const { t } = ctx;
  const loaded = useLoad(
    ctx,
    () => ctx.api.get(path`/v1/coupons/clearings/${pair.day}/${pair.merchantA}/${pair.merchantB}`),
    JSON.stringify(pair),
  );
  const clear = async (): Promise<string> => {
    const result = resultOf(await ctx.api.post('/v1/coupons/clearings', pair));
    return `${t('clearing.cleared')} ${clearingText(ctx, result)}`;
  };
  const clearing = loaded.data;
  const statement = clearing === null ? null : objectOf(clearing['statement']);
  const cleared = statement !== null && textAt(statement, 'txId') !== '–';
  return html`<div data-testid="clearing-view">
    <p><strong>${pair.day} · ${pair.merchantA} ↔ ${pair.merchantB}</strong></p>
    ${clearing === null ? null : html`<p data-testid="clearing-netting">${clearingText(ctx, clearing)}</p>`}
    ${
      clearing === null
        ? null
        : html`<p data-testid="clearing-state">${cleared ? t('clearing.statementDone') : t('clearing.statementNone')}</p>`
    }
    <${ActionButton} ctx=${ctx} testId="clearing-clear" label="clearing.clear" action=${clear} hidden=${clearing === null || cleared} />
    <${LoadError} loaded=${loaded} />
  </div>` as VNode;
}

/** Choosing a merchant pair's day and clearing it; `proposeFor` lists the pair-days of that merchant's redemptions. */
export function ClearingCard(props: { ctx: PageContext; proposeFor?: string }): VNode {
  const { ctx, proposeFor } = props;
  const { t } = ctx;
  const [pair, setPair] = useState<PayablePair | null>(null);
  const proposed = proposeFor === undefined ? [] : payablePairsOf(ctx.events, proposeFor);
  const choose = async (v: FormValues): Promise<string> => {
    const [merchantA, merchantB] = [v['merchantA'] ?? '', v['merchantB'] ?? ''].sort() as [string, string];
    setPair({ day: v['day'] ?? '', merchantA, merchantB });
    return t('done');
  };
  const rows = proposed.map((p) => ({
    key: `${p.day}/${p.merchantA}/${p.merchantB}`,
    cells: [
      p.day,
      `${p.merchantA} ↔ ${p.merchantB}`,
      html`<button
        type="button"
        data-testid="clearing-pick"
        onClick=${() => {
          setPair(p);
        }}
      >
        ${t('clearing.show')}
      </button>`,
    ],
  }));
  return html`<${Card} title=${t('clearing.title')} testId="clearing-card">
    ${proposeFor === undefined ? null : html`<${RichTable} headers=${[t('day'), t('clearing.pair'), '']} rows=${rows} rowTestId="clearing-row" />`}
    <${ActionForm}
      ctx=${ctx}
      testId="clearing-query"
      submit="clearing.show"
      action=${choose}
      fields=${[
        { name: 'day', label: 'day' },
        { name: 'merchantA', label: 'merchant', value: proposeFor ?? '' },
        { name: 'merchantB', label: 'merchant' },
      ]}
    />
    ${pair === null ? null : html`<${ClearingView} key=${JSON.stringify(pair)} ctx=${ctx} pair=${pair} />`}
  <//>` as VNode;
}
