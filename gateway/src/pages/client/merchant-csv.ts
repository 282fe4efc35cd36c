import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

import { chunks, type CsvProblem, parsePurchasesCsv, type PurchaseLine } from '../view/csv.js';
import { formatFen } from '../view/format.js';
import { type JsonObject, numberAt, objectsAt, textAt } from '../view/json.js';
import { resultOf } from './api.js';
import type { PageContext } from './context.js';
import { html } from './html.js';
import { Card, failureText, Table } from './ui.js';

/*
 * A merchant's CSV of purchases, sent as batches of `POST /v1/points/purchase-batches` (80 lines at
 * most each, MAX_PURCHASE_BATCH_LINES). Every order id is recorded once, so sending a file again
 * answers its lines DUPLICATE rather than recording them twice.
 */

const BATCH_LINES = 80;

interface Outcome {
  readonly lines: JsonObject[];
  readonly problems: CsvProblem[];
  readonly failure: string | null;
}

async function sendBatches(ctx: PageContext, lines: readonly PurchaseLine[]): Promise<{ lines: JsonObject[]; failure: string | null }> {
  const outcomes: JsonObject[] = [];
  for (const batch of chunks(lines, BATCH_LINES)) {
    try {
      outcomes.push(...objectsAt(resultOf(await ctx.api.post('/v1/points/purchase-batches', { lines: batch })), 'lines'));
    } catch (err) {
      return { lines: outcomes, failure: failureText(ctx.t, err) };
    }
  }
  return { lines: outcomes, failure: null };
}

function summary(ctx: PageContext, outcome: Outcome): string {
  const count = (status: string): number => outcome.lines.filter((line) => textAt(line, 'status') === status).length;
  const counts = ctx.t('merchant.csvResult', { recorded: count('RECORDED'), duplicate: count('DUPLICATE'), rejected: count('REJECTED') });
  return outcome.failure === null ? counts : `${counts} ${outcome.failure}`;
}

function lineRow(ctx: PageContext, line: JsonObject): string[] {
  const purchase = typeof line['purchase'] === 'object' && line['purchase'] !== null ? (line['purchase'] as JsonObject) : {};
  return [
    textAt(line, 'orderId'),
    textAt(purchase, 'consumer'),
    numberAt(purchase, 'amountFen') === null ? '' : formatFen(numberAt(purchase, 'amountFen') ?? 0, ctx.lang),
    textAt(line, 'status'),
    textAt(purchase, 'pointsEarned'),
  ];
}

/** The upload form and the outcome of every line of the last file sent. */
export function CsvCard(props: { ctx: PageContext }): VNode {
  const { ctx } = props;
  const { t } = ctx;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const file = new FormData(event.currentTarget as HTMLFormElement).get('file');
    if (!(file instanceof File)) {
      return;
    }
    setBusy(true);
    const parsed = parsePurchasesCsv(await file.text());
    const sent = await sendBatches(ctx, parsed.lines);
    setOutcome({ ...sent, problems: parsed.problems });
    setBusy(false);
    ctx.refresh();
  };
  return html`<${Card} title=${t('merchant.csv')} testId="csv-card" wide=${true}>
    <p class="message">${t('merchant.csvHelp')}</p>
    <form data-testid="csv-form" onSubmit=${onSubmit}>
      <input type="file" name="file" accept=".csv,text/csv" required data-testid="csv-file" />
      <button type="submit" data-testid="csv-submit" disabled=${busy}>${t('submit')}</button>
    </form>
    ${
      outcome === null
        ? null
        : html`<p class=${outcome.failure === null ? 'message ok' : 'message bad'} data-testid="csv-message">${summary(ctx, outcome)}</p>
            ${outcome.problems.map(
              (p) =>
                html`<p class="message bad" data-testid="csv-problem">
                  ${t('merchant.csvProblem', { line: p.line, problem: t(`csv.${p.message}`) })}
                </p>`,
            )}
            <${Table}
              headers=${[t('order'), t('consumer'), t('amount'), t('status'), t('points')]}
              rows=${outcome.lines.map((line) => lineRow(ctx, line))}
              rowTestId="csv-row"
              numeric=${[2, 4]}
            />`
    }
  <//>` as VNode;
}
