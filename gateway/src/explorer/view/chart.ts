import { escapeHtml } from './format.js';

/** One bar of a chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** Size of a chart in SVG user units. */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Fills in the minutes without transactions so the chart's time axis is regular.
 *
 * @param since - start of the first minute (ISO, seconds zero)
 * @param minutes - number of buckets
 * @param counts - transactions per minute start (ISO) as the read model reports them
 */
export function minuteBuckets(since: string, minutes: number, counts: ReadonlyMap<string, number>): Bar[] {
  const start = Date.parse(since);
  return Array.from({ length: minutes }, (_, i) => {
    const minute = new Date(start + i * 60_000).toISOString();
    return { label: minute.slice(11, 16), value: (counts.get(minute) ?? 0) / 60 };
  });
}

/**
 * A bar chart as inline SVG: one rect per bar scaled to the largest value, a label under the first and
 * last bar, and a title per bar for hover. An all-zero series draws no bars rather than dividing by 0.
 */
export function barChartSvg(bars: readonly Bar[], size: ChartSize, testId: string): string {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const labelSpace = 14;
  const plot = size.height - labelSpace;
  const slot = bars.length === 0 ? 0 : size.width / bars.length;
  const rects = bars
    .map((bar, i) => {
      const h = max === 0 ? 0 : Math.round((bar.value / max) * plot * 100) / 100;
      const x = Math.round(i * slot * 100) / 100;
      const w = Math.max(1, Math.round(slot * 0.8 * 100) / 100);
      return `<rect data-testid="${escapeHtml(testId)}-bar" x="${x}" y="${plot - h}" width="${w}" height="${h}"><title>${escapeHtml(`${bar.label}: ${bar.value.toFixed(2)}`)}</title></rect>`;
    })
    .join('');
  const first = bars[0];
  const last = bars[bars.length - 1];
  const labels =
    first === undefined || last === undefined
      ? ''
      : `<text x="0" y="${size.height - 2}">${escapeHtml(first.label)}</text><text x="${size.width}" y="${size.height - 2}" text-anchor="end">${escapeHtml(last.label)}</text>`;
  return `<svg data-testid="${escapeHtml(testId)}" viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" role="img">${rects}${labels}</svg>`;
}
