import t from 'tap';
import { runCrashScript } from '../protocol/state/crash-script.js';

/**
 * The long crash test (not in the default run: .taprc excludes test/e2e-slow/): 200 rounds of
 * SIGKILL at random moments while a camera's password changes in a loop. Run it with
 * `npm run test:slow` (or the script alone: `npm run test:crash`). About 10 minutes.
 */
t.setTimeout(30 * 60_000);

t.test('200 rounds of SIGKILL: every acknowledged change survives', async (t) => {
  const seed = String(Math.floor(Math.random() * 2 ** 31));
  const run = await runCrashScript(['--rounds', '200', '--seed', seed], 25 * 60_000);
  t.comment(run.stdout.trim());
  t.equal(run.code, 0, `exit 0 (seed ${seed})\n${run.stderr}`);
  t.match(run.stdout.trim().split('\n').pop(), /^200 rounds, 200 kills, \d+ acknowledged changes, 0 lost$/);
});
