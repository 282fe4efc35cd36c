import type { VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

import type { SeriesPoint } from '../view/series.js';
import { html } from './html.js';

/*
 * Time-series charts with uPlot: it draws on a canvas with a time axis, hover values and resizing,
 * which hand-written SVG would have to reimplement. The chart is rebuilt when its points change.
 */

/** How a series is drawn. */
export type ChartKind = 'line' | 'bars';

/** The time axis of the data, widened by an hour each side when all points share one instant. */
function timeRange(_chart: uPlot, min: number, max: number): uPlot.Range.MinMax {
  return min === max ? [min - 3600, max + 3600] : [min, max];
}

/** A chart of one series over time; `data-points` carries the number of points for tests and tools. */
export function TimeChart(props: { testId: string; label: string; points: readonly SeriesPoint[]; kind: ChartKind }): VNode {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null || props.points.length === 0) {
      return undefined;
    }
    const series: uPlot.Series = { label: props.label, stroke: '#3b6fd4', fill: '#3b6fd433', width: 2 };
    if (props.kind === 'bars') {
      series.paths = uPlot.paths.bars?.({ size: [0.6] });
    }
    const data: uPlot.AlignedData = [props.points.map((p) => p.time), props.points.map((p) => p.value)];
    const width = Math.max(240, element.clientWidth);
    const scales: uPlot.Scales = { x: { time: true, range: timeRange } };
    const chart = new uPlot({ width, height: 180, scales, series: [{}, series], legend: { show: true } }, data, element);
    return () => {
      chart.destroy();
    };
  }, [props.points, props.kind, props.label]);
  return html`<div class="chart" ref=${container} data-testid=${props.testId} data-points=${props.points.length}></div>` as VNode;
}
