import { render, type VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import { chooseLanguage, type Lang, type MessageKey, translate } from '../view/i18n.js';
import { textAt } from '../view/json.js';
import { ApiError, memberApi } from './api.js';
import type { LedgerEvent, Member, PageContext } from './context.js';
import { html } from './html.js';
import { MerchantConsole } from './merchant.js';
import { PLATFORM_EVENTS, PlatformConsole } from './platform.js';
import { SHELF_ROLES, ShelfConsole } from './shelf.js';
import { Header, Login } from './shell.js';
import { openEventStream } from './stream.js';
import { Wallet } from './wallet.js';

/*
 * The pages' entry: logs the member in with its API key (sessionStorage, never the URL), asks the
 * gateway who it is, follows its event stream and shows the console of its role.
 */

const KEY_STORAGE = 'loulan.apiKey';
const LANG_STORAGE = 'loulan.lang';
// Events arrive in bursts (a replayed history, a batch): the sections reload once per burst.
const EVENT_BATCH_MS = 250;

const CONSOLES: Readonly<Record<string, (props: { ctx: PageContext }) => VNode>> = {
  consumer: Wallet,
  merchant: MerchantConsole,
  admin: PlatformConsole,
  ...Object.fromEntries(SHELF_ROLES.map((role) => [role, ShelfConsole])),
};

async function whoAmI(key: string): Promise<Member> {
  const me = await memberApi(key).get('/v1/members/me');
  return { memberId: textAt(me, 'memberId'), role: textAt(me, 'role'), account: textAt(me, 'account') };
}

/** The stream's filter for a role: the platform follows only what its console shows. */
function streamQuery(role: string): string {
  return role === 'admin' ? `types=${PLATFORM_EVENTS.join(',')}` : '';
}

function useEvents(key: string | null, me: Member | null): { events: LedgerEvent[]; live: boolean; version: number; bump: () => void } {
  const [events, setEvents] = useState<LedgerEvent[]>([]);
  const [live, setLive] = useState(false);
  const [version, setVersion] = useState(0);
  const pending = useRef<LedgerEvent[]>([]);
  useEffect(() => {
    if (key === null || me === null) {
      return undefined;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      timer = undefined;
      const arrived = pending.current;
      pending.current = [];
      setEvents((old) => [...old, ...arrived]);
      setVersion((v) => v + 1);
    };
    const close = openEventStream(key, streamQuery(me.role), {
      onEvent: (event) => {
        pending.current.push(event);
        timer ??= setTimeout(flush, EVENT_BATCH_MS);
      },
      onLive: setLive,
    });
    return () => {
      close();
      clearTimeout(timer);
      setEvents([]);
    };
  }, [key, me]);
  const bump = (): void => {
    setVersion((v) => v + 1);
  };
  return { events, live, version, bump };
}

function App(): VNode {
  const [lang, setLang] = useState<Lang>(() => chooseLanguage(localStorage.getItem(LANG_STORAGE)));
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(KEY_STORAGE));
  const [me, setMe] = useState<Member | null>(null);
  const [failed, setFailed] = useState(false);
  const stream = useEvents(key, me);
  const t = useMemo(() => (k: MessageKey, params?: Readonly<Record<string, string | number>>) => translate(lang, k, params), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_STORAGE, lang);
  }, [lang]);
  useEffect(() => {
    if (key === null) {
      return;
    }
    whoAmI(key).then(
      (member) => {
        sessionStorage.setItem(KEY_STORAGE, key);
        setFailed(false);
        setMe(member);
      },
      (err: unknown) => {
        sessionStorage.removeItem(KEY_STORAGE);
        setFailed(err instanceof ApiError);
        setKey(null);
      },
    );
  }, [key]);
  const logout = (): void => {
    sessionStorage.removeItem(KEY_STORAGE);
    setMe(null);
    setKey(null);
  };
  if (key === null || me === null) {
    return html`<${Login} t=${t} lang=${lang} failed=${failed} onLang=${setLang} onKey=${setKey} />` as VNode;
  }
  const ctx: PageContext = { api: memberApi(key), me, lang, t, version: stream.version, events: stream.events, refresh: stream.bump };
  const Console = CONSOLES[me.role];
  return html`<${Header} t=${t} lang=${lang} me=${me} live=${stream.live} onLang=${setLang} onLogout=${logout} /> ${
      Console === undefined
        ? html`<main><p data-testid="role-unsupported">${t('role.unsupported', { role: me.role })}</p></main>`
        : html`<${Console} ctx=${ctx} />`
    }` as VNode;
}

const root = document.getElementById('root');
if (root !== null) {
  render(html`<${App} />` as VNode, root);
}
