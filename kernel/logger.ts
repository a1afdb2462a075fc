/**
 * How a command reports as it works. Text (the default) is for a person: one line per stage, and
 * a progress bar for long steps when stderr is an interactive terminal. JSON (`--log-format
 * json`) is for a scheduler's log collector: one JSON object per line on stdout, each with its
 * time, level and event, and the event's facts as fields (a stage's rows and duration, say).
 */
import type { LogEvent, RunIO } from './run-context.ts';

export type LogFormat = 'text' | 'json';

interface LogSink extends RunIO {
  out(text: string): void;
}

/** Sends an event to the IO's event log, or its sentence to the plain log when there is none. */
export function emit(io: RunIO, event: LogEvent, message: string): void {
  if (io.event) io.event(event, message);
  else io.log(message);
}

/** Rewires `io` so that everything it logs becomes JSON lines on its standard output. */
export function useJsonLog(io: LogSink): void {
  const write = io.out.bind(io);
  const line = (level: string, fields: Record<string, unknown>) =>
    write(`${JSON.stringify({ time: io.date().toISOString(), level, ...fields })}\n`);
  io.log = (message) => line('info', { event: 'message', message });
  io.warn = (message) => line('warn', { event: 'warning', message });
  io.event = ({ level = 'info', ...fields }, message) => line(level, { ...fields, message });
  delete io.progress;
}

/**
 * A one-line progress bar redrawn in place on a terminal stream, at most every 100 ms, and erased
 * when the task completes. Only for a TTY: in a log file it would be noise.
 */
export function terminalProgress(
  stream: NodeJS.WriteStream,
): (task: string, done: number, total: number) => void {
  let last = 0;
  return (task, done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * width);
    if (done >= total) {
      stream.write('\r\x1b[2K');
      return;
    }
    stream.write(
      `\r\x1b[2K  ${task.padEnd(10)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(share * 100)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`,
    );
  };
}
