import { type JsonObject, numberAt, textAt } from './json.js';

/*
 * Series for the charts: the balance after each statement line, and sales per day. Pure functions of
 * the API's JSON, so unit tests cover them.
 */

/** One point of a time series: seconds since the epoch (uPlot's x unit) and a value. */
export interface SeriesPoint {
  readonly time: number;
  readonly value: number;
}

/**
 * The balance after each movement, oldest first. Every account opens with 0 points, so summing the
 * statement from its first line gives the balance at each line without knowing the current one.
 */
export function balanceSeries(movementsOldestFirst: readonly JsonObject[], opening = 0): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  let balance = opening;
  for (const movement of movementsOldestFirst) {
    const time = Date.parse(textAt(movement, 'time'));
    const delta = numberAt(movement, 'delta');
    if (Number.isNaN(time) || delta === null) {
      continue;
    }
    balance += delta;
    points.push({ time: Math.floor(time / 1000), value: balance });
  }
  return points;
}

/** Sums values per key, keeping the keys in first-seen order. */
export function sumBy(
  items: readonly JsonObject[],
  key: (item: JsonObject) => string,
  value: (item: JsonObject) => number,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    sums.set(k, (sums.get(k) ?? 0) + value(item));
  }
  return sums;
}
