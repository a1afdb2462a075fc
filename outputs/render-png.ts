/** SVG → PNG at 2× with resvg, drawing text with the DejaVu Sans files shipped through npm. */
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './font-metrics.ts';

/**
 * resvg options for a chart PNG at `scale` (2 for print and retina screens). System fonts are
 * not loaded, so the PNG looks the same on every machine and text never silently disappears for
 * lack of a font.
 */
export function pngOptions(scale = 2): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  };
}

/**
 * Rasterizes an SVG to PNG bytes on the calling thread. resvg is imported here, on first use, so
 * a run that draws no charts never loads it.
 */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, pngOptions(scale)).render().asPng();
}
