import type { VNode } from 'preact';

import { DISPUTE_EVENTS, foldStatement, openDisputes, statementKey } from '../view/disputes.js';
import { formatFen, formatPoints } from '../view/format.js';
import { type JsonObject, numberAt, textAt } from '../view/json.js';
import { path, resultOf } from './api.js';
import { ClearingCard } from './clearing.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { MerchantsCard, RestockCard } from './platform-merchants.js';
import { ActionForm, Card, type FormValues, LoadError, useLoad } from './ui.js';

/*
 * The platform console of the treasury admin: the supply invariant, mint and burn, merchant
 * registration and list, points products and restocking, monthly rewards, coupon clearing, the
 * parameters, and the shelf disputes waiting for a resolution.
 */

/** The events the platform console follows; others would only replay the whole chain into the page. */
export const PLATFORM_EVENTS = [...DISPUTE_EVENTS, 'Mint', 'Burn', 'RegisterMerchant', 'ParamsChanged'];

// Fields GetParams answers that UpdateParams sets itself and refuses in its body.
const STAMPS = new Set(['version', 'updatedAt', 'updatedByTxId']);

function InvariantCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useLoad(ctx, () => ctx.api.get('/v1/points/invariant'));
  const inv = loaded.data ?? {};
  const holds = inv['holds'] === true;
  const amount = (name: string): string => formatPoints(numberAt(inv, name) ?? 0, ctx.lang);
  return html`<${Card} title=${t('platform.invariant')} testId="invariant-card">
    ${
      loaded.data === null
        ? null
        : html`<p class=${holds ? 'big ok' : 'big bad'} data-testid="invariant-status">
              ${holds ? t('platform.holds') : t('platform.broken')}
            </p>
            <p>
              ${t('platform.balances')} ${amount('balances')} + ${t('platform.escrows')} ${amount('escrows')} = ${t('platform.minted')}
              ${amount('minted')} − ${t('platform.burned')} ${amount('burned')}
            </p>`
    }
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function SupplyCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const change =
    (route: string) =>
    async (v: Readonly<Record<string, string>>): Promise<string> => {
      await ctx.api.post(route, { points: Number(v['points']) });
      return ctx.t('done');
    };
  const register = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(
      await ctx.api.post('/v1/points/merchants', { merchantId: v['merchantId'], name: v['name'], region: v['region'] }),
    );
    return `${ctx.t('done')} ${textAt(result, 'merchantId')}`;
  };
  return html`<${Card} title=${`${ctx.t('platform.mint')} / ${ctx.t('platform.burn')}`} testId="supply-card">
    <${ActionForm}
      ctx=${ctx}
      testId="mint"
      submit="platform.mint"
      action=${change('/v1/points/mint')}
      fields=${[{ name: 'points', label: 'points', type: 'number' }]}
    />
    <${ActionForm}
      ctx=${ctx}
      testId="burn"
      submit="platform.burn"
      action=${change('/v1/points/burn')}
      fields=${[{ name: 'points', label: 'points', type: 'number' }]}
    />
    <h2>${ctx.t('platform.merchants')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="register"
      submit="platform.merchants"
      action=${register}
      fields=${[
        { name: 'merchantId', label: 'merchant' },
        { name: 'name', label: 'platform.merchantName' },
        { name: 'region', label: 'platform.region' },
      ]}
    />
  <//>` as VNode;
}

function CatalogueCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const list = async (v: FormValues): Promise<string> => {
    const body = { productId: v['productId'], name: v['name'], pricePoints: Number(v['pricePoints']), stock: Number(v['stock']) };
    const result = resultOf(await ctx.api.post('/v1/points/products', body));
    return `${ctx.t('done')} ${textAt(result, 'productId')}`;
  };
  const reward = async (v: FormValues): Promise<string> => {
    const result = resultOf(await ctx.api.post('/v1/points/monthly-rewards', { merchantId: v['merchantId'], month: v['month'] }));
    return `${ctx.t('done')} ${formatPoints(numberAt(result, 'points') ?? 0, ctx.lang)} ${ctx.t('points')}`;
  };
  return html`<${Card} title=${ctx.t('platform.products')} testId="catalogue-card">
    <${ActionForm}
      ctx=${ctx}
      testId="product"
      submit="platform.products"
      action=${list}
      fields=${[
        { name: 'productId', label: 'platform.productId' },
        { name: 'name', label: 'platform.merchantName' },
        { name: 'pricePoints', label: 'wallet.price', type: 'number' },
        { name: 'stock', label: 'wallet.stock', type: 'number' },
      ]}
    />
    <h2>${ctx.t('platform.reward')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="reward"
      submit="platform.reward"
      action=${reward}
      fields=${[
        { name: 'merchantId', label: 'merchant' },
        { name: 'month', label: 'month' },
      ]}
    />
  <//>` as VNode;
}

function editableParams(params: JsonObject): string {
  return JSON.stringify(Object.fromEntries(Object.entries(params).filter(([name]) => !STAMPS.has(name))), null, 2);
}

function ParamsCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const loaded = useLoad(ctx, () => ctx.api.get('/v1/points/params'));
  const save = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const result = resultOf(await ctx.api.put('/v1/points/params', JSON.parse(v['params'] ?? '{}')));
    return `${ctx.t('done')} v${textAt(result, 'version')}`;
  };
  // Keyed by version: the textarea shows the stored document again after every change of it.
  return html`<${Card}
    title=${`${ctx.t('platform.params')} (v${loaded.data === null ? '…' : textAt(loaded.data, 'version')})`}
    testId="params-card"
    wide=${true}
  >
    ${
      loaded.data === null
        ? null
        : html`<${ActionForm}
            key=${textAt(loaded.data, 'version')}
            ctx=${ctx}
            testId="params"
            submit="platform.saveParams"
            action=${save}
            fields=${[{ name: 'params', label: 'platform.params', type: 'textarea', value: editableParams(loaded.data) }]}
          />`
    }
    <${LoadError} loaded=${loaded} />
  <//>` as VNode;
}

function DisputeItem(props: { ctx: PageContext; statement: JsonObject }): VNode {
  const { ctx, statement } = props;
  const { t } = ctx;
  const key = statementKey(statement);
  const resolve = async (v: Readonly<Record<string, string>>): Promise<string> => {
    const amounts = v['resolution'] === 'resettle' ? { revenueFen: Number(v['revenueFen']), costFen: Number(v['costFen']) } : {};
    const route = path`/v1/shelf/shelves/${textAt(statement, 'shelfId')}/days/${textAt(statement, 'day')}/resolution`;
    await ctx.api.post(route, { resolution: v['resolution'], note: v['note'], ...amounts });
    return t('platform.resolved', { key, resolution: v['resolution'] ?? '' });
  };
  return html`<div data-testid="dispute-row" data-key=${key}>
    <p>
      <strong>${t('platform.shelf')} ${textAt(statement, 'shelfId')} · ${t('day')} ${textAt(statement, 'day')}</strong><br />
      ${t('platform.disputedBy')}: ${textAt(statement, 'disputedBy')} · ${t('platform.reason')}: ${textAt(statement, 'disputeReason')}<br />
      ${t('platform.revenueFen')}: ${formatFen(numberAt(statement, 'revenueFen') ?? 0, ctx.lang)} · ${t('platform.costFen')}:
      ${formatFen(numberAt(statement, 'costFen') ?? 0, ctx.lang)}
    </p>
    <${ActionForm}
      ctx=${ctx}
      testId="resolve"
      submit="platform.resolve"
      action=${resolve}
      fields=${[
        {
          name: 'resolution',
          label: 'platform.resolution',
          type: 'select',
          options: [
            { value: 'accept', label: t('platform.accept') },
            { value: 'resettle', label: t('platform.resettle') },
          ],
        },
        { name: 'revenueFen', label: 'platform.revenueFen', type: 'number', required: false },
        { name: 'costFen', label: 'platform.costFen', type: 'number', required: false },
        { name: 'note', label: 'platform.note' },
      ]}
    />
  </div>` as VNode;
}

function DisputesCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const latest = ctx.events
    .filter((event) => (DISPUTE_EVENTS as readonly string[]).includes(event.name))
    .reduce((map, event) => foldStatement(map, event.payload), new Map<string, JsonObject>());
  const open = openDisputes(latest);
  return html`<${Card} title=${ctx.t('platform.disputes')} testId="disputes-card" wide=${true}>
    ${open.length === 0 ? html`<p data-testid="disputes-none">${ctx.t('none')}</p>` : null}
    ${open.map((statement) => html`<${DisputeItem} key=${statementKey(statement)} ctx=${ctx} statement=${statement} />`)}
  <//>` as VNode;
}

/** The platform admin's console page. */
export function PlatformConsole(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  return html`<main data-testid="platform">
    <h1>${ctx.t('platform.heading')}</h1>
    <${InvariantCard} ctx=${ctx} />
    <${SupplyCard} ctx=${ctx} />
    <${DisputesCard} ctx=${ctx} />
    <${CatalogueCard} ctx=${ctx} />
    <${RestockCard} ctx=${ctx} />
    <${ClearingCard} ctx=${ctx} />
    <${MerchantsCard} ctx=${ctx} />
    <${ParamsCard} ctx=${ctx} />
  </main>` as VNode;
}
