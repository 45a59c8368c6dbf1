import type { OutputSink } from '../../cli/output-sink.js';

/** An OutputSink that keeps what a command printed, for assertions. */
export function memorySink(): OutputSink & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => void stdout.push(line), err: (line) => void stderr.push(line) };
}

/** The same, as a command test reads it: `out` and `err` lines, and the `sink` to hand the command. */
export function capturedOutput(): { out: string[]; err: string[]; sink: OutputSink } {
  const memory = memorySink();
  return { out: memory.stdout, err: memory.stderr, sink: memory };
}
