import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import type { MessageKey } from '../view/i18n.js';
import { ApiError } from './api.js';
import type { PageContext, Translate } from './context.js';
import { html } from './html.js';

/*
 * The building blocks every console shares: a card, a form whose submit runs one API call and shows
 * its outcome, a table, and a hook that loads data again whenever the ledger changed.
 */

/** The text of a refused call or any other failure, for a message line. */
export function failureText(t: Translate, err: unknown): string {
  return err instanceof ApiError ? `${t('error.prefix')}: ${err.code} ${err.detail}` : `${t('error.prefix')}: ${String(err)}`;
}

/** A titled section of a console. */
export function Card(props: { title: string; testId: string; wide?: boolean; children?: ComponentChildren }): VNode {
  return html`<section class=${props.wide === true ? 'card wide' : 'card'} data-testid=${props.testId}>
    <h2>${props.title}</h2>
    ${props.children}
  </section>` as VNode;
}

/** One input of an {@link ActionForm}. */
export interface Field {
  readonly name: string;
  readonly label: MessageKey;
  readonly type?: 'text' | 'number' | 'select' | 'file' | 'textarea';
  readonly options?: readonly { value: string; label: string }[];
  readonly value?: string;
  readonly required?: boolean;
}

/** The text values of a submitted form, by field name. */
export type FormValues = Readonly<Record<string, string>>;

/**
 * The input of a field. The forms are uncontrolled: the initial value is a `defaultValue`, because a
 * `value` would be set again on every re-render (every event of the stream) and wipe what was typed.
 */
function fieldInput(field: Field, testId: string): VNode {
  const id = `${testId}-${field.name}`;
  const required = field.required ?? true;
  if (field.type === 'select') {
    return html`<select name=${field.name} data-testid=${id} required=${required}>
      ${(field.options ?? []).map((option) => html`<option value=${option.value}>${option.label}</option>`)}
    </select>` as VNode;
  }
  if (field.type === 'textarea') {
    return html`<textarea name=${field.name} data-testid=${id} required=${required} defaultValue=${field.value ?? ''} />` as VNode;
  }
  const type = field.type ?? 'text';
  return html`<input
    name=${field.name}
    type=${type}
    data-testid=${id}
    required=${required}
    defaultValue=${field.value ?? ''}
    min=${type === 'number' ? '0' : undefined}
    step=${type === 'number' ? '1' : undefined}
  />` as VNode;
}

async function formValues(form: HTMLFormElement): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form).entries()) {
    values[name] = typeof value === 'string' ? value.trim() : await value.text();
  }
  return values;
}

/**
 * A form that runs `action` with its values and shows the text it answers, or why it was refused.
 * Inputs are `data-testid="<testId>-<name>"`, the button `<testId>-submit`, the outcome `<testId>-message`.
 * A `hidden` form (its step no longer applies) still shows the outcome of its last submission.
 */
export function ActionForm(props: {
  ctx: PageContext;
  testId: string;
  fields: readonly Field[];
  submit: MessageKey;
  action: (values: FormValues) => Promise<string>;
  hidden?: boolean;
}): VNode {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setBusy(true);
    try {
      setMessage({ ok: true, text: await props.action(await formValues(form)) });
      props.ctx.refresh();
    } catch (err) {
      setMessage({ ok: false, text: failureText(props.ctx.t, err) });
    } finally {
      setBusy(false);
    }
  };
  const { t } = props.ctx;
  return html`${
    props.hidden === true
      ? null
      : html`<form data-testid=${props.testId} onSubmit=${onSubmit}>
          ${props.fields.map((field) => html`<label>${t(field.label)} ${fieldInput(field, props.testId)}</label>`)}
          <button type="submit" data-testid=${`${props.testId}-submit`} disabled=${busy}>${t(props.submit)}</button>
        </form>`
  }
  ${
    message === null
      ? null
      : html`<p class=${message.ok ? 'message ok' : 'message bad'} data-testid=${`${props.testId}-message`}>${message.text}</p>`
  }` as VNode;
}

/** A table with a header row and one row of text cells per item; right-aligned columns are given by index. */
export function Table(props: {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  rowTestId: string;
  numeric?: readonly number[];
}): VNode {
  const rows = props.rows.map((cells, index) => ({ key: String(index), cells }));
  return RichTable({
    headers: props.headers,
    rows,
    rowTestId: props.rowTestId,
    ...(props.numeric === undefined ? {} : { numeric: props.numeric }),
  });
}

/** A table whose cells are any children: text, buttons, forms. Rows carry `rowTestId` and `data-key`. */
export function RichTable(props: {
  headers: readonly string[];
  rows: readonly { key: string; cells: readonly ComponentChildren[] }[];
  rowTestId: string;
  numeric?: readonly number[];
}): VNode {
  const numeric = new Set(props.numeric ?? []);
  const cls = (i: number): string | undefined => (numeric.has(i) ? 'num' : undefined);
  return html`<div class="table">
    <table>
      <thead>
        <tr>
          ${props.headers.map((header, i) => html`<th class=${cls(i)}>${header}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${props.rows.map(
          (row) =>
            html`<tr key=${row.key} data-testid=${props.rowTestId} data-key=${row.key}>
              ${row.cells.map((cell, i) => html`<td class=${cls(i)}>${cell}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>` as VNode;
}

/** The state of a load: its data once answered, or the failure text. */
export interface Loaded<T> {
  readonly data: T | null;
  readonly error: string | null;
}

/**
 * Runs `load` now and again whenever the ledger changed (`ctx.version`) or `key` changed; keeps the
 * last data while reloading so the view does not flicker on every event.
 */
export function useLoad<T>(ctx: PageContext, load: () => Promise<T>, key = ''): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) {
          setState({ data, error: null });
        }
      },
      (err: unknown) => {
        if (current) {
          setState((old) => ({ data: old.data, error: failureText(ctx.t, err) }));
        }
      },
    );
    return () => {
      current = false;
    };
    // Deliberately not `load`: it is a new closure on every render; the ledger's version says when to reload.
  }, [ctx.version, key]);
  return state;
}

/** The failure line of a load, or nothing. */
export function LoadError(props: { loaded: Loaded<unknown> }): VNode | null {
  return props.loaded.error === null ? null : (html`<p class="message bad" data-testid="load-error">${props.loaded.error}</p>` as VNode);
}
