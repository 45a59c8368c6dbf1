import t, { type Test } from 'tap';
import type { BenchResult } from '../../bench/bench-result.js';
import { run as challengeThroughput } from '../../bench/challenge-throughput.js';
import { run as resetFlows } from '../../bench/reset-flows.js';

/**
 * The two device web API benchmarks of issue #6 as smoke tests: `{ quick: true }` through the
 * same code paths as the full runs (child processes, autocannon, the reset-flow client). Shape
 * and correctness only — every request answered, every flow succeeded — never timing.
 */
function checkShape(t: Test, result: BenchResult): void {
  t.match(result, { title: String, command: String, method: String, tables: Array, targets: Array, notes: Array });
  t.ok(result.tables.length > 0, 'tables');
  for (const table of result.tables) {
    for (const row of table.rows) t.equal(row.length, table.headers.length, `a row of "${table.title ?? ''}" fills its columns`);
  }
  t.equal(result.targets.length, 1, 'one target');
  t.match(result.targets[0], { name: String, target: String, measured: String, met: Boolean });
}

function row(result: BenchResult, label: string): readonly string[] | undefined {
  return result.tables.flatMap((table) => table.rows).find((cells) => cells[0]?.startsWith(label));
}

t.test('quick challenge benchmark: camera and bare fastify alternate, every request answered', { timeout: 60_000 }, async (t) => {
  const lines: string[] = [];
  const result = await challengeThroughput({ quick: true, log: (line) => lines.push(line) });
  checkShape(t, result);
  const runs = result.tables.find((table) => table.title?.startsWith('Each run'));
  t.ok(runs, 'a table of runs');
  const server = runs!.headers.indexOf('server');
  const failed = runs!.headers.indexOf('failed');
  const requests = runs!.headers.indexOf('requests');
  t.same(runs!.rows.map((cells) => cells[server]), ['camera', 'baseline', 'camera', 'baseline', 'camera', 'baseline'], 'three alternating rounds');
  for (const cells of runs!.rows) {
    t.equal(cells[failed], '0', `${cells[server]} round ${cells[0]}: no failed request`);
    t.ok(Number(cells[requests]!.replace(/,/g, '')) > 0, `${cells[server]} round ${cells[0]}: requests answered`);
  }
  t.match(result.targets[0]!.measured, /^\d+\.\d\d× /, 'a ratio');
  t.match(result.notes[0], /^Failed requests over all runs: 0; answers of another size than the first: 0 /, 'no failure, one reply size');
  t.ok(lines.some((line) => line.includes('round 3 baseline')), 'progress lines logged');
});

t.test('quick reset-flow benchmark: every flow counted succeeded, and the cameras agree', { timeout: 60_000 }, async (t) => {
  const lines: string[] = [];
  const result = await resetFlows({ quick: true, log: (line) => lines.push(line) });
  checkShape(t, result);
  t.equal(row(result, 'failed flows')?.[1], '0', 'no flow failed');
  const completed = Number(row(result, 'flows started in all')?.[1]?.replace(/,/g, ''));
  t.ok(completed > 0, `${completed} flows run`);
  const [ok, checked] = (row(result, 'spot checks')?.[1] ?? '').split(' / ').map(Number);
  t.ok(checked! > 0 && ok === checked, `a fresh login with the last password set works on every camera checked (${ok}/${checked})`);
  t.match(result.targets[0]!.measured, / 0 failed$/, 'the target line says so too');
  t.ok(lines.some((line) => line.includes('first round')), 'progress lines logged');
});
