// Vega-Lite charts drawn in the page with the same vega and vega-lite packages the pipeline
// renders its SVGs with, imported from node_modules (no CDN: the site builds and runs offline).
import * as vega from 'vega';
import * as vl from 'vega-lite';

/** Draws a Vega-Lite spec as SVG into a new element; `width` overrides a numeric spec width. */
export async function vegaLite(spec, { width } = {}) {
  const s = width && typeof spec.width === 'number' ? { ...spec, width } : spec;
  const div = document.createElement('div');
  div.className = 'clusterfit-chart';
  const view = new vega.View(vega.parse(vl.compile(s).spec), {
    renderer: 'svg',
    container: div,
    hover: true,
    logLevel: vega.Warn,
  });
  await view.runAsync();
  return div;
}

/** The one palette for approval across pages, matching the pipeline's charts. */
export const APPROVAL = {
  domain: ['approved', 'not approved'],
  range: ['#1b7837', '#b8b8b8'],
};
