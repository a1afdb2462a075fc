/**
 * A state's own projections file (Projections Central, ALMIS, or any table an analyst brings)
 * usually carries no wages or typical education. When the config names no source for them, the
 * national OEWS wages and BLS education assignments fill them, if those files are in the data
 * directory; every filled value is marked with its source downstream.
 */
import type { Config } from '../kernel/config-types.ts';
import { messages } from '../kernel/messages.ts';
import { resolveOptionalInput } from './data-dir.ts';

/** What fills the values a state's file lacks, when present. */
export const ATTRIBUTE_DEFAULTS = {
  wages: 'oews-may2025-national',
  education: 'bls-ep-2024-2034',
} as const;

/** Sets the unset `attributes` to the national defaults; returns what to tell the analyst. */
export function fillAttributeDefaults(
  config: Config,
  dataDir: string,
): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  const warnings: string[] = [];
  for (const key of ['wages', 'education'] as const) {
    if (config.attributes[key] !== null) continue;
    const id = ATTRIBUTE_DEFAULTS[key];
    if (resolveOptionalInput(id, config, dataDir)) {
      config.attributes[key] = id;
      notes.push(messages.attributeDefaulted(`attributes.${key}`, id));
    } else {
      warnings.push(messages.attributeDefaultMissing(key, id));
    }
  }
  return { notes, warnings };
}
