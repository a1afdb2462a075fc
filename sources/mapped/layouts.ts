/**
 * Projections layouts as data: each says which header names mean which field, how its files are
 * recognized, and the units its publisher uses. One reader (read-mapped-projections.ts) reads
 * them all; a new publisher is a new entry here, not a new reader.
 */

import type { DeclaredUnits, Field } from '../../kernel/config-types.ts';
import { GENERIC_PATTERNS, GENERIC_WORDS } from './fields.ts';

export interface MappedLayout {
  name: string;
  title: string;
  /** Compact headers (fields.ts compactHeader) that together identify the layout. */
  signature: readonly (readonly string[])[];
  /** Field → the compact headers that carry it in this layout. */
  words: Readonly<Partial<Record<Field, readonly string[]>>>;
  /** Whether employment may be found in year-bearing headers ("Employment 2022"). */
  yearColumns: boolean;
  /** Field tests over the normalized header, tried where no word matched (generic only). */
  patterns?: Readonly<Partial<Record<Field, (h: string) => boolean>>>;
  units: DeclaredUnits;
  notes: readonly string[];
}

/** The mapped twin of the catalog's PC REST JSON layout, used for users' own pages. */
export const PC_REST_JSON = 'projections-central-rest-json';

export const MAPPED_LAYOUTS: readonly MappedLayout[] = [
  {
    // The REST API's fields (public.projectionscentral.org/Projections/LongTermRestJson/…), for a
    // user's own saved page: the catalog's PC source keeps its dedicated reader.
    name: PC_REST_JSON,
    title: 'Projections Central REST JSON (a saved API page)',
    // Never detected by itself: a .json page is detected as projections-central-longterm-json.
    signature: [],
    words: {
      area_fips: ['stfips'],
      area_name: ['area'],
      soc_code: ['occcode'],
      title: ['title'],
      base_year: ['baseyear'],
      proj_year: ['projyear'],
      base: ['base'],
      projected: ['projected'],
      change: ['change'],
      pct_change: ['percentchange'],
      annual_openings: ['avgannualopenings'],
    },
    yearColumns: false,
    units: { employment: 'jobs', openings: 'annual', pct_change: 'percent', rounding: 10 },
    notes: [
      'Projections Central REST JSON: figures rounded to the nearest ten by the publisher; openings are annual averages; STFIPS 0 is the nation, never a state.',
    ],
  },
  {
    name: 'projections-central-web-export',
    title: 'Projections Central web export',
    signature: [['statefips'], ['occupationcode'], ['projection'], ['averageannualopenings']],
    words: {
      area_fips: ['statefips'],
      area_name: ['areaname'],
      soc_code: ['occupationcode'],
      title: ['occupationname'],
      base_year: ['baseyear'],
      proj_year: ['projectedyear'],
      base: ['base'],
      projected: ['projection'],
      change: ['change'],
      pct_change: ['percentchange'],
      annual_openings: ['averageannualopenings'],
      exits: ['exits'],
      transfers: ['transfers'],
    },
    yearColumns: false,
    units: { employment: 'jobs', openings: 'annual', pct_change: 'percent', rounding: 10 },
    notes: [
      'Projections Central web export: figures rounded to the nearest ten by the publisher; openings are annual averages.',
    ],
  },
  {
    name: 'projections-central-bulk-csv',
    title: 'Projections Central long-term bulk CSV (ltprojections.csv)',
    signature: [['stfips'], ['code', 'occcode', 'occupationcode'], ['base'], ['avgannualopenings']],
    words: {
      area_fips: ['stfips'],
      area_name: ['areaname'],
      // The REST fields as a CSV name the state "Area"; the bulk file's "area" is a code.
      area_code: ['area'],
      area_type: ['areatype'],
      soc_code: ['code', 'occcode', 'occupationcode'],
      title: ['name', 'title', 'occupationname'],
      base_year: ['baseyear'],
      proj_year: ['projyear'],
      base: ['base'],
      projected: ['proj', 'projected'],
      change: ['change'],
      pct_change: ['percentchange'],
      annual_openings: ['avgannualopenings'],
      exits: ['exits'],
      transfers: ['transfers'],
    },
    yearColumns: false,
    units: { employment: 'jobs', openings: 'annual', pct_change: 'percent', rounding: 10 },
    notes: [
      'Projections Central long-term projections: figures rounded to the nearest ten by the publisher; openings are annual averages.',
    ],
  },
  {
    name: 'almis-projections',
    title: 'ALMIS LMI Database projections table (iioccprj field names)',
    signature: [['estoccprj'], ['projoccprj']],
    words: {
      area_fips: ['stfips'],
      area_type: ['areatype'],
      area_code: ['area'],
      area_name: ['areaname'],
      soc_code: ['matoccode', 'code', 'occcode'],
      title: ['codetitle', 'title'],
      level: ['codelevel'],
      base_year: ['estyear'],
      proj_year: ['projyear'],
      base: ['estoccprj'],
      projected: ['projoccprj'],
      change: ['nchg'],
      pct_change: ['pchg'],
      annual_openings: ['aopent', 'annualopenings'],
      growth_openings: ['aopeng'],
      replacement_openings: ['aopenr'],
      exits: ['annualexits'],
      transfers: ['annualtransfers'],
    },
    yearColumns: false,
    units: { employment: 'jobs', openings: 'annual' },
    notes: [
      'ALMIS LMI Database projections fields: estoccprj/projoccprj are base and projected employment; openings are the annual fields (aopent or annualopenings).',
    ],
  },
  {
    name: 'generic',
    title: 'a table with its columns found by their headers (or named in "columns")',
    signature: [],
    words: GENERIC_WORDS,
    patterns: GENERIC_PATTERNS,
    yearColumns: true,
    units: {},
    notes: [],
  },
];

/**
 * The layout by name, if it is one of these. A user's own Projections Central REST page
 * (detected as projections-central-longterm-json) is read as projections-central-rest-json, so
 * that its columns and units are reported like every other user file's.
 */
export function mappedLayout(name: string): MappedLayout | undefined {
  const wanted = name === 'projections-central-longterm-json' ? PC_REST_JSON : name;
  return MAPPED_LAYOUTS.find((l) => l.name === wanted);
}

/** The first publisher's layout whose signature the headers carry; generic otherwise. */
export function detectMappedLayout(compactHeaders: readonly string[]): MappedLayout {
  const set = new Set(compactHeaders);
  if (['stfips', 'occcode', 'projected', 'stateurl'].every((h) => set.has(h))) {
    return MAPPED_LAYOUTS.find((l) => l.name === PC_REST_JSON) as MappedLayout;
  }
  const hit = MAPPED_LAYOUTS.find(
    (l) => l.signature.length > 0 && l.signature.every((any) => any.some((h) => set.has(h))),
  );
  return hit ?? (MAPPED_LAYOUTS.find((l) => l.name === 'generic') as MappedLayout);
}
