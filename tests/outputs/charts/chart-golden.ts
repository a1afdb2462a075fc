/** Shared checks for one chart: the spec and SVG against golden files, and the PNG drawn. */
import type { TopLevelSpec } from 'vega-lite';
import { expect } from 'vitest';
import { renderPng } from '../../../outputs/render-png.ts';
import { renderSvg } from '../../../outputs/render-svg.ts';
import { expectGolden, normalizeNumbers } from '../golden.ts';

/** Checks `spec` and its SVG against golden/charts/NAME.vl.json and NAME.svg; returns the SVG. */
export async function expectChartGolden(name: string, spec: TopLevelSpec): Promise<string> {
  expectGolden(`charts/${name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
  const svg = await renderSvg(spec);
  // SVG coordinates to 1 decimal: sub-pixel float differences are not a change of the chart.
  expectGolden(`charts/${name}.svg`, `${normalizeNumbers(svg, 1)}\n`);
  const png = await renderPng(svg);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return svg;
}
