/**
 * One writer per output folder (or database file) at a time. Scheduled refreshes can overlap: the
 * second waits for the first, up to a timeout, and then gives up with a message saying who holds
 * the lock.
 *
 * The lock is a file holding the owner's process id. It appears whole or not at all: the id is
 * written to a private file first, which is then hard-linked to the lock's name (link fails if
 * the name exists), so a lock file is never seen half written by a live run. A lock whose
 * process is gone (killed with SIGKILL, say), or that names no live process at all (empty, pid 0:
 * a run of an older version killed between creating and writing it), is stale and taken over.
 *
 * Taking over has no window in which two runs both win. Several waiters may find the same stale
 * lock; to replace it, a waiter must first create a marker named after that lock file's inode
 * (`<lock>.takeover.<ino>`), which only one can; holding the marker, it checks the lock is still
 * that same stale file and renames its own complete lock file over it. Nothing else can change
 * the lock meanwhile: its dead holder will not release it, nobody can create it while it exists,
 * and any other take-over of it needs the marker. A marker whose maker died is itself taken over
 * the same way.
 */
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { messages } from '../kernel/messages.ts';

export interface FolderLock {
  release(): void;
}

/** Markers on markers: a take-over whose takers keep dying gives up as busy rather than recurse. */
const MAX_DEPTH = 3;

function alive(pid: number): boolean {
  // process.kill(0) would signal our own process group: pid 0 names no holder.
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A complete lock file of this process beside `path`, under a name no one else uses. */
function privateLockFile(path: string): string {
  const file = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return file;
}

/** The lock file's process id, or null when it names none (empty, unreadable, not a number). */
function holder(path: string): number | null {
  try {
    const text = readFileSync(path, 'utf8');
    const pid = Number.parseInt(text, 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The lock file's inode, or null when it is gone. */
function inode(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/** What stands at `path`: nothing, a live holder (another run), or a stale lock (its inode). */
type State =
  | { kind: 'free' }
  | { kind: 'held'; pid: number | null }
  | { kind: 'stale'; ino: number };

function state(path: string): State {
  const ino = inode(path);
  if (ino === null) return { kind: 'free' };
  const pid = holder(path);
  if (pid === process.pid || (pid !== null && alive(pid))) return { kind: 'held', pid };
  // Read again: the file must not have been replaced while it was read.
  return inode(path) === ino ? { kind: 'stale', ino } : { kind: 'held', pid };
}

/**
 * Makes `path` this process's lock if it is free or stale; false when another run holds it.
 * `mine` is a complete lock file of this process, consumed on success.
 */
function take(path: string, mine: string, depth: number): boolean {
  try {
    linkSync(mine, path);
    rmSync(mine, { force: true });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const found = state(path);
  if (found.kind === 'free') return take(path, mine, depth);
  if (found.kind === 'held' || depth >= MAX_DEPTH) return false;
  const marker = `${path}.takeover.${found.ino}`;
  const markerFile = privateLockFile(marker);
  if (!take(marker, markerFile, depth + 1)) {
    rmSync(markerFile, { force: true });
    return false;
  }
  try {
    // Holding the marker: replace the lock only if it is still the stale file found above.
    const now = state(path);
    if (now.kind === 'stale' && now.ino === found.ino) {
      renameSync(mine, path);
      return true;
    }
    return now.kind === 'free' ? take(path, mine, depth) : false;
  } finally {
    rmSync(marker, { force: true });
  }
}

/**
 * Takes the lock at `path`, waiting up to `waitSeconds` for another run to finish. Throws a
 * CliError (exit code `busy`) naming the holder when the wait runs out.
 */
export async function acquireLock(path: string, waitSeconds: number): Promise<FolderLock> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const mine = privateLockFile(path);
    let won = false;
    try {
      won = take(path, mine, 0);
    } finally {
      if (!won) rmSync(mine, { force: true });
    }
    if (won) return { release: () => rmSync(path, { force: true }) };
    if (Date.now() >= deadline) {
      throw new CliError(messages.lockBusy(path, holder(path), waitSeconds), ExitCode.busy);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
