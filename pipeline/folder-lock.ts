/**
 * One writer per output folder (or database file) at a time. Scheduled refreshes can overlap: the
 * second waits for the first, up to a timeout, and then gives up with a message saying who holds
 * the lock. The lock is a file created exclusively, holding the owner's process id; a lock whose
 * process is gone (killed with SIGKILL, say) is stale and taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { CliError, ExitCode } from './cli-error.ts';
import { messages } from './messages.ts';

export interface FolderLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock at `path`, waiting up to `waitSeconds` for another run to finish. Throws a
 * CliError (exit code `busy`) naming the holder when the wait runs out.
 */
export async function acquireLock(path: string, waitSeconds: number): Promise<FolderLock> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    if (tryCreate(path)) {
      return { release: () => rmSync(path, { force: true }) };
    }
    const pid = holder(path);
    if (pid !== null && pid !== process.pid && !alive(pid)) {
      // Stale: its run died without releasing. Remove it and try again at once.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new CliError(messages.lockBusy(path, pid, waitSeconds), ExitCode.busy);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
