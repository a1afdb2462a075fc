/**
 * Outputs are written into a staging folder inside the output folder and renamed into place only
 * when every file is complete, so a failed or interrupted run leaves the previous results as they
 * were. Staging lives inside the output folder so each rename stays on one file system.
 *
 * Names may hold one or more folders ("charts/scores-CA-legacy16.svg"). A top-level folder is
 * replaced as a whole on commit, so a chart the previous run wrote and this run does not (a
 * framework dropped from the config, say) does not linger beside the new ones. Entries the
 * previous run published that this one does not (results.xlsx after a run with `formats:
 * ["csv"]`) are removed by the same commit, so no file is left looking current. A commit is undone
 * whole if it fails, or after a crash by recover().
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { faultOnCommit, faultOnWrite } from './fault-injection.ts';
import { publishMessages } from './messages.ts';

const STAGING_PREFIX = '.staging-';
const JOURNAL_PREFIX = '.commit-';
/** Inside staging: where commit() keeps the entries it replaced until it has finished. */
const PREVIOUS = '.previous';

/**
 * Undoes a commit from its journal: every entry the commit replaced goes back, every entry it
 * added goes away. Steps the commit never reached are left alone.
 */
function rollBack(dir: string, journal: string): void {
  const { staging, entries } = JSON.parse(readFileSync(journal, 'utf8')) as {
    staging: string;
    entries: { name: string; hadOld: boolean }[];
  };
  for (const { name, hadOld } of entries) {
    const target = join(dir, name);
    const aside = join(dir, staging, PREVIOUS, name);
    const staged = join(dir, staging, name);
    if (existsSync(aside)) {
      rmSync(target, { recursive: true, force: true });
      renameSync(aside, target);
    } else if (!hadOld && !existsSync(staged)) {
      // Added by this commit (it had no old entry and its staged copy was moved in).
      rmSync(target, { recursive: true, force: true });
    }
  }
  rmSync(journal, { force: true });
  rmSync(join(dir, staging), { recursive: true, force: true });
}

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
    return new OutputFolder(abs, mkdtempSync(join(abs, STAGING_PREFIX)));
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
    faultOnWrite(clean, staged);
    if (clean.includes('/')) mkdirSync(dirname(staged), { recursive: true });
    return staged;
  }

  /** Every name registered so far, sorted (files and files inside folders alike). */
  files(): string[] {
    return [...this.written].sort();
  }

  /**
   * Moves every staged top-level entry (file or folder) into the output folder: the old entry is
   * first moved aside into staging, then the new one renamed in. `retire` names what the
   * previous run published (files under folders too): the top-level entries among them this
   * commit does not replace are moved aside as well and so removed. A journal written before the
   * first rename lets recover() undo a commit a crash cut short; an error here undoes it at once.
   * Either way the folder ends with all the new outputs or all the old ones.
   */
  commit(retire: readonly string[] = []): string[] {
    const names = this.files();
    const top = (n: string) => n.split('/')[0] as string;
    const staged = new Set(names.map(top));
    // Plain names only: `retire` comes from the previous manifest, a file anyone could edit.
    const retired = new Set(
      retire
        .map(top)
        .filter(
          (n) => /^[^./\\][^/\\]*$/.test(n) && !staged.has(n) && existsSync(join(this.dir, n)),
        ),
    );
    const entries = [...staged, ...retired].sort();
    const journal = join(this.dir, `${JOURNAL_PREFIX}${basename(this.staging)}.json`);
    const body = JSON.stringify({
      staging: basename(this.staging),
      entries: entries.map((name) => ({ name, hadOld: existsSync(join(this.dir, name)) })),
    });
    writeFileSync(`${journal}.tmp`, body);
    renameSync(`${journal}.tmp`, journal);
    try {
      mkdirSync(join(this.staging, PREVIOUS), { recursive: true });
      let step = 0;
      for (const name of entries) {
        const from = join(this.staging, name);
        const retiring = retired.has(name);
        if (!retiring && !existsSync(from)) continue;
        const to = join(this.dir, name);
        faultOnCommit(++step, to);
        if (existsSync(to)) renameSync(to, join(this.staging, PREVIOUS, name));
        if (!retiring) renameSync(from, to);
      }
    } catch (error) {
      rollBack(this.dir, journal);
      throw error;
    }
    rmSync(journal, { force: true });
    rmSync(this.staging, { recursive: true, force: true });
    return names;
  }

  /**
   * Puts an output folder back in order after a run that died (SIGKILL, power loss): a commit it
   * left half done is undone from its journal, and staging folders it left are removed. Only for
   * a caller holding the folder's lock, since a live run's staging folder looks the same.
   */
  static recover(dir: string): string[] {
    const abs = resolve(dir);
    if (!existsSync(abs)) return [];
    const done: string[] = [];
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith(JOURNAL_PREFIX) && name.endsWith('.json')) {
        rollBack(abs, join(abs, name));
        done.push(name);
      }
    }
    for (const name of readdirSync(abs)) {
      if (name.startsWith(STAGING_PREFIX) || name.startsWith(JOURNAL_PREFIX)) {
        rmSync(join(abs, name), { recursive: true, force: true });
        done.push(name);
      }
    }
    return done;
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * Writes files into `dir` through a staging folder, all or none: each is its text, or a writer
 * given the file's staging path (a CSV DuckDB writes).
 */
export async function publishFiles(
  dir: string,
  files: Record<string, string | ((path: string) => Promise<void>)>,
): Promise<void> {
  const folder = OutputFolder.prepare(dir);
  try {
    for (const [name, file] of Object.entries(files)) {
      if (typeof file === 'string') writeFileSync(folder.path(name), file);
      else await file(folder.path(name));
    }
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
}
