import type { OutputSink } from '../../cli/output-sink.js';

/** An OutputSink that keeps what a command printed, for assertions. */
export function memorySink(): OutputSink & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => void stdout.push(line), err: (line) => void stderr.push(line) };
}
