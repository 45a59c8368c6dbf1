#!/usr/bin/env node
// Runs the tap suite with its normal reporter, then replays the recorded results as raw TAP and
// counts every assertion, so CI can read a plain closing line: "N passed, N failed".
// Extra arguments are passed to tap (e.g. a test file or --grep).
import { spawnSync } from 'node:child_process';

const tapBin = new URL('../node_modules/.bin/tap', import.meta.url).pathname;
const run = spawnSync(tapBin, process.argv.slice(2), { stdio: 'inherit' });
const replay = spawnSync(tapBin, ['replay', '--reporter=tap'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

// tap closes its raw stream with a line such as `# { total: 12, pass: 11, fail: 1, skip: 0 }`.
const summaryLine = (replay.stdout ?? '').split('\n').reverse().find((line) => line.startsWith('# { total:')) ?? '';
const count = (key) => Number(new RegExp(`${key}: (\\d+)`).exec(summaryLine)?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + (run.status !== 0 && count('fail') === 0 ? 1 : 0);
const skipped = count('skip') + count('todo');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
