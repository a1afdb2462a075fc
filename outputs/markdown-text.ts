/**
 * Text from a file or a config (cluster, sub-level and occupation names, framework titles, area
 * names, notes) as it goes into a Markdown output: recommendation.md, brief.md, changes.md. A
 * name is data, so it must render as the same words in any Markdown viewer: no HTML element
 * (`<img onerror=…>`), no link or image, no code span, no extra table cell from a "|", no new
 * line. Characters that could start one of those are backslash-escaped, as CommonMark and GitHub
 * tables define; everything else (an ampersand in "Architecture & Construction", underscores)
 * is left as written, so the file still reads as plain text. outputs/markdown-to-html.ts reads
 * these escapes back for brief.html.
 */

/** Characters backslash-escaped in Markdown text. */
const SPECIAL = /[\\<>[\]|`]/g;
/** An ampersand that would start an entity reference (&lt; &#60; &#x3c;). */
const ENTITY = /&(?=#?[a-z0-9]+;)/gi;
const NEEDS_WORK = /[\\<>[\]|`&\r\n\t]/;

/** A name or sentence as Markdown text: one line, rendering exactly as written. */
export function mdText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(SPECIAL, '\\$&')
    .replace(ENTITY, '\\&');
}

/**
 * Text as a Markdown code span (a rule's SQL): fenced with more backticks than any run inside
 * it, on one line, and with "|" escaped so a table is not split (GitHub reads "\|" even there).
 */
export function mdCode(s: string): string {
  const line = s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || line.startsWith(' ') || line.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** Reads mdText's escapes back: the character after a backslash, as itself. */
export const MD_ESCAPE = /\\([\\<>[\]|`&])/g;
