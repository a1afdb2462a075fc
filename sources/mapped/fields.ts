/**
 * The fields a projections table can carry, and the words publishers and analysts head them
 * with. A header is compared by its compact form (lower case, letters and digits only), so
 * "Avg. Annual Openings", "avgannualopenings" and "AVG_ANNUAL_OPENINGS" are one header.
 */
import type { Field } from '../../kernel/config-types.ts';
import { normalizeHeader } from '../tabular/table.ts';

/** A header reduced for matching: "Avg. Annual Openings [2]" → "avgannualopenings". */
export function compactHeader(header: string): string {
  return normalizeHeader(header).replace(/[^a-z0-9]/g, '');
}

/** "employmentchange20242034" → "employmentchange": BLS and analysts date their headers. */
export function withoutYears(compact: string): string {
  return compact.replace(/(?:19|20)\d{2}/g, '');
}

/** Whether a compact header is one of the words, with or without the years it carries. */
export function headerIs(compact: string, words: readonly string[]): boolean {
  return words.includes(compact) || words.includes(withoutYears(compact));
}

/**
 * The words analysts' own tables use, for the generic layout. Publishers' layouts (layouts.ts)
 * name their exact fields instead. A field whose words match two columns is a question for the
 * user (config "columns"), never a guess.
 */
export const GENERIC_WORDS: Readonly<Record<Field, readonly string[]>> = {
  area_fips: ['stfips', 'statefips', 'fips', 'statefipscode'],
  area_code: ['areacode', 'areaid'],
  area_name: ['areaname', 'area', 'areatitle', 'state', 'statename', 'region', 'geography'],
  area_type: ['areatype', 'areatypename'],
  period: ['period', 'projectionperiod', 'projectionsperiod'],
  soc_code: [
    'soc',
    'soccode',
    'occcode',
    'occupationcode',
    'occupationalcode',
    'matoccode',
    'code',
    'socid',
    'soc2018',
    'soc2010',
    'soc2018code',
    'soc2010code',
  ],
  title: [
    'title',
    'name',
    'codetitle',
    'occupation',
    'occupationtitle',
    'occupationname',
    'soctitle',
    'occtitle',
    'occupationaltitle',
    'socname',
    'occupationdescription',
  ],
  level: ['level', 'soclevel', 'codelevel', 'occupationlevel', 'occupationtype', 'summarylevel'],
  base_year: ['baseyear', 'estyear', 'estimateyear'],
  proj_year: ['projyear', 'projectedyear', 'projectionyear', 'targetyear'],
  base: [
    'base',
    'estoccprj',
    'baseemployment',
    'baseyearemployment',
    'baseyearemploymentestimate',
    'estimatedemployment',
    'currentemployment',
    'employmentbase',
    'baseemp',
  ],
  projected: [
    'proj',
    'projected',
    'projection',
    'projoccprj',
    'projectedemployment',
    'projectedyearemployment',
    'projectedyearemploymentestimate',
    'employmentprojected',
    'projemp',
  ],
  change: [
    'change',
    'nchg',
    'numericchange',
    'employmentchange',
    'numberchange',
    'changenumber',
    'changenumeric',
    'netchange',
    'numericemploymentchange',
    'employmentchangenumeric',
    'totalchange',
    'changetotal',
  ],
  pct_change: [
    'percentchange',
    'pchg',
    'pctchange',
    'percent',
    'changepercent',
    'percentgrowth',
    'growthrate',
    'employmentpercentchange',
    'changepct',
    'pctchg',
  ],
  annual_openings: [
    'avgannualopenings',
    'averageannualopenings',
    'annualopenings',
    'annualaverageopenings',
    'totalannualopenings',
    'annualavgopenings',
    'aopent',
    'annualjobopenings',
    'averageannualjobopenings',
    'occupationalopeningsannualaverage',
  ],
  total_openings: ['openings', 'totalopenings', 'totaljobopenings', 'jobopenings'],
  exits: ['exits', 'laborforceexits', 'annualexits', 'averageannualexits'],
  transfers: ['transfers', 'occupationaltransfers', 'annualtransfers', 'averageannualtransfers'],
  growth_openings: ['aopeng', 'growthopenings', 'annualgrowthopenings', 'growthannualopenings'],
  replacement_openings: [
    'aopenr',
    'replacementopenings',
    'annualreplacementopenings',
    'replacementannualopenings',
  ],
  median_annual_wage: ['medianannualwage', 'annualmedianwage', 'medianwage', 'amedian'],
  median_hourly_wage: ['medianhourlywage', 'hourlymedianwage', 'hmedian'],
  education: [
    'typicaleducation',
    'education',
    'typicalentryleveleducation',
    'entryleveleducation',
    'educationlevel',
    'typicaleducationneededforentry',
  ],
  work_experience: ['workexperience', 'workexperienceinarelatedoccupation', 'experience'],
  ojt: ['ojt', 'typicalonthejobtraining', 'onthejobtraining', 'training'],
};

/**
 * For the generic layout, the ways analysts' headers name a field when no exact word matched:
 * tests over the normalized header (lower case, single spaces). A field two columns pass is a
 * question for the user, as with the words.
 */
export const GENERIC_PATTERNS: Readonly<Partial<Record<Field, (h: string) => boolean>>> = {
  soc_code: (h) => /\bsoc\b|occ(upation(al)?)? ?code/.test(h) && !/title|name/.test(h),
  title: (h) => /title|occupation name|occupation description/.test(h) && !/code/.test(h),
  base: (h) =>
    /employ/.test(h) && /\bbase\b|estimat|current/.test(h) && !/change|percent|%/.test(h),
  projected: (h) => /employ/.test(h) && /project/.test(h) && !/change|percent|%|year$/.test(h),
  change: (h) =>
    /change/.test(h) &&
    /numer|number|net|employment|jobs|\bn\b/.test(h) &&
    !/percent|%|pct/.test(h),
  pct_change: (h) => /(percent|pct|%)/.test(h) && /change|growth/.test(h),
  annual_openings: (h) =>
    /opening/.test(h) &&
    /annual|average|avg|yearly|per year/.test(h) &&
    !/growth|replacement|exit|transfer|change/.test(h),
  total_openings: (h) =>
    /opening/.test(h) &&
    !/annual|average|avg|yearly|per year|growth|replacement|exit|transfer|change/.test(h),
  exits: (h) => /exit/.test(h) && !/rate|percent|%/.test(h),
  transfers: (h) => /transfer/.test(h) && !/rate|percent|%/.test(h),
  median_annual_wage: (h) => /median/.test(h) && /wage|salary|earning/.test(h) && !/hour/.test(h),
  median_hourly_wage: (h) => /median/.test(h) && /wage|earning/.test(h) && /hour/.test(h),
  education: (h) => /education/.test(h) && !/code/.test(h),
  work_experience: (h) => /experience/.test(h) && !/code/.test(h),
  ojt: (h) => /on.the.job|\bojt\b/.test(h) && !/code/.test(h),
};

/**
 * Headers that carry a year and name employment ("Employment 2022", "2022 Estimated Employment",
 * "Projected Employment 2032"): the earlier year is the base, the later the projection.
 * Changes, percents, openings and wages that name their years are not employment.
 */
export function employmentYear(header: string): number | undefined {
  const h = normalizeHeader(header);
  if (!/employ|estimate|projected|jobs/.test(h)) return undefined;
  if (/change|percent|%|opening|wage|exit|transfer|growth|replacement/.test(h)) return undefined;
  const years = [...h.matchAll(/(?:^|\D)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1]));
  return years.length === 1 ? years[0] : undefined;
}
