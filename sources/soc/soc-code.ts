/**
 * SOC codes as the publishers write them: "29-1141", O*NET's "29-1141.00", New York's
 * "' 29-1141". All become the 7-character SOC form.
 */
const SOC = /^(\d{2}-\d{4})(\.\d{2})?$/;

export function parseSocCode(text: string): string | undefined {
  const s = text.replace(/^['\s]+/, '').trim();
  const m = SOC.exec(s);
  return m ? m[1] : undefined;
}

/**
 * SOC as an RE2 pattern for a cell with nothing around the code, for SQL: a cell matching it
 * whole is one parseSocCode reads as its first seven characters.
 */
export const PLAIN_SOC_CODE = '[0-9]{2}-[0-9]{4}(\\.[0-9]{2})?';

export type SocLevel = 'total' | 'major' | 'minor' | 'broad' | 'detailed';

/** The level a code's digits imply (the publisher's own level, where given, wins). */
export function socLevelOf(code: string): SocLevel {
  if (code === '00-0000') return 'total';
  if (code.endsWith('-0000')) return 'major';
  if (code.endsWith('00')) return 'minor';
  if (code.endsWith('0')) return 'broad';
  return 'detailed';
}
