/**
 * What every benchmark in bench/ returns, so `npm run bench` (bench/run-benchmarks.ts) can run
 * them in turn and rewrite BENCHMARKS.md from their results. A benchmark is a module exporting
 * `run(options)`; it starts what it measures in child processes (the client stays in the bench
 * process, on the same machine), bounds its loops in count and time, and never asserts.
 */
export interface BenchOptions {
  /** A short run for smoke tests: same code paths, a fraction of the counts and durations. */
  readonly quick: boolean;
  /** Progress lines (stderr); results go into the returned value only. */
  readonly log: (line: string) => void;
}

/** One target from the issue, as measured. */
export interface BenchTarget {
  /** e.g. "1,000 cameras ready". */
  readonly name: string;
  /** e.g. "< 2 s". */
  readonly target: string;
  /** e.g. "1.42 s (median of 3)". */
  readonly measured: string;
  readonly met: boolean;
  /** When not met: by how much, and why (one or two sentences). */
  readonly gap?: string;
}

export interface BenchTable {
  readonly title?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface BenchResult {
  /** Section heading in BENCHMARKS.md. */
  readonly title: string;
  /** The command that reproduces this section alone, e.g. `npx tsx bench/startup-scale.ts`. */
  readonly command: string;
  /** What is measured and how, in a few sentences (markdown). */
  readonly method: string;
  readonly tables: readonly BenchTable[];
  readonly targets: readonly BenchTarget[];
  /** Anything else worth knowing (markdown, one bullet each). */
  readonly notes: readonly string[];
}

export type Benchmark = (options: BenchOptions) => Promise<BenchResult>;

/** `1234567` → `1,234,567`; fractions keep `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
