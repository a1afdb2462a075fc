/**
 * Projection years as publishers state them: in column headers ("Employment, 2019",
 * "Employment_2026") or as a period cell ("2020-2030"). A reader never guesses them.
 */
import { CliError, ExitCode, type SourcePlace } from '../kernel/cli-error.ts';
import { messages } from '../kernel/messages.ts';
import type { ResolvedColumn } from './tabular/columns.ts';

export interface ProjectionYears {
  base_year: number;
  proj_year: number;
}

/** Years from the first capture group of the base and projected employment columns. */
export function yearsFromHeaders(
  file: string,
  base: ResolvedColumn | undefined,
  projected: ResolvedColumn | undefined,
): ProjectionYears {
  const baseYear = Number(base?.captures[0]);
  const projYear = Number(projected?.captures[0]);
  if (!validYears(baseYear, projYear)) {
    throw new CliError(
      messages.yearsNotFound(file, [base?.header ?? '', projected?.header ?? '']),
      ExitCode.input,
    );
  }
  return { base_year: baseYear, proj_year: projYear };
}

const PERIOD = /^(\d{4})\s*[-–]\s*(\d{4})$/;

/** "2020-2030" → 2020, 2030; anything else is an error at the given place. */
export function parsePeriod(text: string, at: SourcePlace): ProjectionYears {
  const m = PERIOD.exec(text.trim());
  const baseYear = Number(m?.[1]);
  const projYear = Number(m?.[2]);
  if (!m || !validYears(baseYear, projYear)) {
    throw new CliError(messages.badPeriod(at), ExitCode.input);
  }
  return { base_year: baseYear, proj_year: projYear };
}

function validYears(base: number, proj: number): boolean {
  return (
    Number.isInteger(base) && Number.isInteger(proj) && base >= 1900 && proj > base && proj < 2200
  );
}
