import type { BenchResult, BenchTable } from './bench-result.js';

/** One benchmark's outcome in a run of `npm run bench`. */
export interface BenchRun {
  readonly name: string;
  readonly result?: BenchResult;
  readonly error?: string;
  readonly seconds: number;
  /** 1-minute load average just before it started: a busy machine explains a slow figure. */
  readonly loadBefore: number;
}

export interface BenchReport {
  readonly runs: readonly BenchRun[];
  readonly machine: string;
  readonly startedAt: Date;
  readonly quick: boolean;
  readonly command: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(t: BenchTable): string[] {
  return [
    ...(t.title ? [`**${t.title}**`, ''] : []),
    `| ${t.headers.map(cell).join(' | ')} |`,
    `|${t.headers.map(() => '---').join('|')}|`,
    ...t.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

/** BENCHMARKS.md: the machine and date, every target at a glance, then one section per benchmark. */
export function renderBenchmarks(report: BenchReport): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`${report.command}\` (bench/run-benchmarks.ts); do not edit by hand. Every figure`,
    'below comes from the run described here; each section names the command that reproduces it alone.',
    '',
    `- **Date**: ${report.startedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
    `- **Machine**: ${report.machine}`,
    `- **Run**: ${report.quick ? 'quick (smoke counts: not the figures to quote)' : 'full'}; ${report.runs.reduce((sum, r) => sum + r.seconds, 0).toFixed(0)} s in all`,
    '- Client and emulator share the machine: the emulator runs in a child process, the load comes from the bench process.',
    '',
    '## Targets',
    '',
    '| target | goal | measured | met |',
    '|---|---|---|---|',
  ];
  for (const run of report.runs) {
    if (run.error !== undefined) lines.push(`| ${cell(run.name)} | | failed: ${cell(run.error)} | ✗ |`);
    for (const target of run.result?.targets ?? []) {
      lines.push(`| ${cell(target.name)} | ${cell(target.target)} | ${cell(target.measured)} | ${target.met ? '✓' : `✗ ${cell(target.gap ?? '')}`} |`);
    }
  }
  lines.push('');
  for (const run of report.runs) {
    lines.push(`## ${run.result?.title ?? run.name}`, '');
    if (!run.result) {
      lines.push(`Failed after ${run.seconds.toFixed(0)} s: \`${run.error ?? 'unknown error'}\``, '');
      continue;
    }
    const r = run.result;
    lines.push(`\`${r.command}\` — ${run.seconds.toFixed(0)} s, load average ${run.loadBefore.toFixed(2)} before it started.`, '', r.method, '');
    for (const t of r.tables) lines.push(...table(t));
    for (const note of r.notes) lines.push(`- ${note}`);
    if (r.notes.length > 0) lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
