/**
 * `clusterfit run --state XX`: run a state's Projections Central file as fetched by
 * `clusterfit fetch --state XX`. Projections Central publishes no wages and no education, so
 * they are filled from the national OEWS wages and BLS education assignments when those files
 * are in the data directory and the config names no others.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findSource } from '../sources/catalog.ts';
import { forState, parseState } from '../sources/projections-central/states.ts';
import { CliError, ExitCode } from './cli-error.ts';
import type { Config } from './config.ts';
import { resolveOptionalInput } from './data-dir.ts';
import { messages } from './messages.ts';

export const STATE_SOURCE = 'pc-longterm-state';
/** What fills the values Projections Central lacks, when present. */
export const STATE_ATTRIBUTES = { wages: 'oews-may2025-national', education: 'bls-ep-2024-2034' };

/**
 * Points the config at the state's fetched file and area, and at the attribute sources; says
 * how to fetch when the file is missing. Returns what to tell the analyst.
 */
export function applyStateRun(
  config: Config,
  value: string,
  dataDir: string,
): { notes: string[]; warnings: string[] } {
  const state = parseState(value);
  const entry = findSource(STATE_SOURCE);
  if (!entry) throw new Error(`The catalog has no ${STATE_SOURCE} entry`);
  const path = forState(entry.path, state);
  if (!existsSync(resolve(dataDir, path))) {
    throw new CliError(messages.stateFileMissing(state.postal, path, dataDir), ExitCode.input);
  }
  config.projections = STATE_SOURCE;
  config.derive = null;
  config.inputs = { ...config.inputs, [STATE_SOURCE]: path };
  config.areas = [state.postal];
  const notes = [messages.stateRunFile(state.postal, path)];
  const warnings: string[] = [];
  for (const key of ['wages', 'education'] as const) {
    if (config.attributes[key] !== null) continue;
    const id = STATE_ATTRIBUTES[key];
    if (resolveOptionalInput(id, config, dataDir)) {
      config.attributes[key] = id;
      notes.push(messages.stateRunAttribute(key, id));
    } else {
      warnings.push(messages.stateRunAttributeMissing(key, id));
    }
  }
  return { notes, warnings };
}
