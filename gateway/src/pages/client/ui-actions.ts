import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import type { MessageKey } from '../view/i18n.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { failureText } from './ui.js';

/*
 * Building blocks for lists whose rows act: a button that runs one API call and shows its outcome
 * next to it, and a table whose cells may hold such buttons or small forms.
 */

/**
 * A button that runs `action` and shows the text it answers, or why it was refused. The button is
 * `data-testid="<testId>"`, the outcome `<testId>-message`. A `hidden` button (its step no longer
 * applies, often because of its own action) still shows its outcome, so it is rendered either way.
 */
export function ActionButton(props: {
  ctx: PageContext;
  testId: string;
  label: MessageKey;
  action: () => Promise<string>;
  hidden?: boolean;
}): VNode | null {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const onClick = async (): Promise<void> => {
    setBusy(true);
    try {
      setMessage({ ok: true, text: await props.action() });
      props.ctx.refresh();
    } catch (err) {
      setMessage({ ok: false, text: failureText(props.ctx.t, err) });
    } finally {
      setBusy(false);
    }
  };
  if (props.hidden === true && message === null) {
    return null;
  }
  return html`<span class="act">
    ${props.hidden === true ? null : html`<button type="button" data-testid=${props.testId} disabled=${busy} onClick=${onClick}>${props.ctx.t(props.label)}</button>`}
    ${message === null ? null : html`<span class=${message.ok ? 'message ok' : 'message bad'} data-testid=${`${props.testId}-message`}>${message.text}</span>`}
  </span>` as VNode;
}
