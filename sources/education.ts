/**
 * BLS typical entry-level education categories (Employment Projections, "Education and training
 * assignments"), in order. A "postsecondary award" is a certificate, associate's degree or higher;
 * "Some college, no degree" is not an award.
 */
export const EDUCATION_LEVELS: readonly { education: string; postsecondary_award: boolean }[] = [
  { education: 'No formal educational credential', postsecondary_award: false },
  { education: 'High school diploma or equivalent', postsecondary_award: false },
  { education: 'Some college, no degree', postsecondary_award: false },
  { education: 'Postsecondary nondegree award', postsecondary_award: true },
  { education: "Associate's degree", postsecondary_award: true },
  { education: "Bachelor's degree", postsecondary_award: true },
  { education: "Master's degree", postsecondary_award: true },
  { education: 'Doctoral or professional degree', postsecondary_award: true },
];

/**
 * The key education text is matched on: letters only, lower case. Publishers spell the same BLS
 * category differently (California EDD writes "Postsecondary non-degree award").
 */
export function educationKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}
