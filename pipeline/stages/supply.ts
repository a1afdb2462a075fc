/**
 * supply (only when the config has a `supply` key): read IPEDS completions and the institutions'
 * directory, place the awards in the run's areas, carry them through the CIP–SOC crosswalk to the
 * run's occupations and on to clusters, and set them beside the openings that need each award
 * level. Runs between map and score, so `supply_gap_share` can carry a weight.
 *
 * Every framework, the 2024 one included, is reached through CIP → SOC → cluster: the awards are
 * compared with the openings of the occupations they lead to, and Advance CTE's direct CIP →
 * cluster placement names no occupation (so no openings or education level to compare with).
 * `clusterfit programs` shows where Advance CTE's CIP crosswalk agrees.
 */

import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { Config } from '../../kernel/config-types.ts';
import { col } from '../../kernel/database.ts';
import { messages } from '../../kernel/messages.ts';
import type { ResolvedInput, RunContext, Stage } from '../../kernel/run-context.ts';
import { findSource } from '../../sources/catalog.ts';
import { awardLevelEducationRows } from '../../sources/ipeds/award-levels.ts';
import { readCompletions } from '../../sources/ipeds/read-completions.ts';
import { readInstitutions } from '../../sources/ipeds/read-institutions.ts';
import { readCipSocCrosswalk } from '../../sources/nces/read-cip-soc-crosswalk.ts';
import { runModels } from '../../transforms/run-models.ts';
import { fileDigest, resolveInput } from '../data-dir.ts';
import { publishModel } from './publish-model.ts';

/** The crosswalk that carries programs to occupations. */
export const CIP_SOC_SOURCE = 'nces-cip2020-soc2018';

/** supply.csv's columns: the contract's seven first, then the gap and the level's education. */
export const SUPPLY_COLUMNS = [
  'area',
  'framework',
  'cluster',
  'award_level',
  'completions',
  'annual_openings',
  'completions_per_opening',
  'gap',
  'vintage',
  'education',
] as const;

/** supply_sublevels.csv's columns: supply.csv's per pathway or sub-cluster. */
export const SUPPLY_SUBLEVELS_COLUMNS = [
  'area',
  'framework',
  'cluster',
  'sublevel',
  'award_level',
  'completions',
  'annual_openings',
  'completions_per_opening',
  'gap',
  'vintage',
] as const;

export const SUPPLY_PROGRAMS_COLUMNS = [
  'area',
  'framework',
  'cluster',
  'cip_code',
  'award_level',
  'program_completions',
  'completions',
  'soc_codes',
  'vintage',
] as const;

export const SUPPLY_UNMAPPED_COLUMNS = [
  'area',
  'vintage',
  'cip_code',
  'cip_title',
  'award_level',
  'completions',
  'institutions',
] as const;

/**
 * A `supply` input: a catalog id, or a file path read with the layout of `fallback` (the
 * catalog entry of that kind), so a newer year's file from NCES reads without a catalog entry.
 */
export function resolveSupplyInput(
  id: string,
  fallback: string,
  config: Config,
  dataDir: string,
): ResolvedInput {
  if (findSource(id)) return resolveInput(id, config, dataDir);
  const inputs = { ...config.inputs, [fallback]: id };
  const resolved = resolveInput(fallback, { ...config, inputs }, dataDir);
  return { ...resolved, source: { ...resolved.source, id, path: id } };
}

/** The supply inputs of a config, by role; empty without a `supply` key. */
export function supplyInputs(config: Config, dataDir: string): Map<string, ResolvedInput> {
  const out = new Map<string, ResolvedInput>();
  if (!config.supply) return out;
  const completions = resolveSupplyInput(
    config.supply.completions,
    'ipeds-c2024-a',
    config,
    dataDir,
  );
  const institutions = resolveSupplyInput(
    config.supply.institutions,
    'ipeds-hd2024',
    config,
    dataDir,
  );
  if (completions.source.kind !== 'completions') {
    throw new CliError(
      messages.wrongSourceKind(
        'supply.completions',
        config.supply.completions,
        completions.source.kind,
        'completions',
      ),
      ExitCode.usage,
    );
  }
  if (institutions.source.kind !== 'institutions') {
    throw new CliError(
      messages.wrongSourceKind(
        'supply.institutions',
        config.supply.institutions,
        institutions.source.kind,
        'institutions',
      ),
      ExitCode.usage,
    );
  }
  out.set(completions.source.id, completions);
  out.set(institutions.source.id, institutions);
  out.set(CIP_SOC_SOURCE, resolveInput(CIP_SOC_SOURCE, config, dataDir));
  return out;
}

function input(ctx: RunContext, id: string): ResolvedInput {
  const found = ctx.resolved.get(id);
  if (!found) throw new Error(`Input ${id} was not resolved before the run`);
  return found;
}

function record(ctx: RunContext, resolved: ResolvedInput, rows: number): void {
  const { sha256, bytes } = ctx.digests.get(resolved.path) ?? fileDigest(resolved.path);
  ctx.inputs.push({
    source: resolved.source.id,
    title: resolved.source.title,
    publisher: resolved.source.publisher,
    vintage: resolved.source.vintage,
    layout: resolved.source.layout,
    file: resolved.file,
    sha256,
    bytes,
    rows,
    notes: [],
  });
}

const SUPPLY_MODELS = [
  'staging/stg_supply_awards',
  'intermediate/int_supply_occupations',
  'marts/mart_supply_programs',
  'marts/mart_supply',
  'marts/mart_supply_gap',
  'marts/mart_supply_unmapped',
];

export const supply: Stage = {
  name: 'supply',
  reads: ['IPEDS completions file', 'IPEDS directory file', 'CIP–SOC crosswalk'],
  // The published tables' models run with publishModel, after these.
  models: [
    ...SUPPLY_MODELS,
    'publish/pub_supply',
    'publish/pub_supply_programs',
    'publish/pub_supply_unmapped',
  ],
  writes: [
    'raw_ipeds_completions',
    'raw_ipeds_institutions',
    'ref_cip_soc',
    'ref_award_levels',
    'supply.csv',
    'supply_programs.csv',
    'supply_unmapped.csv',
  ],
  enabled: (config) => config.supply !== undefined,
  async run(ctx) {
    const { db, config } = ctx;
    const settings = config.supply;
    if (!settings) return 0;
    const completionsInput = input(ctx, settings.completions);
    const institutionsInput = input(ctx, settings.institutions);
    const crosswalkInput = input(ctx, CIP_SOC_SOURCE);

    const institutions = readInstitutions(institutionsInput.path, institutionsInput.file);
    // Only the institutions some area of the run can take (stg_supply_awards places them); a
    // UNITID the directory lacks is kept, so it is reported below rather than silently skipped.
    const areas = await db.all<{ area_type: string; area_fips: string | null }>(
      'select distinct area_type, area_fips from stg_areas',
    );
    const states = new Set(areas.filter((a) => a.area_type === 'state').map((a) => a.area_fips));
    const nation = areas.some((a) => a.area_type === 'nation');
    const stateOf = new Map(institutions.map((i) => [i.unitid, i.state_fips]));
    const completions = readCompletions(completionsInput.path, completionsInput.file, {
      institution: (unitid) => {
        const state = stateOf.get(unitid);
        return nation || state === undefined || states.has(state);
      },
    });
    const known = new Set(institutions.map((i) => i.unitid));
    const stray = completions.find((c) => !known.has(c.unitid));
    if (stray) {
      throw new CliError(
        messages.supplyUnknownInstitution(
          completionsInput.file,
          stray.source_row,
          stray.unitid,
          institutionsInput.file,
        ),
        ExitCode.input,
        {
          file: completionsInput.file,
          row: stray.source_row,
          column: 'UNITID',
          value: stray.unitid,
        },
      );
    }
    const crosswalk = await readCipSocCrosswalk(crosswalkInput.path, crosswalkInput.file);
    record(ctx, completionsInput, completions.length);
    record(ctx, institutionsInput, institutions.length);
    record(ctx, crosswalkInput, crosswalk.length);

    await db.load(
      'raw_ipeds_institutions',
      [
        col('source_row', 'INTEGER'),
        col('unitid', 'VARCHAR'),
        col('name', 'VARCHAR'),
        col('state', 'VARCHAR'),
        col('state_fips', 'VARCHAR'),
        col('county_fips', 'VARCHAR'),
        col('cbsa', 'VARCHAR'),
      ],
      institutions,
    );
    await db.load(
      'raw_ipeds_completions',
      [
        col('source_row', 'INTEGER'),
        col('unitid', 'VARCHAR'),
        col('cip_code', 'VARCHAR'),
        col('awlevel', 'INTEGER'),
        col('award_level', 'VARCHAR'),
        col('completions', 'DOUBLE'),
      ],
      completions,
    );
    await db.load(
      'ref_cip_soc',
      [
        col('source_row', 'INTEGER'),
        col('cip_code', 'VARCHAR'),
        col('cip_title', 'VARCHAR'),
        col('soc_code', 'VARCHAR'),
      ],
      crosswalk,
    );
    await db.load(
      'ref_award_levels',
      [col('award_level', 'VARCHAR'), col('title', 'VARCHAR'), col('education', 'VARCHAR')],
      awardLevelEducationRows(),
    );
    await runModels(db, SUPPLY_MODELS);
    await notes(ctx, completionsInput.file);
    const { rows } = await publishModel(ctx, 'supply', SUPPLY_COLUMNS);
    await publishModel(ctx, 'supply_programs', SUPPLY_PROGRAMS_COLUMNS);
    await publishModel(ctx, 'supply_unmapped', SUPPLY_UNMAPPED_COLUMNS);
    return rows;
  },
};

/** The manifest's and recommendation's sentences: awards placed, mapped, and left unmapped. */
async function notes(ctx: RunContext, file: string): Promise<void> {
  const { db } = ctx;
  const areas = await db.all<{
    area_code: string;
    area_type: string;
    awards: number | null;
    mapped: number | null;
  }>(
    `select a.area_code, any_value(a.area_type) as area_type,
       (select sum(completions) from stg_supply_awards s where s.area_code = a.area_code) as awards,
       (select sum(completions * award_share) from int_supply_occupations o
         where o.area_code = a.area_code
           and (select supply_allocation from run_settings) = 'split') as mapped
     from stg_areas a group by a.area_code order by a.area_code`,
  );
  const placed = areas.filter((a) => a.awards !== null);
  ctx.notes.push(
    messages.supplyNote(
      file,
      placed.reduce((t, a) => t + (a.awards ?? 0), 0),
      Math.round(placed.reduce((t, a) => t + (a.mapped ?? 0), 0)),
      placed.length,
    ),
  );
  for (const a of areas) if (a.awards === null) ctx.notes.push(messages.supplyNoArea(a.area_code));
  const unmapped = await db.all<{ area_code: string; programs: number; awards: number }>(
    `select area_code, count(distinct cip_code)::integer as programs, sum(completions) as awards
     from mart_supply_unmapped group by area_code order by area_code`,
  );
  for (const u of unmapped)
    ctx.notes.push(messages.supplyUnmappedNote(u.area_code, u.programs, u.awards));
}
