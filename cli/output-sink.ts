/**
 * Where a command writes: one line per call. Commands take a sink instead of touching
 * process.stdout, so tests run them in-process and read what a user would see.
 */
export interface OutputSink {
  /** The command's result (stdout). */
  out(line: string): void;
  /** Problems and diagnostics (stderr). */
  err(line: string): void;
}

export const processSink: OutputSink = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};
