/**
 * The run's plot, `bench.svg`: each phase's rate as a ratio to the baseline, and how the rate and
 * the CPU per purchase change with the batch size. Drawn with Vega-Lite, compiled to Vega and
 * rendered to SVG headless (no browser, no canvas): a declarative chart the figures are fed into,
 * rather than hand-placed SVG.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };

import { LOAD_CLIENT } from './processes';
import type { PhaseResult } from './report';

/** One point of the batch-size panels. */
interface BatchPoint {
  readonly batchSize: number;
  readonly measure: string;
  readonly value: number;
}

function batchPoints(phases: readonly PhaseResult[]): BatchPoint[] {
  return phases.flatMap((p) => {
    const batchSize = p.parameters.batchSize;
    if (batchSize === undefined) {
      return [];
    }
    const networkCpu = Object.entries(p.cpuMs)
      .filter(([name]) => name !== LOAD_CLIENT)
      .reduce((sum, [, ms]) => sum + ms, 0);
    return [
      { batchSize, measure: 'purchases/s', value: p.rate },
      { batchSize, measure: 'network CPU ms per purchase', value: networkCpu },
    ];
  });
}

function chart(phases: readonly PhaseResult[]): TopLevelSpec {
  const ratios = phases.map((p) => ({ phase: p.phase, ratio: p.ratio }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { font: 'sans-serif' },
    vconcat: [
      {
        title: 'Rate as a ratio to the baseline (raw write) of the same run',
        data: { values: ratios },
        mark: 'bar',
        width: 480,
        encoding: {
          y: { field: 'phase', type: 'nominal', sort: null, title: null, axis: { labelLimit: 360 } },
          x: { field: 'ratio', type: 'quantitative', title: '× baseline' },
        },
      },
      {
        title: 'Batched purchases against the batch size',
        data: { values: batchPoints(phases) },
        facet: { column: { field: 'measure', type: 'nominal', title: null } },
        spec: {
          width: 220,
          height: 180,
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'batchSize', type: 'quantitative', scale: { type: 'log' }, title: 'purchases per batch' },
            y: { field: 'value', type: 'quantitative', title: null },
          },
        },
        resolve: { scale: { y: 'independent' } },
      },
    ],
  };
}

/**
 * Renders the plot of a run to `bench.svg` in `dir`.
 *
 * @returns the file's path
 */
export async function plotRun(dir: string, phases: readonly PhaseResult[]): Promise<string> {
  // Both are ES modules with top-level await, which only a real dynamic import loads from CommonJS.
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const view = new vega.View(vega.parse(compile(chart(phases)).spec), { renderer: 'none' });
  const path = join(dir, 'bench.svg');
  writeFileSync(path, await view.toSVG());
  view.finalize();
  return path;
}
