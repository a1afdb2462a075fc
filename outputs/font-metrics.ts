/**
 * Text widths from the DejaVu Sans font files we ship, for Vega's layout. Without a canvas Vega
 * guesses 0.8 em per character, far wider than DejaVu, so axis labels were either truncated or
 * left a wide blank gutter. Reading the advance widths from the font's own tables (cmap format 4
 * and hmtx) makes the SVG layout match what resvg draws, and keeps it deterministic.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { publishMessages } from '../kernel/messages.ts';

const require = createRequire(import.meta.url);

/** The .ttf files of the chart font, regular and bold, as shipped by the dejavu-fonts-ttf package. */
export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

/**
 * The same two fonts cut to the characters chart text is made of (scripts/subset-chart-fonts.sh),
 * for resvg to draw PNGs with when they cover a chart's text: see render-png.ts. The path is the
 * same from outputs/ and from the bundle in dist/.
 */
export const CHART_FONT_FILES = {
  regular: fileURLToPath(new URL('../outputs/fonts/DejaVuSans-charts.ttf', import.meta.url)),
  bold: fileURLToPath(new URL('../outputs/fonts/DejaVuSans-Bold-charts.ttf', import.meta.url)),
} as const;

/** The family name the chart config asks for; it must match the font files above. */
export const FONT_FAMILY = 'DejaVu Sans';

interface Metrics {
  unitsPerEm: number;
  advance: (codePoint: number) => number;
  /** Whether the font has a glyph for the character. */
  has: (codePoint: number) => boolean;
}

function parseFont(file: string): Metrics {
  const buf = readFileSync(file);
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(publishMessages.fontTableMissing(file, tag));
    return at;
  };
  const unitsPerEm = buf.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number =>
    buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // cmap: find the Unicode BMP subtable (platform 3 encoding 1, or platform 0), format 4.
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0; i < buf.readUInt16BE(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap + buf.readUInt32BE(rec + 4);
    if (buf.readUInt16BE(offset) === 4 && (platform === 0 || (platform === 3 && encoding === 1))) {
      sub = offset;
      break;
    }
  }
  if (sub < 0) throw new Error(publishMessages.fontNoUnicodeMap(file));
  const segX2 = buf.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const glyphOf = (cp: number): number => {
    for (let s = 0; s < segX2; s += 2) {
      if (cp > buf.readUInt16BE(ends + s)) continue;
      const start = buf.readUInt16BE(starts + s);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + s);
      const ro = buf.readUInt16BE(rangeOffsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeOffsets + s + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return {
    unitsPerEm,
    advance: (cp) => {
      let w = cache.get(cp);
      if (w === undefined) {
        w = glyphAdvance(cp > 0xffff ? 0 : glyphOf(cp));
        cache.set(cp, w);
      }
      return w;
    },
    has: (cp) => cp <= 0xffff && glyphOf(cp) !== 0,
  };
}

let fonts: { regular: Metrics; bold: Metrics } | undefined;

/** Width in pixels of `text` set in DejaVu Sans at `fontSize`, bold when the weight says so. */
export function textWidth(text: string, fontSize: number, fontWeight?: string | number): number {
  fonts ??= { regular: parseFont(FONT_FILES.regular), bold: parseFont(FONT_FILES.bold) };
  const bold = fontWeight === 'bold' || (typeof fontWeight === 'number' && fontWeight >= 600);
  const m = bold ? fonts.bold : fonts.regular;
  let units = 0;
  for (const ch of text) units += m.advance(ch.codePointAt(0) ?? 0);
  return (units / m.unitsPerEm) * fontSize;
}

/** Per UTF-16 code unit: 0 not yet looked up, 1 both cut fonts have it, 2 one lacks it. */
let cut: { regular: Metrics; bold: Metrics; covers: Uint8Array } | undefined;

/**
 * Whether both cut fonts (CHART_FONT_FILES) have a glyph for every character of `svg`, tags and
 * attributes included, character references decoded; control characters are XML white space.
 * The cut fonts have no character past U+FFFF, so a surrogate is one they lack.
 */
export function chartFontsCover(svg: string): boolean {
  cut ??= {
    regular: parseFont(CHART_FONT_FILES.regular),
    bold: parseFont(CHART_FONT_FILES.bold),
    covers: new Uint8Array(0x10000),
  };
  const { regular, bold, covers } = cut;
  const text = svg.includes('&#')
    ? svg.replace(/&#(x[0-9a-f]+|[0-9]+);/gi, (_, n: string) => {
        const cp = n[0] === 'x' || n[0] === 'X' ? Number.parseInt(n.slice(1), 16) : Number(n);
        // Past Unicode: a character no font has, so the full fonts are used.
        return String.fromCodePoint(cp <= 0x10ffff ? cp : 0xfffd);
      })
    : svg;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (covers[c] === 0) {
      const surrogate = c >= 0xd800 && c <= 0xdfff;
      covers[c] = c < 0x20 || (!surrogate && regular.has(c) && bold.has(c)) ? 1 : 2;
    }
    if (covers[c] !== 1) return false;
  }
  return true;
}
