import { stringify } from 'yaml';
import { tally, tallyLine, type StepResult, type SuiteReport, type Tally } from './step-result.js';

/**
 * TAP 14 for `vigi-sim test`: one `ok N - <suite> > <step>` line per step, numbered across
 * every suite of the run, a YAML diagnostic block under a failure (message, expected, actual,
 * location), a skipped step as `not ok N - ... # SKIP <reason>`, the plan at the end, and a
 * closing `# N passed, N failed` comment. The writer emits lines as results come, so a long
 * run shows its progress.
 */
export class TapWriter {
  readonly #write: (line: string) => void;
  readonly #reports: { suite: string; results: StepResult[] }[] = [];
  #count = 0;

  constructor(write: (line: string) => void) {
    this.#write = write;
    write('TAP version 14');
  }

  /** A comment line (`# ...`), e.g. the file a suite comes from. */
  comment(text: string): void {
    for (const line of text.split('\n')) this.#write(`# ${line}`);
  }

  result(suite: string, result: StepResult): void {
    this.#count += 1;
    const last = this.#reports.at(-1);
    if (last?.suite === suite) last.results.push(result);
    else this.#reports.push({ suite, results: [result] });
    for (const line of tapLines(this.#count, suite, result)) this.#write(line);
  }

  /** The plan and the tally; returns the tally. */
  end(): Tally {
    const counts = tally(this.#reports);
    this.#write(`1..${this.#count}`);
    this.#write(`# ${tallyLine(counts)}`);
    return counts;
  }
}

/** A whole run as TAP lines. */
export function tapReport(reports: readonly SuiteReport[]): string[] {
  const lines: string[] = [];
  const writer = new TapWriter((line) => lines.push(line));
  for (const report of reports) for (const result of report.results) writer.result(report.suite, result);
  writer.end();
  return lines;
}

/** The test point of one step, with its diagnostic block when it failed. */
export function tapLines(number: number, suite: string, result: StepResult): string[] {
  const description = `${escape(suite)} > ${escape(result.name)}`;
  if (result.skip !== undefined) return [`not ok ${number} - ${description} # SKIP ${oneLine(result.skip)}`];
  if (result.ok) return [`ok ${number} - ${description}`];
  const diagnostic: Record<string, unknown> = { message: result.message ?? 'failed' };
  if (result.expected !== undefined) diagnostic.expected = result.expected;
  if (result.actual !== undefined) diagnostic.actual = result.actual;
  if (result.location !== undefined) diagnostic.location = result.location;
  diagnostic.duration_ms = result.durationMs;
  const yaml = stringify(diagnostic, { lineWidth: 0 }).trimEnd().split('\n');
  return [`not ok ${number} - ${description}`, '  ---', ...yaml.map((line) => `  ${line}`), '  ...'];
}

/** A description is one line; `#` would start a directive and `\` escapes it (TAP 14). */
function escape(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
