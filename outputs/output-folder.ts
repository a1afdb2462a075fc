/**
 * Outputs are written into a staging folder inside the output folder and renamed into place only
 * when every file is complete, so a failed or interrupted run leaves the previous results as they
 * were. Staging lives inside the output folder so each rename stays on one file system.
 *
 * Names may hold one or more folders ("charts/scores-CA-legacy16.svg"). A top-level folder is
 * replaced as a whole on commit, so a chart the previous run wrote and this run does not (a
 * framework dropped from the config, say) does not linger beside the new ones.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { publishMessages } from '../pipeline/messages.ts';

export class OutputFolder {
  readonly dir: string;
  readonly staging: string;
  private readonly written = new Set<string>();

  private constructor(dir: string, staging: string) {
    this.dir = dir;
    this.staging = staging;
  }

  static prepare(dir: string): OutputFolder {
    const abs = resolve(dir);
    mkdirSync(abs, { recursive: true });
    return new OutputFolder(abs, mkdtempSync(join(abs, '.staging-')));
  }

  /**
   * The staging path for an output file; the name is remembered for commit(). Folders in the
   * name are created in staging, so writers can write straight to the path.
   */
  path(name: string): string {
    const clean = normalize(name).split(sep).join('/');
    if (isAbsolute(clean) || clean.startsWith('../') || clean === '..') {
      throw new Error(publishMessages.outputNameOutsideFolder(name));
    }
    this.written.add(clean);
    const staged = join(this.staging, clean);
    if (clean.includes('/')) mkdirSync(dirname(staged), { recursive: true });
    return staged;
  }

  /** Every name registered so far, sorted (files and files inside folders alike). */
  files(): string[] {
    return [...this.written].sort();
  }

  /**
   * Moves every staged file into the output folder, then removes the staging folder. Top-level
   * files are renamed one by one; each top-level folder is swapped in whole: the old one is moved
   * aside first and deleted only after the new one is in place.
   */
  commit(): string[] {
    const names = this.files();
    const folders = new Set<string>();
    for (const name of names) {
      const slash = name.indexOf('/');
      if (slash >= 0) {
        folders.add(name.slice(0, slash));
        continue;
      }
      const from = join(this.staging, name);
      if (existsSync(from)) renameSync(from, join(this.dir, name));
    }
    for (const folder of [...folders].sort()) {
      const from = join(this.staging, folder);
      const to = join(this.dir, folder);
      const old = join(this.staging, `.previous-${folder}`);
      if (existsSync(to)) renameSync(to, old);
      renameSync(from, to);
    }
    rmSync(this.staging, { recursive: true, force: true });
    return names;
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Writes small text files into `dir` all at once: every file lands, or none does. */
export function publishTextFiles(dir: string, files: Record<string, string>): void {
  const folder = OutputFolder.prepare(dir);
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(folder.path(name), text);
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
}
