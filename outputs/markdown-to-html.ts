/**
 * The small Markdown subset our own documents use (headings, paragraphs, bullet and numbered
 * lists, pipe tables, images on their own line, **bold**, _italic_, `code`) as HTML. Not a
 * general Markdown parser: it only ever sees text clusterfit wrote, and it escapes everything,
 * so a cluster or occupation name cannot inject markup into the brief.
 */

import { MD_ESCAPE } from './markdown-text.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// A character escaped in the Markdown (markdown-text.ts) stands aside, as a private-use
// character, while the formatting is applied, and comes back as itself: "\`" starts no code.
const ASIDE = 0xe000;
const HELD = /[\ue000-\ue07f]/g;

function inline(s: string): string {
  return escapeHtml(
    s
      .replace(HELD, '')
      .replace(MD_ESCAPE, (_, c: string) => String.fromCharCode(ASIDE + c.charCodeAt(0))),
  )
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s.,;:)])/g, '$1<em>$2</em>')
    .replace(HELD, (c) => escapeHtml(String.fromCharCode(c.charCodeAt(0) - ASIDE)));
}

/** A table row's cells: split at each "|" not escaped as "\|" (a name's own bar). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(^|[^\\])\|$/, '$1')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/**
 * Converts the Markdown to HTML. `image(src, alt)` returns the markup for an image line, so the
 * caller decides how a chart is embedded.
 */
export function markdownToHtml(md: string, image: (src: string, alt: string) => string): string {
  const lines = md.split('\n');
  const html: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    const img = /^!\[((?:\\.|[^\]\\])*)\]\(([^)]+)\)$/.exec(line.trim());
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      const level = heading[1]?.length ?? 1;
      html.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      i++;
    } else if (img) {
      html.push(image(img[2] ?? '', (img[1] ?? '').replace(MD_ESCAPE, '$1')));
      i++;
    } else if (line.startsWith('|')) {
      const block: string[] = [];
      while (i < lines.length && (lines[i] ?? '').startsWith('|')) block.push(lines[i++] ?? '');
      const [head = '', rule = '', ...body] = block;
      const align = cells(rule).map((c) => (c.endsWith(':') ? ' class="num"' : ''));
      html.push(
        '<table>',
        `<thead><tr>${cells(head)
          .map((c, k) => `<th${align[k] ?? ''}>${inline(c)}</th>`)
          .join('')}</tr></thead>`,
        '<tbody>',
        ...body.map(
          (r) =>
            `<tr>${cells(r)
              .map((c, k) => `<td${align[k] ?? ''}>${inline(c)}</td>`)
              .join('')}</tr>`,
        ),
        '</tbody>',
        '</table>',
      );
    } else if (/^- /.test(line) || /^\d+\. /.test(line)) {
      const ordered = /^\d+\. /.test(line);
      const marker = ordered ? /^\d+\. / : /^- /;
      html.push(ordered ? '<ol>' : '<ul>');
      while (i < lines.length && marker.test(lines[i] ?? '')) {
        const item = lines[i++] ?? '';
        // Keep the written number: the approved list is numbered by rank, which may skip.
        const n = ordered ? ` value="${Number.parseInt(item, 10)}"` : '';
        html.push(`<li${n}>${inline(item.replace(marker, ''))}</li>`);
      }
      html.push(ordered ? '</ol>' : '</ul>');
    } else {
      const para: string[] = [];
      while (
        i < lines.length &&
        (lines[i] ?? '').trim() !== '' &&
        !/^(#|\||- |\d+\. |!\[)/.test(lines[i] ?? '')
      ) {
        para.push(lines[i++] ?? '');
      }
      html.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return html.join('\n');
}
