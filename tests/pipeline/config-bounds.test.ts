/**
 * Every numeric setting has a bound with a reason: a value outside it stops with exit 2 naming
 * the key (or option), the value, the bound and why; the edges of each bound are accepted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { main } from '../../pipeline/cli.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

const DATA = join(FIXTURES, 'mini-data');
const MINI = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));

function message(config: object): string {
  try {
    parseConfig(config, 'c.json');
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(ExitCode.usage);
    return (e as Error).message;
  }
  return '';
}

describe('numeric config settings outside their bounds', () => {
  const CASES: [string, object, string][] = [
    ['stability.draws', { stability: { draws: 1e9 } }, 'a whole number from 0 to 1,000,000'],
    ['stability.draws', { stability: { draws: -1 } }, 'a whole number from 0 to 1,000,000'],
    ['stability.seed', { stability: { seed: 2 ** 32 } }, '32-bit seed'],
    ['stability.concentration', { stability: { concentration: 0 } }, 'above 0'],
    ['stability.wage_threshold_jitter', { stability: { wage_threshold_jitter: 1 } }, 'below 1'],
    ['stability.score_threshold_jitter', { stability: { score_threshold_jitter: 5 } }, 'below 1'],
    ['stability.robust_probability', { stability: { robust_probability: 0.4 } }, 'one half'],
    ['stability.fragile_weight_shift', { stability: { fragile_weight_shift: 2 } }, 'at most 1'],
    ['selection.top_n', { selection: { top_n: 0 } }, 'approves none'],
    ['selection.top_n', { selection: { top_n: 2.5 } }, 'a whole number from 1 to 1,000'],
    ['selection.top_share', { selection: { top_share: 0 } }, 'above 0 and at most 1'],
    ['selection.top_share', { selection: { top_share: 1.5 } }, 'above 0 and at most 1'],
    ['selection.min_score', { selection: { min_score: 1e300 } }, 'at most 1,000,000'],
    ['weights.median_wage', { weights: { median_wage: -1 } }, 'reward a worse value'],
    ['unmapped_warn_share', { unmapped_warn_share: 1.01 }, 'a share of employment'],
  ];
  for (const [key, config, says] of CASES) {
    it(`${key}: ${JSON.stringify(config)}`, () => {
      const m = message(config);
      expect(m).toContain(`Config file c.json: key "${key}" is `);
      expect(m).toContain(says);
    });
  }

  it('names the value, the bound and why in one sentence', () => {
    expect(message({ stability: { draws: 1e9 } })).toMatch(
      /^Config file c\.json: key "stability\.draws" is 1000000000, but it must be a whole number from 0 to 1,000,000: .*hours/,
    );
  });

  it('accepts the edges of each bound', () => {
    const c = parseConfig(
      {
        stability: {
          draws: 1_000_000,
          seed: 2 ** 32 - 1,
          wage_threshold_jitter: 0.99,
          robust_probability: 0.5,
        },
        selection: { method: 'top_share', top_share: 1, top_n: 1 },
        unmapped_warn_share: 0,
      },
      'c.json',
    );
    expect(c.stability.draws).toBe(1_000_000);
    expect(c.stability.seed).toBe(4_294_967_295);
  });
});

describe('command-line numbers and top_n against the framework', () => {
  const run = async (args: string[], config: object = MINI) => {
    const work = tempDir();
    const file = join(work, 'c.json');
    writeFileSync(file, JSON.stringify(config));
    const io = captureIO();
    const code = await main(
      ['run', '--config', file, '--data-dir', DATA, '--out', join(work, 'out'), ...args],
      io,
    );
    return { code, stderr: io.stderr, file };
  };

  it('--draws 1000000000 stops before any work, saying why', async () => {
    const r = await run(['--draws', '1000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--draws 1000000000: it must be a whole number from 0 to 1,000,000');
  });

  it('--seed and --wait have bounds too', async () => {
    expect((await run(['--seed', '4294967296'])).stderr).toContain('--seed 4294967296');
    const wait = await run(['--wait', '100000']);
    expect(wait.code).toBe(2);
    expect(wait.stderr).toContain('--wait 100000: it must be a whole number from 0 to 86,400');
  });

  // The mini fixture's six occupations reach 8 of the legacy 16 clusters.
  it('top_n above a framework’s cluster count stops, naming the framework and its count', async () => {
    const r = await run(['--draws', '0'], {
      ...MINI,
      frameworks: ['legacy16'],
      selection: { method: 'top_n', top_n: 9 },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `Config file ${r.file}: key "selection.top_n" is 9, but framework legacy16 has only 8 clusters with jobs in area CA`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
