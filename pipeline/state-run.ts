/**
 * `clusterfit run --state XX`: run a state's Projections Central file as fetched by
 * `clusterfit fetch --state XX`. Projections Central publishes no wages and no education: the
 * run fills them as for any state file (attribute-defaults.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import type { Config } from '../kernel/config-types.ts';
import { messages } from '../kernel/messages.ts';
import { findSource } from '../sources/catalog.ts';
import { forState, parseState } from '../sources/projections-central/states.ts';

export const STATE_SOURCE = 'pc-longterm-state';

/**
 * Points the config at the state's fetched file and area; says how to fetch when the file is
 * missing. Returns what to tell the analyst.
 */
export function applyStateRun(config: Config, value: string, dataDir: string): string {
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
  return messages.stateRunFile(state.postal, path);
}
