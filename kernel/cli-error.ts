/**
 * Exit codes a shell script or scheduler can act on. They are documented in the README; keep the
 * two in step.
 */
export const ExitCode = {
  ok: 0,
  /** Something unexpected failed inside the pipeline. */
  internal: 1,
  /** The command line or the config file is wrong. */
  usage: 2,
  /** An input file is missing or cannot be trusted. */
  input: 3,
  /** Another run holds the output folder (or database) and did not finish in time. */
  busy: 4,
  /** The machine refused a write: disk full, read-only folder, no permission. */
  system: 5,
  /** `refresh`: an input or the config changed, and the new results were published. */
  changed: 10,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error meant for the person at the terminal: its message is the whole explanation. A data
 * error may also carry its place, so `validate --format json` can report file, row and column as
 * fields rather than only inside the sentence.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly place: SourcePlace | undefined;

  constructor(message: string, exitCode: ExitCode, place?: SourcePlace) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.place = place;
  }
}

/** A place in an input file, named in every data error so the analyst can open the file there. */
export interface SourcePlace {
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
  value?: unknown;
}
