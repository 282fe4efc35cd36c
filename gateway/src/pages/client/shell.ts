import type { VNode } from 'preact';

import { type Lang, LANGS } from '../view/i18n.js';
import type { Member, Translate } from './context.js';
import { html } from './html.js';

/*
 * The parts around every console: the login form and the header with the member, the stream's state,
 * the language switch and logging out.
 */

const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = { 'zh-CN': '中文', en: 'English' };

function LanguageSelect(props: { lang: Lang; t: Translate; onLang: (lang: Lang) => void }): VNode {
  const onChange = (event: Event): void => {
    const value = (event.currentTarget as HTMLSelectElement).value;
    props.onLang(value === 'en' ? 'en' : 'zh-CN');
  };
  return html`<select aria-label=${props.t('language')} data-testid="lang-select" value=${props.lang} onChange=${onChange}>
    ${LANGS.map((lang) => html`<option value=${lang}>${LANGUAGE_NAMES[lang]}</option>`)}
  </select>` as VNode;
}

/** The login form: the member's API key, kept in sessionStorage only. */
export function Login(props: {
  t: Translate;
  lang: Lang;
  failed: boolean;
  onLang: (lang: Lang) => void;
  onKey: (key: string) => void;
}): VNode {
  const { t } = props;
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const key = new FormData(event.currentTarget as HTMLFormElement).get('apiKey');
    props.onKey(typeof key === 'string' ? key.trim() : '');
  };
  return html`<div id="login">
    <header><strong>${t('title')}</strong><${LanguageSelect} lang=${props.lang} t=${t} onLang=${props.onLang} /></header>
    <main>
      <section class="card">
        <h1>${t('login.heading')}</h1>
        <form data-testid="login-form" onSubmit=${onSubmit}>
          <label>${t('login.apiKey')} <input name="apiKey" type="password" autocomplete="off" required data-testid="api-key" /></label>
          <button type="submit" data-testid="login-submit">${t('login.submit')}</button>
        </form>
        ${props.failed ? html`<p class="message bad" data-testid="login-error">${t('login.failed')}</p>` : null}
      </section>
    </main>
  </div>` as VNode;
}

/** The header of a logged-in member's page. */
export function Header(props: {
  t: Translate;
  lang: Lang;
  me: Member;
  live: boolean;
  onLang: (lang: Lang) => void;
  onLogout: () => void;
}): VNode {
  const { t } = props;
  return html`<header>
    <strong>${t('title')}</strong>
    <span data-testid="member">${props.me.memberId}</span>
    <span class=${props.live ? 'live on' : 'live off'} data-testid="live-status" data-live=${String(props.live)}
      >${props.live ? t('live.on') : t('live.off')}</span
    >
    <${LanguageSelect} lang=${props.lang} t=${t} onLang=${props.onLang} />
    <button type="button" data-testid="logout" onClick=${props.onLogout}>${t('logout')}</button>
  </header>` as VNode;
}
