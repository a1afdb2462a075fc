/**
 * Locks recover: an empty lock file, one naming pid 0 or a dead process is taken over at once; a
 * live holder is waited for and named. Taking over has no window in which two runs both win:
 * eight processes started together on one stale lock each enter it three times, each time
 * leaving it stale as a killed run would, so every entry is a race to take it over; they record
 * entering and leaving, and no two are ever inside at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../kernel/cli-error.ts';
import { acquireLock } from '../../pipeline/folder-lock.ts';
import { REPO_ROOT, tempDir } from '../helpers.ts';

/** A process id that is certainly dead: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid as number;
}

describe('a lock no live run holds is taken over', () => {
  for (const [name, content] of [
    ['an empty lock file', ''],
    ['a lock naming pid 0', '0\n'],
    ['a lock of garbage', 'not a pid\n'],
  ] as const) {
    it(name, async () => {
      const path = join(tempDir(), '.clusterfit.lock');
      writeFileSync(path, content);
      const lock = await acquireLock(path, 0);
      expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
      lock.release();
      expect(existsSync(path)).toBe(false);
    });
  }

  it('a dead holder’s lock, leaving no marker or private file behind', async () => {
    const dir = tempDir();
    const path = join(dir, '.clusterfit.lock');
    writeFileSync(path, `${await deadPid()}\n`);
    const lock = await acquireLock(path, 0);
    expect(readdirSync(dir)).toEqual(['.clusterfit.lock']);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a live holder is waited for, then named (exit 4)', async () => {
    const path = join(tempDir(), '.clusterfit.lock');
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(path, `${holder.pid}\n`);
      const error = await acquireLock(path, 0).then(
        () => null,
        (e: unknown) => e as { exitCode: number; message: string },
      );
      expect(error?.exitCode).toBe(ExitCode.busy);
      expect(error?.message).toContain(`(process ${holder.pid})`);
      expect(readFileSync(path, 'utf8')).toBe(`${holder.pid}\n`);
    } finally {
      holder.kill();
    }
  });
});

describe('the take-over marker', () => {
  it('while another live run is taking a stale lock over, this one waits', async () => {
    const path = join(tempDir(), '.clusterfit.lock');
    writeFileSync(path, `${await deadPid()}\n`);
    const marker = `${path}.takeover.${statSync(path).ino}`;
    const taker = spawn('sleep', ['30']);
    try {
      writeFileSync(marker, `${taker.pid}\n`);
      const error = await acquireLock(path, 0).then(
        () => null,
        (e: unknown) => e as { exitCode: number },
      );
      expect(error?.exitCode).toBe(ExitCode.busy);
    } finally {
      taker.kill();
    }
  });

  it('a marker whose taker died is itself taken over', async () => {
    const dir = tempDir();
    const path = join(dir, '.clusterfit.lock');
    writeFileSync(path, `${await deadPid()}\n`);
    writeFileSync(`${path}.takeover.${statSync(path).ino}`, `${await deadPid()}\n`);
    const lock = await acquireLock(path, 0);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    // The dead taker's marker went with the lock it was named after.
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('concurrent take-over of one stale lock', () => {
  it('lets exactly one process in at a time', async () => {
    const dir = tempDir();
    const path = join(dir, '.clusterfit.lock');
    const log = join(dir, 'log.txt');
    const dead = await deadPid();
    writeFileSync(path, `${dead}\n`);
    const script = `
      import { appendFileSync, writeFileSync } from 'node:fs';
      const { acquireLock } = await import(${JSON.stringify(join(REPO_ROOT, 'pipeline', 'folder-lock.ts'))});
      const start = Number(process.argv[1]);
      while (Date.now() < start) {}
      for (let round = 0; round < 3; round++) {
        const lock = await acquireLock(${JSON.stringify(path)}, 60);
        appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
        await new Promise((r) => setTimeout(r, 20));
        appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
        // Die holding it, as far as the others can tell: every next entry is a take-over.
        writeFileSync(${JSON.stringify(path)}, process.argv[2] + '\\n');
      }
    `;
    // Each child loads tsx first, then all spin until the same moment and race for the lock.
    const start = Date.now() + 4000;
    const children: ChildProcess[] = Array.from({ length: 8 }, () =>
      spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, String(start), String(dead)],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      ),
    );
    const codes = await Promise.all(
      children.map(
        (c) =>
          new Promise<number | null>((resolve) => {
            c.stderr?.resume();
            c.on('exit', (code) => resolve(code));
          }),
      ),
    );
    expect(codes).toEqual(Array(8).fill(0));
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(48);
    // Strictly alternating: each "in" followed by the same process's "out".
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^in \d+$/);
      expect(lines[i + 1]).toBe((lines[i] as string).replace('in', 'out'));
    }
    expect(readdirSync(dir).sort()).toEqual(['.clusterfit.lock', 'log.txt']);
  }, 60_000);
});
