import t from 'tap';
import { runCrashScript } from './crash-script.js';

/**
 * The crash test of `--state-dir`, short: a few SIGKILLs of a real `vigi-sim up` while a
 * camera's password changes in a loop; every acknowledged change must be there after the
 * restart. The long run (200 rounds) is test/e2e-slow/crash.test.ts and `npm run test:crash`.
 */
t.test('5 rounds of SIGKILL while changing passwords: nothing acknowledged is lost', async (t) => {
  const run = await runCrashScript(['--rounds', '5', '--seed', '20240501', '--max-kill-ms', '500'], 50_000);
  t.equal(run.code, 0, `exit 0\n${run.stdout}${run.stderr}`);
  const summary = run.stdout.trim().split('\n').pop() ?? '';
  t.match(summary, /^5 rounds, 5 kills, \d+ acknowledged changes, 0 lost$/);
  t.ok(Number(/(\d+) acknowledged/.exec(summary)?.[1]) > 0, 'some changes were acknowledged');
});

t.test('bad options exit 2 with a message', async (t) => {
  const run = await runCrashScript(['--rounds', '0'], 20_000);
  t.equal(run.code, 2);
  t.match(run.stderr, /--rounds must be a whole number from 1 to 100000/);
});
