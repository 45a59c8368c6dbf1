import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchResult } from './bench-result.js';
import { renderBenchmarks, type BenchRun } from './render-benchmarks.js';

/**
 * `npm run bench`: every benchmark in turn, then BENCHMARKS.md rewritten from their results.
 *   --quick        a short smoke run of each (nothing written unless --out is given)
 *   --only a,b     only these (by file name, e.g. startup-scale)
 *   --out <file>   write there instead of BENCHMARKS.md
 * A benchmark that fails is reported in its section with the error; the others still run.
 */
export const BENCHMARKS: Readonly<Record<string, () => Promise<{ run: Benchmark }>>> = {
  'startup-scale': () => import('./startup-scale.js'),
  'first-request': () => import('./first-request.js'),
  'challenge-throughput': () => import('./challenge-throughput.js'),
  'reset-flows': () => import('./reset-flows.js'),
  'mdns-browse': () => import('./mdns-browse.js'),
};

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The command as a reader would re-run it: where the file was written is not part of it. */
function commandLine(): string {
  const args = process.argv.slice(2).filter((arg, index, all) => arg !== '--out' && all[index - 1] !== '--out');
  return `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = argValue('--only')?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(name in BENCHMARKS)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')} (known: ${Object.keys(BENCHMARKS).join(', ')})\n`);
    process.exitCode = 2;
    return;
  }
  const out = argValue('--out') ?? (quick ? undefined : fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url)));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const runs: BenchRun[] = [];
  const startedAt = new Date();
  for (const [name, load] of Object.entries(BENCHMARKS)) {
    if (only && !only.includes(name)) continue;
    const loadBefore = os.loadavg()[0]!;
    const started = Date.now();
    try {
      const result: BenchResult = await (await load()).run({ quick, log });
      runs.push({ name, result, seconds: (Date.now() - started) / 1000, loadBefore });
    } catch (error) {
      log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      runs.push({ name, error: (error as Error).message, seconds: (Date.now() - started) / 1000, loadBefore });
    }
  }
  const markdown = renderBenchmarks({ runs, machine: machine(), startedAt, quick, command: commandLine() });
  if (out) {
    writeFileSync(out, markdown);
    log(`wrote ${out}`);
  } else {
    process.stdout.write(markdown);
  }
  if (runs.some((r) => r.error !== undefined)) process.exitCode = 1;
}

await main();
