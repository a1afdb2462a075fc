/**
 * Names carrying HTML, a table's "|", a link or a line break render as the same words in
 * recommendation.md, brief.md and brief.html: unit cases for the one escaping function, then a run
 * whose user framework's crosswalk names its clusters that way, on the mini fixture, and one whose
 * state variant renames a cluster "Health | Science" with supply on (every recommendation table).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mdCode, mdText } from '../../outputs/markdown-text.ts';
import { markdownToHtml } from '../../outputs/markdown-to-html.ts';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

const HTML = 'Health <img src=x onerror=alert(1)>';
const BAR = 'Tech | Data';
const LINK = '[click](http://127.0.0.1/x)';

describe('mdText and mdCode', () => {
  it('escapes what would start markup, a cell or a code span, and nothing else', () => {
    expect(mdText(HTML)).toBe('Health \\<img src=x onerror=alert(1)\\>');
    expect(mdText(BAR)).toBe('Tech \\| Data');
    expect(mdText(LINK)).toBe('\\[click\\](http://127.0.0.1/x)');
    expect(mdText('a\nb\r\n\tc')).toBe('a b c');
    expect(mdText('x &lt;b&gt; y')).toBe('x \\&lt;b\\&gt; y');
    // Plain names stay as written: the file still reads as text.
    expect(mdText('Architecture & Construction')).toBe('Architecture & Construction');
    expect(mdText('Science, Technology, Engineering & Mathematics')).toBe(
      'Science, Technology, Engineering & Mathematics',
    );
  });

  it('fences code with more backticks than it holds', () => {
    expect(mdCode('a > 1')).toBe('`a > 1`');
    expect(mdCode('soc_title = `x`')).toBe('`` soc_title = `x` ``');
    expect(mdCode('a or\n b | c')).toBe('`a or b \\| c`');
  });

  it('reads back in brief.html as the same words, escaped once, in the right cells', () => {
    const md = [
      `# ${mdText(HTML)}`,
      '',
      '| A | B |',
      '|---|---|',
      `| ${mdText(BAR)} | ${mdText(LINK)} |`,
    ].join('\n');
    const html = markdownToHtml(md, () => '');
    expect(html).toContain('<h1>Health &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(html).toContain('<td>Tech | Data</td><td>[click](http://127.0.0.1/x)</td>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('\\');
  });
});

describe('a run whose cluster and framework names carry markup', () => {
  const work = tempDir('clusterfit-md-');
  const out = join(work, 'out');
  let code: number;
  let stderr: string;
  beforeAll(async () => {
    const crosswalk = join(work, 'crosswalk.csv');
    writeFileSync(
      crosswalk,
      [
        'soc_code,cluster,sublevel,title',
        `29-1141,"${HTML}",Nursing,Registered Nurses`,
        `31-1120,"${HTML}",Care,Home Health and Personal Care Aides`,
        `15-1252,${BAR},Software,Software Developers`,
        `35-2014,${LINK},Food,"Cooks, Restaurant"`,
        '47-2111,Construction,,Electricians',
        '13-1020,Business,,Buyers',
        '',
      ].join('\n'),
    );
    const mini = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));
    const config = join(work, 'c.json');
    writeFileSync(
      config,
      JSON.stringify({
        ...mini,
        framework_definitions: [
          { id: 'state', title: '<b>State</b> clusters', sublevel: 'area <i>', crosswalk },
        ],
        frameworks: ['state'],
      }),
    );
    const io = captureIO();
    code = await main(
      [
        'run',
        '--config',
        config,
        '--data-dir',
        join(FIXTURES, 'mini-data'),
        '--out',
        out,
        '--draws',
        '20',
      ],
      io,
    );
    stderr = io.stderr;
  }, 60_000);

  it('runs', () => {
    expect(code, stderr).toBe(0);
  });

  it('recommendation.md: no raw tag, and each table row keeps its 12 cells', () => {
    const md = readFileSync(join(out, 'recommendation.md'), 'utf8');
    expect(md).not.toMatch(/(^|[^\\])<(img|b|i)\b/);
    expect(md).toContain('## \\<b\\>State\\</b\\> clusters');
    const row = md.split('\n').find((l) => l.includes('Tech \\| Data') && l.startsWith('|'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(14);
    // Registered nurses' 1,000 jobs and the aides' 3,000 are the HTML-named cluster's.
    const clusters = readCsv(join(out, 'clusters.csv'));
    expect(clusters.find((c) => c.cluster === HTML)?.base_employment).toBe('4000');
  });

  it('brief.md and brief.html: the names as words, escaped once', () => {
    const md = readFileSync(join(out, 'brief.md'), 'utf8');
    expect(md).not.toMatch(/(^|[^\\])<(img|b|i)\b/);
    const html = readFileSync(join(out, 'brief.html'), 'utf8');
    expect(html).toContain('Health &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;State&lt;/b&gt; clusters');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('\\&lt;');
    expect(html).toContain('<td>Tech | Data</td>');
  });
});

describe('a state variant renaming a cluster to hold a "|", with supply', () => {
  const work = tempDir('clusterfit-md-bar-');
  const out = join(work, 'out');
  const NAME = 'Health | Science';
  let code: number;
  let stderr: string;
  beforeAll(async () => {
    const config = join(work, 'c.json');
    writeFileSync(
      config,
      JSON.stringify({
        inputs: {
          'ca-edd-longterm-2023-2033':
            'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
          'nces-cip2020-soc2018': join(FIXTURES, 'nces', 'cip2020_soc2018.csv'),
        },
        supply: {
          completions: join(FIXTURES, 'ipeds', 'c2023_a.csv'),
          institutions: join(FIXTURES, 'ipeds', 'hd2023.csv'),
        },
        framework_variants: [
          {
            id: 'ca-bar',
            title: 'California clusters',
            base: 'legacy16',
            rename: { 'Health Science': NAME },
            merge: {},
            drop: [],
          },
        ],
        frameworks: ['ca-bar'],
      }),
    );
    const io = captureIO();
    code = await main(
      [
        'run',
        '--config',
        config,
        '--data-dir',
        join(FIXTURES, 'mini-data'),
        '--out',
        out,
        '--draws',
        '0',
      ],
      io,
    );
    stderr = io.stderr;
  }, 60_000);

  /** The table rows of a Markdown file naming the cluster (escaped or not), as numbers of cells. */
  const cellsOfRows = (file: string): number[] =>
    readFileSync(join(out, file), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('|') && /Health \\?\| Science/.test(l))
      .map((l) => l.split(/(?<!\\)\|/).length - 2);

  it('runs, the renamed cluster in clusters.csv and supply.csv as written', () => {
    expect(code, stderr).toBe(0);
    expect(readCsv(join(out, 'clusters.csv')).filter((c) => c.cluster === NAME)).toHaveLength(1);
    const supply = readCsv(join(out, 'supply.csv')).filter((r) => r.cluster === NAME);
    // Registered nurses' 300 bachelor's and 100 associate awards (tests/fixtures/ipeds).
    expect(supply.reduce((t, r) => t + Number(r.completions), 0)).toBe(400);
  });

  it('recommendation.md: the cluster table keeps its 12 cells and the supply table its 4', () => {
    expect(cellsOfRows('recommendation.md')).toEqual([12, 4]);
  });
});
