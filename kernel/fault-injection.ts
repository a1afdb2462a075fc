/**
 * Fault injection for the fault-tolerance tests, driven by the CLUSTERFIT_FAULT environment
 * variable so the faults happen inside a real clusterfit process, at the exact step under test:
 *
 *   write:<name>:<errno>   opening output <name> for writing fails with that errno (ENOSPC: the
 *                          disk is full)
 *   commit:<n>:kill        the process SIGKILLs itself after <n> renames of the commit
 *   commit:<n>:<errno>     the <n>th rename of the commit fails with that errno
 *
 * Unset (always, outside tests) it does nothing.
 */
const spec = (process.env.CLUSTERFIT_FAULT ?? '').split(':');

function systemError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: injected fault, ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

/** Called before an output file is handed to its writer. */
export function faultOnWrite(name: string, path: string): void {
  if (spec[0] === 'write' && spec[1] === name) throw systemError(spec[2] ?? 'EIO', 'open', path);
}

/** Called before each rename of a commit, counting from 1. */
export function faultOnCommit(step: number, path: string): void {
  if (spec[0] !== 'commit' || Number(spec[1]) !== step) return;
  if (spec[2] === 'kill') process.kill(process.pid, 'SIGKILL');
  throw systemError(spec[2] ?? 'EIO', 'rename', path);
}

/** Whether the run's worker thread should die at start (`worker:die`): its work is then done here. */
export function faultOnWorkerStart(): boolean {
  return spec[0] === 'worker' && spec[1] === 'die';
}
