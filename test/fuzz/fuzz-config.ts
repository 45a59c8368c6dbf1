/**
 * Fuzz settings from the environment, the same for every fuzz test:
 *   FUZZ_SEED         the seed (default: a fixed number, printed by every run)
 *   FUZZ_COUNT        how many cases (default per test: 10,000 device requests, 2,000 otherwise)
 *   FUZZ_ONLY         replay only these case indexes: "17", "17,40", "100-120"
 *   FUZZ_CONCURRENCY  requests in flight at once (device API; default 12)
 *   FUZZ_MAX_SECONDS  a time bound for the whole run (the test fails if it is reached)
 */
export const DEFAULT_SEED = 20_260_311;

export interface FuzzConfig {
  readonly seed: string;
  readonly count: number;
  readonly only: readonly number[] | undefined;
  readonly concurrency: number;
  readonly maxSeconds: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(raw)}`);
  return value;
}

export function parseOnly(raw: string | undefined): number[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const out: number[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from > 100_000) throw new Error(`FUZZ_ONLY range ${part} is backwards or too long`);
      for (let i = from; i <= to; i++) out.push(i);
    } else if (/^\d+$/.test(part)) {
      out.push(Number(part));
    } else {
      throw new Error(`FUZZ_ONLY takes indexes and ranges like "17,40,100-120", not ${JSON.stringify(part)}`);
    }
  }
  return out;
}

export function fuzzConfig(defaults: { count: number; concurrency?: number; maxSeconds: number }): FuzzConfig {
  return {
    seed: process.env.FUZZ_SEED?.trim() || String(DEFAULT_SEED),
    count: positiveInt('FUZZ_COUNT', defaults.count),
    only: parseOnly(process.env.FUZZ_ONLY),
    concurrency: positiveInt('FUZZ_CONCURRENCY', defaults.concurrency ?? 1),
    maxSeconds: positiveInt('FUZZ_MAX_SECONDS', defaults.maxSeconds),
  };
}

/** The indexes a run covers: FUZZ_ONLY, or 0..count-1. */
export function caseIndexes(config: FuzzConfig): number[] {
  return config.only ? [...config.only] : Array.from({ length: config.count }, (_, i) => i);
}

export function replayHint(config: FuzzConfig, file: string, index: number): string {
  return `FUZZ_SEED=${config.seed} FUZZ_ONLY=${index} npx tap ${file}`;
}
