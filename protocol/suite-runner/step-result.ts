/**
 * What running one suite step produced: what `vigi-sim test` prints as one TAP line and one
 * JUnit testcase. A skipped step (`skip` set) did not run because an earlier step failed.
 */
export interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** Why the step failed (or, with `skip`, why it did not run). */
  readonly message?: string;
  /** The expectation that was not met (placeholders already replaced). */
  readonly expected?: unknown;
  /** What came back instead (long strings shortened). */
  readonly actual?: unknown;
  /** Where the step is written, `file:line:column`. */
  readonly location?: string;
  /** Set when the step was not run; the reason. */
  readonly skip?: string;
}

/** One suite's results, as the reports take them. */
export interface SuiteReport {
  readonly suite: string;
  /** The file the suite came from, when there is one. */
  readonly file?: string;
  readonly results: readonly StepResult[];
}

export interface Tally {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly total: number;
}

export function tally(reports: readonly SuiteReport[]): Tally {
  const all = reports.flatMap((report) => report.results);
  const skipped = all.filter((result) => result.skip !== undefined).length;
  const passed = all.filter((result) => result.ok && result.skip === undefined).length;
  return { passed, failed: all.length - passed - skipped, skipped, total: all.length };
}

/** `N passed, N failed` (and `, N skipped` when some were): the closing line CI reads. */
export function tallyLine({ passed, failed, skipped }: Tally): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

const LONG = 160;

/**
 * A copy of a reply fit for a report: strings longer than 160 characters (QR PNGs, RSA keys)
 * are cut to their start and their length.
 */
export function printable(value: unknown): unknown {
  if (typeof value === 'string') return value.length > LONG ? `${value.slice(0, 48)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.map(printable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, printable(inner)]));
  }
  return value;
}
