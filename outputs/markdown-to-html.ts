/**
 * The small Markdown subset our own documents use (headings, paragraphs, bullet and numbered
 * lists, pipe tables, images on their own line, **bold**, _italic_, `code`) as HTML. Not a
 * general Markdown parser: it only ever sees text clusterfit wrote, and it escapes everything,
 * so a cluster or occupation name cannot inject markup into the brief.
 */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function inline(s: string): string {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s.,;:)])/g, '$1<em>$2</em>');
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
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
    const img = /^!\[([^\]]*)\]\(([^)]+)\)$/.exec(line.trim());
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      const level = heading[1]?.length ?? 1;
      html.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      i++;
    } else if (img) {
      html.push(image(img[2] ?? '', img[1] ?? ''));
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
