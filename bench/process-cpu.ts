import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far (user + system, in seconds), from /proc/<pid>/stat. A
 * benchmark samples it around a run to report the server's CPU cost per request, a figure
 * that holds up better than requests per second on a machine shared with other work.
 */
const CLOCK_TICKS_PER_SECOND = 100; // `getconf CLK_TCK` on Linux

export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the full line: 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN; // not Linux, or the process is gone
  }
}

/** This process's CPU time so far, in seconds. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Extra node flags for the emulator child, from `VIGI_BENCH_NODE_ARGS` (space-separated), to
 * profile the server under a benchmark's load, e.g.
 * `VIGI_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx tsx bench/reset-flows.ts`.
 */
export function emulatorNodeArgs(): string[] {
  return (process.env.VIGI_BENCH_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
}
