/**
 * The states Projections Central serves, by postal code and FIPS. `--state` accepts either
 * spelling ("NV", "nv", "32", "032"); the publisher's service wants the FIPS code without a
 * leading zero (6 for California), and files are named by postal code.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { POSTAL } from '../state-fips.ts';

export interface StateCode {
  /** USPS code: "NV". */
  postal: string;
  /** Two-digit FIPS: "32", "06". */
  fips: string;
}

/**
 * Every state and territory, in FIPS order: two digits each, compared as text without
 * localeCompare, whose first call in a process loads ICU's collation data (7-17 ms) at start-up.
 */
export const STATES: readonly StateCode[] = Object.entries(POSTAL)
  .map(([fips, postal]) => ({ postal, fips }))
  .sort((a, b) => (a.fips < b.fips ? -1 : a.fips > b.fips ? 1 : 0));

/**
 * The state a `--state` value names. The nation ("US", FIPS 0) is refused: a national figure
 * saved as a state's would be a real measurement of the wrong population.
 */
export function parseState(value: string): StateCode {
  const text = value.trim().toUpperCase();
  if (text === 'US' || /^0+$/.test(text)) {
    throw new CliError(messages.stateIsNation(value), ExitCode.usage);
  }
  const found = /^\d{1,3}$/.test(text)
    ? STATES.find((s) => Number(s.fips) === Number(text))
    : STATES.find((s) => s.postal === text);
  if (!found) {
    throw new CliError(
      messages.unknownState(
        value,
        STATES.map((s) => `${s.postal} ${Number(s.fips)}`),
      ),
      ExitCode.usage,
    );
  }
  return found;
}

/**
 * What `--state all` fetches: the 54 areas Projections Central's all-states answer carried in
 * 2026 (the states, DC, Guam, Puerto Rico and the Virgin Islands; not American Samoa or the
 * Northern Mariana Islands).
 */
export const SERVED_STATES: readonly StateCode[] = STATES.filter(
  (s) => s.postal !== 'AS' && s.postal !== 'MP',
);

/** `--state` values as states, once each, in the order given; "all" is every state served. */
export function parseStates(values: readonly string[]): StateCode[] {
  if (values.some((v) => v.trim().toLowerCase() === 'all')) return [...SERVED_STATES];
  const seen = new Map<string, StateCode>();
  for (const v of values) {
    const s = parseState(v);
    seen.set(s.postal, s);
  }
  return [...seen.values()];
}

/** A per-state catalog template filled in: `{state}` → "NV", `{fips}` → "32" (CA: "6", no leading zero). */
export function forState(template: string, state: StateCode): string {
  return template
    .replaceAll('{state}', state.postal)
    .replaceAll('{fips}', String(Number(state.fips)));
}
