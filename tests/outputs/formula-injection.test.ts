/**
 * An occupation title that a spreadsheet would run as a formula is refused at the input, naming
 * its place, and nothing is published. (The writers also store such text inert, as a second line
 * of defence: see write-xlsx.test.ts.)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, DEFAULT_DATA_DIR, FIXTURES, tempDir } from '../helpers.ts';

const FIXTURE = join(FIXTURES, 'ca-edd', 'longterm-formula-title.csv');

// The crosswalks come from the shipped data folder; only the projections are the fixture.
describe('an occupation title that looks like a formula', () => {
  it('stops the run naming file, row, column and value; nothing is published', async () => {
    const work = tempDir();
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({ inputs: { 'ca-edd-longterm-2023-2033': FIXTURE } }));
    const out = join(work, 'out');
    const io = captureIO();
    const code = await main(
      ['run', '--config', config, '--out', out, '--data-dir', DEFAULT_DATA_DIR, '--draws', '0'],
      io,
    );
    expect(code).toBe(3);
    expect(io.stderr).toContain(
      `${FIXTURE}, row 9, column "Occupational Title[3]", value "=HYPERLINK(\\"http://x\\",\\"y\\")": the text looks like a spreadsheet formula`,
    );
    expect(existsSync(join(out, 'clusters.csv'))).toBe(false);
  });
});
