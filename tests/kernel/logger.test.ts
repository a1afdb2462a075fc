import { describe, expect, it } from 'vitest';
import { emit, terminalProgress, useJsonLog } from '../../kernel/logger.ts';
import { captureIO } from '../helpers.ts';

describe('logger', () => {
  it('draws a bar in place and erases it when the task completes', () => {
    const writes: string[] = [];
    const stream = { write: (t: string) => writes.push(t) } as unknown as NodeJS.WriteStream;
    const progress = terminalProgress(stream);
    progress('stability', 250, 1000);
    progress('stability', 500, 1000); // within 100 ms of the last draw: skipped
    progress('stability', 1000, 1000);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain('[########                      ] 25%  250/1,000');
    expect(writes[0]?.startsWith('\r\x1b[2K')).toBe(true);
    expect(writes[1]).toBe('\r\x1b[2K');
  });

  it('turns events, lines and warnings into JSON lines with time and level', () => {
    const io = captureIO();
    useJsonLog(io);
    emit(io, { event: 'stage', stage: 'map', rows: 17 }, '  map 17 rows');
    io.warn('careful');
    const lines = io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        time: '2026-01-01T00:00:00.000Z',
        level: 'info',
        event: 'stage',
        stage: 'map',
        rows: 17,
        message: '  map 17 rows',
      },
      { time: '2026-01-01T00:00:00.000Z', level: 'warn', event: 'warning', message: 'careful' },
    ]);
  });

  it('prints only the sentence in text mode', () => {
    const io = captureIO();
    emit(io, { event: 'stage', stage: 'map', rows: 17 }, '  map 17 rows');
    expect(io.stdout).toBe('  map 17 rows\n');
  });
});
