import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

describe('clusterfit explain', () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    const io = captureIO({ CLUSTERFIT_DATA_DIR: join(FIXTURES, 'mini-data') });
    const code = await main(
      ['run', '-c', join(FIXTURES, 'configs', 'mini.json'), '--out', out],
      io,
    );
    expect(code).toBe(0);
  });

  it("prints each metric's value, weight and contribution, the stability and the drivers", async () => {
    const io = captureIO();
    expect(
      await main(['explain', 'health science', '--out', out, '--framework', 'legacy16'], io),
    ).toBe(0);
    const text = io.stdout;
    expect(text).toContain('Health Science — legacy16, California 2023-2033');
    expect(text).toMatch(/Approved: rank 2 of 8, score \+0\.42/);
    // Openings 240 a year; RN 124,800 and aides 37,440: a weighted median of $37,440.
    expect(text).toMatch(/annual openings\s+240\s+[-\d.]+\s+0\.300/);
    expect(text).toMatch(/median wage\s+\$37,440/);
    expect(text).toContain(
      'Most openings: Home Health and Personal Care Aides (150/yr), Registered Nurses (90/yr)',
    );
    expect(text).toMatch(/(Robust|Fragile): approved in/);
  });

  it('finds a cluster by part of its name, and says so when the part is ambiguous or unknown', async () => {
    const ok = captureIO();
    expect(await main(['explain', 'informat', '--out', out], ok)).toBe(0);
    expect(ok.stdout).toContain('Information Technology — legacy16');
    const amb = captureIO();
    expect(await main(['explain', 'ma', '--out', out, '--framework', 'legacy16'], amb)).toBe(2);
    expect(amb.stderr).toContain('"ma" matches several clusters');
    expect(amb.stderr).not.toContain('Nothing was published');
    const none = captureIO();
    expect(await main(['explain', 'zoology', '--out', out], none)).toBe(2);
    expect(none.stderr).toContain('No cluster matches "zoology"');
  });

  it('says where it looked when there is no run', async () => {
    const io = captureIO();
    expect(await main(['explain', 'health', '--out', tempDir()], io)).toBe(2);
    expect(io.stderr).toContain('No run database at');
  });
});
