/**
 * The reference tables the projections checks join against (SOC structure, SOC 2010 → 2018
 * bridge, OEWS aggregates, education categories), loaded the same way by `run` and `validate`.
 */

import { col, type Database, type TableColumn } from '../../kernel/database.ts';
import { EDUCATION_LEVELS, educationKey } from '../../sources/education.ts';
import { OEWS_AGGREGATES } from '../../sources/oews/aggregate-codes.ts';
import { SOC_STRUCTURE_READERS } from '../../sources/readers.ts';
import type { readSocCrosswalk2010To2018 } from '../../sources/soc/read-soc-crosswalk-2010-2018.ts';
import type { SocStructureRecord } from '../../sources/soc/read-soc-structure.ts';

const RAW_SOC_STRUCTURE: TableColumn[] = [
  col('source_file', 'VARCHAR'),
  col('source_row', 'INTEGER'),
  col('soc_code', 'VARCHAR'),
  col('title', 'VARCHAR'),
  col('level', 'VARCHAR'),
  col('major_code', 'VARCHAR'),
  col('minor_code', 'VARCHAR'),
  col('broad_code', 'VARCHAR'),
];

/** OEWS aggregate codes and the BLS education categories: built in, no file needed. */
export async function loadBuiltInReferences(db: Database): Promise<void> {
  await db.load(
    'ref_oews_aggregates',
    [col('aggregate_code', 'VARCHAR'), col('title', 'VARCHAR'), col('member_code', 'VARCHAR')],
    OEWS_AGGREGATES.flatMap((a) =>
      a.members.map((m) => ({ aggregate_code: a.code, title: a.title, member_code: m })),
    ),
  );
  await db.load(
    'ref_education',
    [
      col('education', 'VARCHAR'),
      col('education_key', 'VARCHAR'),
      col('postsecondary_award', 'BOOLEAN'),
    ],
    EDUCATION_LEVELS.map((e) => ({ ...e, education_key: educationKey(e.education) })),
  );
}

/**
 * Reads the SOC 2018 structure file with its layout's reader into raw_soc_structure; without a
 * file (validate on a machine that lacks it) the table is created empty.
 */
export async function loadSocStructure(
  db: Database,
  input: { path: string; file: string; layout: string } | undefined,
  /** The file's records when already being read (ingest's readAhead). */
  reading?: Promise<SocStructureRecord[]>,
): Promise<number> {
  if (input === undefined) return db.load('raw_soc_structure', RAW_SOC_STRUCTURE, []);
  const read = SOC_STRUCTURE_READERS[input.layout];
  if (!read) throw new Error(`No SOC structure reader for layout ${input.layout}`);
  const soc = await (reading ?? read(input.path, input.file));
  // The file's name as a column of its own, not spread into a copy of each record (as slow,
  // cold, as the crosswalk's rows in ingest.ts).
  return db.loadColumns(
    'raw_soc_structure',
    RAW_SOC_STRUCTURE,
    RAW_SOC_STRUCTURE.map((c) =>
      c.name === 'source_file'
        ? soc.map(() => input.file)
        : soc.map((r) => r[c.name as keyof SocStructureRecord]),
    ),
  );
}

/** The SOC 2010 → 2018 bridge rows and national SOC 2018 employment (both may be empty). */
export async function loadSocBridgeTables(
  db: Database,
  bridge: Awaited<ReturnType<typeof readSocCrosswalk2010To2018>>,
  reference: { soc_code: string; employment: number }[],
): Promise<void> {
  await db.load(
    'raw_soc_bridge',
    [
      col('source_row', 'INTEGER'),
      col('soc2010', 'VARCHAR'),
      col('soc2010_title', 'VARCHAR'),
      col('soc2018', 'VARCHAR'),
      col('soc2018_title', 'VARCHAR'),
    ],
    bridge,
  );
  await db.load(
    'ref_national_employment',
    [col('soc_code', 'VARCHAR'), col('employment', 'DOUBLE')],
    reference,
  );
}

/** A value from another source that fills one the projections file lacks, with its label. */
export interface AttributeWage {
  area_code: string;
  soc_code: string;
  a_median: number;
  source_label: string;
}
export interface AttributeEducation {
  soc_code: string;
  education: string;
  source_label: string;
}

/**
 * The wage and education values from the config's "attributes" sources. Staging joins them
 * either way, so they load (possibly empty) for every run and every validate.
 */
export async function loadAttributeTables(
  db: Database,
  wages: readonly AttributeWage[],
  education: readonly AttributeEducation[],
): Promise<void> {
  await db.load(
    'ref_attr_wages',
    [
      col('area_code', 'VARCHAR'),
      col('soc_code', 'VARCHAR'),
      col('a_median', 'DOUBLE'),
      col('source_label', 'VARCHAR'),
    ],
    wages,
  );
  await db.load(
    'ref_attr_education',
    [col('soc_code', 'VARCHAR'), col('education', 'VARCHAR'), col('source_label', 'VARCHAR')],
    education,
  );
}
