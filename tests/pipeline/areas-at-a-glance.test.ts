/**
 * A run over many areas prints a summary (areas, frameworks, how many approved lists differ from
 * the state's, the files to open) instead of two lines per area: California EDD 2020-2030 (the
 * state, 29 metros and 3 rural consortia) and Projections Central's file of every state.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, DATA_DIR, describeWithData, REPO_ROOT, readCsv, tempDir } from '../helpers.ts';

describeWithData('many areas at a glance (real files)', () => {
  it('counts the areas whose approved list differs from the state’s, as area_differences.csv has them', async () => {
    const out = tempDir();
    const io = captureIO();
    const config = join(REPO_ROOT, 'configs', 'ca-2020-2030-areas.json');
    const args = ['run', '--config', config, '--data-dir', DATA_DIR, '--out', out];
    expect(await main([...args, '--draws', '0', '--formats', 'csv'], io)).toBe(0);
    const differences = readCsv(join(out, 'area_differences.csv'));
    const differ = (framework: string) =>
      differences.filter((d) => d.framework === framework && d.differs === 'true').length;
    // Checked by hand in area_differences.csv: 32 areas beside CA in each framework.
    expect(differences.filter((d) => d.compared_with === 'state')).toHaveLength(64);
    expect([differ('legacy16'), differ('acte2024')]).toEqual([30, 16]);
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines.slice(lines.findIndex((l) => l.startsWith('Wrote ')) + 1)).toEqual([
      "33 areas × 2 frameworks (legacy16, acte2024): too many to list each area's approved clusters here.",
      "  legacy16: 30 of 32 areas approve a list other than their state's.",
      "  acte2024: 16 of 32 areas approve a list other than their state's.",
      "Open area_differences.csv for each area's list beside the one it is read against, and clusters.csv for every area's clusters.",
    ]);
    expect(io.stdout).not.toContain('approved:');
  }, 120_000);

  it('counts the states off the list most states share, in a run of every state', async () => {
    const out = tempDir();
    const io = captureIO();
    // Projections Central's Registered Nurses rows for every state: 54 areas, one occupation.
    const file = join(
      DATA_DIR,
      'projections_state',
      'pc_longterm_2024_2034_29-1141_all_states.csv',
    );
    const args = ['run', '--projections', file, '--data-dir', DATA_DIR, '--out', out];
    expect(await main([...args, '--draws', '0', '--formats', 'csv'], io)).toBe(0);
    const differences = readCsv(join(out, 'area_differences.csv'));
    // Every state approves the one list (only Health Science has jobs), as the file shows.
    expect(differences).toHaveLength(108);
    expect(
      new Set(differences.map((d) => `${d.compared_with} ${d.sharing}/${d.states} ${d.differs}`)),
    ).toEqual(new Set(['most states 54/54 false']));
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines.slice(lines.findIndex((l) => l.startsWith('Wrote ')) + 1, -1)).toEqual([
      "54 areas × 2 frameworks (legacy16, acte2024): too many to list each area's approved clusters here.",
      '  legacy16: 0 of 54 states approve a list other than the one 54 states share.',
      '  acte2024: 0 of 54 states approve a list other than the one 54 states share.',
    ]);
  }, 120_000);
});
