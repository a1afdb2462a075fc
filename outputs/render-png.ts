/** SVG → PNG at 2× with resvg, drawing text with the DejaVu Sans files shipped through npm. */
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
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

/** Rasterizes an SVG to PNG bytes on the calling thread. */
export function renderPng(svg: string, scale = 2): Buffer {
  return new Resvg(svg, pngOptions(scale)).render().asPng();
}
