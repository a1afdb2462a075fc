/**
 * Outputs are written into a staging folder inside the output folder and renamed into place only
 * when every file is complete, so a failed or interrupted run leaves the previous results as they
 * were. Staging lives inside the output folder so each rename stays on one file system.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

  /** The staging path for an output file; the name is remembered for commit(). */
  path(name: string): string {
    this.written.add(name);
    return join(this.staging, name);
  }

  /** Moves every staged file into the output folder, then removes the staging folder. */
  commit(): string[] {
    const names = [...this.written].sort();
    for (const name of names) {
      const from = join(this.staging, name);
      if (existsSync(from)) renameSync(from, join(this.dir, name));
    }
    rmSync(this.staging, { recursive: true, force: true });
    return names;
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
