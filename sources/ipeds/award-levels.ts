/**
 * IPEDS award levels (AWLEVEL) grouped as analysts speak of them, each matched to the BLS typical
 * entry-education category whose occupations' openings it is set beside. Codes and labels are
 * NCES's for 2022–23 and 2023–24 (C2024_A dictionary, variable AWLEVEL; PROVENANCE §9):
 *
 *   20 certificate under 12 weeks · 21 certificate 12 weeks to under 1 year → short certificate
 *    1 certificate under 1 year (the code before 20/21 split it, kept for older files)
 *    2 certificate 1 to under 2 years · 4 certificate 2 to under 4 years → certificate
 *    3 associate's · 5 bachelor's
 *    6 post-baccalaureate certificate · 7 master's · 8 post-master's certificate ·
 *   17/18/19 doctor's (research/scholarship, professional practice, other) → graduate
 *
 * Both certificate groups answer the same BLS category, "Postsecondary nondegree award": their
 * openings are the same occupations', so the gap metric joins them (see mart_supply_gap).
 */
export const AWARD_LEVELS = [
  {
    award_level: 'short_certificate',
    title: 'Short certificate (under one year)',
    codes: [1, 20, 21],
    education: 'Postsecondary nondegree award',
  },
  {
    award_level: 'certificate',
    title: 'Certificate (one to four years)',
    codes: [2, 4],
    education: 'Postsecondary nondegree award',
  },
  {
    award_level: 'associate',
    title: "Associate's degree",
    codes: [3],
    education: "Associate's degree",
  },
  {
    award_level: 'bachelor',
    title: "Bachelor's degree",
    codes: [5],
    education: "Bachelor's degree",
  },
  {
    award_level: 'graduate',
    title: 'Graduate (post-baccalaureate to doctor’s)',
    codes: [6, 7, 8, 17, 18, 19],
    education: "Master's degree; Doctoral or professional degree",
  },
] as const;

export type AwardLevel = (typeof AWARD_LEVELS)[number]['award_level'];

/** The group of an AWLEVEL code, or undefined for a code no group holds. */
export function awardLevelOf(code: number): AwardLevel | undefined {
  return AWARD_LEVELS.find((l) => (l.codes as readonly number[]).includes(code))?.award_level;
}

/** Rows of ref_award_levels: one per BLS education category an award level is set beside. */
export function awardLevelEducationRows(): {
  award_level: string;
  title: string;
  education: string;
}[] {
  return AWARD_LEVELS.flatMap((l) =>
    l.education
      .split('; ')
      .map((education) => ({ award_level: l.award_level, title: l.title, education })),
  );
}
