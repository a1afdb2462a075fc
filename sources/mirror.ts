/**
 * `fetch --mirror`: an agency's mirror or proxy serves the publishers' paths under its own
 * address, possibly below a folder (https://lmi.example.gov/pc/Projections/LongTermRestJson/32).
 */

/** The publisher's address as the mirror serves it; unchanged without a mirror. */
export function onMirror(url: string, mirror: string | undefined): string {
  if (mirror === undefined) return url;
  const u = new URL(url);
  const base = new URL(mirror);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}
