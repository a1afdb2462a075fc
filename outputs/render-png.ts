/** SVG → PNG at 2× with resvg, drawing text with the DejaVu Sans files shipped through npm. */
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './font-metrics.ts';

/**
 * Rasterizes an SVG at `scale` (2 for print and retina screens). System fonts are not loaded, so
 * the PNG looks the same on every machine and text never silently disappears for lack of a font.
 */
export function renderPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
