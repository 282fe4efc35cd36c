import { shanghaiDay } from './format.js';
import { type JsonObject, numberAt, objectsAt, textAt } from './json.js';
import type { SeriesPoint } from './series.js';

/*
 * A merchant's purchases as its event stream tells them: `RecordPurchase` carries one purchase,
 * `RecordPurchases` a batch whose recorded lines each carry one (docs/points.md). The ledger answers
 * a month's totals but not a day's, so today's sales and the daily chart are summed from these.
 */

/** An event's name and payload, as the stream delivers them. */
export interface NamedPayload {
  readonly name: string;
  readonly payload: JsonObject;
}

/** The purchases the events recorded, in the events' order. */
export function purchasesOf(events: readonly NamedPayload[]): JsonObject[] {
  return events.flatMap((event) => {
    if (event.name === 'RecordPurchase') {
      return [event.payload];
    }
    if (event.name === 'RecordPurchases') {
      return objectsAt(event.payload, 'lines')
        .filter((line) => textAt(line, 'status') === 'RECORDED')
        .map((line) => line['purchase'])
        .filter((p): p is JsonObject => typeof p === 'object' && p !== null);
    }
    return [];
  });
}

/** The Shanghai day of a purchase's `occurredAt`, `yyyy-mm-dd`, or '' when it has none. */
function dayOf(purchase: JsonObject): string {
  const time = Date.parse(textAt(purchase, 'occurredAt'));
  return Number.isNaN(time) ? '' : shanghaiDay(new Date(time));
}

/** Count and sum in fen of the purchases that occurred on a Shanghai day. */
export function daySales(purchases: readonly JsonObject[], day: string): { purchases: number; salesFen: number } {
  const ofDay = purchases.filter((p) => dayOf(p) === day);
  return { purchases: ofDay.length, salesFen: ofDay.reduce((sum, p) => sum + (numberAt(p, 'amountFen') ?? 0), 0) };
}

/** Sales in fen per Shanghai day of one month (`yyyymm`), one point per day from the 1st to `lastDay`. */
export function dailySeries(purchases: readonly JsonObject[], month: string, lastDay: string): SeriesPoint[] {
  const prefix = `${month.slice(0, 4)}-${month.slice(4, 6)}-`;
  const points: SeriesPoint[] = [];
  for (let d = 1; d <= 31; d++) {
    const day = `${prefix}${String(d).padStart(2, '0')}`;
    if (day > lastDay) {
      break;
    }
    const time = Date.parse(`${day}T00:00:00+08:00`) / 1000;
    points.push({ time, value: daySales(purchases, day).salesFen });
  }
  return points;
}
