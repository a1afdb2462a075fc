import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { scoreChart } from '../../outputs/charts/score-chart.ts';
import { CHART_FONT_FILES, chartFontsCover, FONT_FILES } from '../../outputs/font-metrics.ts';
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
    const img = new Resvg(svg, pngOptions(svg)).render();
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

/** Text in DejaVu Sans, regular and bold, as Vega writes it; `text` is XML-escaped already. */
function textSvg(text: string): string {
  const line = (y: number, weight: string) =>
    `<text x="10" y="${y}" font-family="DejaVu Sans" font-size="14" font-weight="${weight}">${text}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="60">${line(20, 'normal')}${line(45, 'bold')}</svg>`;
}

/** The PNG resvg draws from `svg` with these font files. */
function pngWith(svg: string, files: { regular: string; bold: string }): Buffer {
  const options = pngOptions(svg);
  return new Resvg(svg, {
    ...options,
    font: { ...options.font, fontFiles: [files.regular, files.bold] },
  })
    .render()
    .asPng();
}

describe('the cut chart fonts', () => {
  it('draw a chart and every kind of character they have byte for byte as the full fonts do', async () => {
    const chart = await renderSvg(scoreChart(CLUSTERS, FRAME));
    // Kerning pairs (AV, To, WA), Latin-1 and Extended-A letters, and the symbols charts use.
    const symbols = textSvg(
      'AV To WA Doña Ana, Mayagüez, Łódź: 2023 → 2033 − 3.5 % × 1.2 · ✓ “it’s” – … ≤ ≥ &amp;',
    );
    for (const svg of [chart, symbols]) {
      expect(chartFontsCover(svg)).toBe(true);
      expect(pngOptions(svg).font?.fontFiles).toEqual([
        CHART_FONT_FILES.regular,
        CHART_FONT_FILES.bold,
      ]);
      const cut = pngWith(svg, CHART_FONT_FILES);
      expect(cut.equals(pngWith(svg, FONT_FILES))).toBe(true);
      expect(cut.equals(await renderPng(svg))).toBe(true);
    }
  });

  it('leave a chart with a character they lack to the full fonts, which draw it', async () => {
    // Greek, Greek by character reference, a character past Unicode, one past U+FFFF.
    for (const text of ['Ελλάδα', '&#x3B1;&#946;', '&#1114112;', 'CA 😀']) {
      const svg = textSvg(text);
      expect(chartFontsCover(svg)).toBe(false);
      expect(pngOptions(svg).font?.fontFiles).toEqual([FONT_FILES.regular, FONT_FILES.bold]);
    }
    // The cut fonts would have drawn boxes for the Greek letters; the full fonts draw them.
    const greek = textSvg('Ελλάδα');
    expect(pngWith(greek, CHART_FONT_FILES).equals(pngWith(greek, FONT_FILES))).toBe(false);
    expect((await renderPng(greek)).equals(pngWith(greek, FONT_FILES))).toBe(true);
  });
});
