import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { scoreChart } from '../../outputs/charts/score-chart.ts';
import { pngOptions, renderPng } from '../../outputs/render-png.ts';
import { renderSvg } from '../../outputs/render-svg.ts';
import { CLUSTERS, FRAME } from './charts/chart-fixture.ts';

/** Dark pixels in a band of rows of an RGBA image: text drawn there shows up as dark pixels. */
function darkPixels(pixels: Buffer, width: number, fromRow: number, toRow: number): number {
  let n = 0;
  for (let y = fromRow; y < toRow; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      if ((pixels[i] ?? 255) < 100 && (pixels[i + 1] ?? 255) < 100 && (pixels[i + 2] ?? 255) < 100)
        n++;
    }
  }
  return n;
}

describe('renderPng', () => {
  it('draws the title text at 2× (the title band has no marks but text)', async () => {
    const svg = await renderSvg(scoreChart(CLUSTERS, FRAME));
    const img = new Resvg(svg, pngOptions()).render();
    const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(img.width).toBe(2 * svgWidth);
    // Rows 20–60 at 2× hold the title "Composite score by Career Cluster, ranked" only.
    expect(darkPixels(img.pixels, img.width, 20, 60)).toBeGreaterThan(2000);
    // Without fonts resvg silently drops the text: the same band is blank.
    const bare = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: false },
    }).render();
    expect(darkPixels(bare.pixels, bare.width, 20, 60)).toBe(0);
  });

  it('gives identical PNG bytes for the same SVG', async () => {
    const svg = await renderSvg(scoreChart(CLUSTERS, FRAME));
    expect((await renderPng(svg)).equals(await renderPng(svg))).toBe(true);
  });
});
