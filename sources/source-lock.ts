/**
 * The source lock: what `clusterfit fetch` last accepted for each source (address, size, sha256,
 * time). A later fetch compares against it, so a publisher's silent re-release is noticed
 * instead of quietly changing the inputs of a run.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { messages } from '../kernel/messages.ts';

export const LOCK_FILE = 'clusterfit-sources.lock.json';

export interface LockEntry {
  url: string;
  /** Path under the data directory. */
  path: string;
  sha256: string;
  bytes: number;
  /** ISO time the file was downloaded and accepted. */
  fetched_at: string;
}

export interface SourceLock {
  version: 1;
  sources: Record<string, LockEntry>;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** The lock in the data directory, or an empty one when there is none yet. */
export function readLock(dataDir: string): SourceLock {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return { version: 1, sources: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(messages.lockInvalid(path, (error as Error).message), ExitCode.input);
  }
  const lock = parsed as Partial<SourceLock> | null;
  if (lock?.version !== 1 || typeof lock.sources !== 'object' || lock.sources === null) {
    throw new CliError(
      messages.lockInvalid(path, 'expected {"version": 1, "sources": {…}}'),
      ExitCode.input,
    );
  }
  return { version: 1, sources: lock.sources };
}

/** Writes the lock with sources in id order, to a temp name first so a crash never truncates it. */
export function writeLock(dataDir: string, lock: SourceLock): void {
  const sources: Record<string, LockEntry> = {};
  for (const id of Object.keys(lock.sources).sort()) {
    const entry = lock.sources[id];
    if (entry) sources[id] = entry;
  }
  const path = lockPath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ version: 1, sources }, null, 2)}\n`);
  renameSync(temp, path);
}
