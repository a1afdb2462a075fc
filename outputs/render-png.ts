/**
 * SVG → PNG at 2× with resvg, drawing text with the DejaVu Sans files shipped through npm, or
 * with the same fonts cut to the characters of chart text when those cover the chart.
 *
 * Why the cut fonts: resvg-js 2.6.2 takes fonts as files only, and its font database reads the
 * whole file again for every glyph it draws (no memory map in that build). A run's nine charts
 * draw ~6,500 glyphs: 4.9 GB read from the 750 KB fonts, ~0.35 s of CPU, most of it in the
 * kernel. The cut fonts (80–90 KB) keep every glyph, hint, kerning pair and substitution of the
 * characters they have, so the PNG is byte-identical (tests/outputs/render-png.test.ts); a chart
 * with a character they lack is drawn with the full fonts.
 */
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { CHART_FONT_FILES, chartFontsCover, FONT_FAMILY, FONT_FILES } from './font-metrics.ts';

/**
 * resvg options for drawing `svg` as a PNG at `scale` (2 for print and retina screens). System
 * fonts are not loaded, so the PNG looks the same on every machine and text never silently
 * disappears for lack of a font.
 */
export function pngOptions(svg: string, scale = 2): ResvgRenderOptions {
  const fonts = chartFontsCover(svg) ? CHART_FONT_FILES : FONT_FILES;
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      fontFiles: [fonts.regular, fonts.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  };
}

/**
 * Rasterizes an SVG and encodes it as PNG bytes, both on the calling thread (a run's PNG worker,
 * pipeline/worker-client.ts): resvg's asynchronous raster ran on libuv's pool, where it queued
 * DuckDB's statements behind it. resvg is imported here, on first use, so a run that draws no
 * charts never loads it.
 */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, pngOptions(svg, scale)).render().asPng();
}

/** A chart drawn: its SVG and the 2× PNG rasterized from it. */
export interface DrawnChart {
  svg: string;
  png: Uint8Array;
}
