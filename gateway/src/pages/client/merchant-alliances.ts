import type { VNode } from 'preact';

import { type JsonObject, textAt } from '../view/json.js';
import { path, resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { ActionForm, Card, type FormValues, LoadError, Table, useLoad } from './ui.js';

/*
 * Alliances (docs/coupons.md, "Alliances"): founding one, inviting a registered merchant, joining
 * one the merchant was invited to (members sign to join), and the alliances the merchant's own
 * events name. A class accepted alliance-wide is accepted by its members at redemption time.
 */

const ALLIANCE_EVENTS = new Set(['CreateAlliance', 'InviteMerchant', 'JoinAlliance']);

function allianceIds(ctx: PageContext): string[] {
  const ids = ctx.events.filter((e) => ALLIANCE_EVENTS.has(e.name)).map((e) => textAt(e.payload, 'allianceId'));
  return [...new Set(ids)].filter((id) => id !== '–');
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join(', ') : '–';
}

function allianceRow(alliance: JsonObject): string[] {
  return [
    textAt(alliance, 'allianceId'),
    textAt(alliance, 'name'),
    textAt(alliance, 'founder'),
    list(alliance['members']),
    list(alliance['invited']),
  ];
}

/** The merchant's alliances and the forms that found, invite to and join one. */
export function AlliancesCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const ids = allianceIds(ctx);
  const loaded = useLoad(ctx, () => Promise.all(ids.map((id) => ctx.api.get(path`/v1/coupons/alliances/${id}`))), ids.join(','));
  const answer = (alliance: JsonObject): string => `${t('done')} ${textAt(alliance, 'allianceId')}: ${list(alliance['members'])}`;
  const found = async (v: FormValues): Promise<string> =>
    answer(resultOf(await ctx.api.post('/v1/coupons/alliances', { allianceId: v['allianceId'], name: v['name'] })));
  const invite = async (v: FormValues): Promise<string> =>
    answer(resultOf(await ctx.api.post(path`/v1/coupons/alliances/${v['allianceId'] ?? ''}/invitations`, { merchantId: v['merchantId'] })));
  const join = async (v: FormValues): Promise<string> =>
    answer(resultOf(await ctx.api.post(path`/v1/coupons/alliances/${v['allianceId'] ?? ''}/join`)));
  return html`<${Card} title=${t('alliance.title')} testId="alliances-card">
    <${Table}
      headers=${[t('alliance.id'), t('platform.merchantName'), t('alliance.founder'), t('alliance.members'), t('alliance.invited')]}
      rows=${(loaded.data ?? []).map(allianceRow)}
      rowTestId="alliance-row"
    />
    <${LoadError} loaded=${loaded} />
    <h2>${t('alliance.found')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="alliance-found"
      submit="alliance.found"
      action=${found}
      fields=${[
        { name: 'allianceId', label: 'alliance.id' },
        { name: 'name', label: 'platform.merchantName' },
      ]}
    />
    <h2>${t('alliance.invite')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="alliance-invite"
      submit="alliance.invite"
      action=${invite}
      fields=${[
        { name: 'allianceId', label: 'alliance.id' },
        { name: 'merchantId', label: 'merchant' },
      ]}
    />
    <h2>${t('alliance.join')}</h2>
    <${ActionForm}
      ctx=${ctx}
      testId="alliance-join"
      submit="alliance.join"
      action=${join}
      fields=${[{ name: 'allianceId', label: 'alliance.id' }]}
    />
  <//>` as VNode;
}
