import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { validateCommand } from '../../cli/commands/validate-command.js';
import { memorySink } from './memory-sink.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const path = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const problemLine = /^(.+):(\d+):(\d+): \S.*$/;

t.test('a valid file: "file: ok (N devices)" and exit 0', async (t) => {
  const sink = memorySink();
  const quickstart = path('scenarios/quickstart.yaml');
  t.equal(await validateCommand([quickstart], sink), 0);
  t.same(sink.stdout, [`${quickstart}: ok (5 devices)`]);
  t.same(sink.stderr, []);
});

t.test('an invalid file: every problem as file:line:column: message, a count, exit 1', async (t) => {
  const sink = memorySink();
  const broken = path('test/scenarios/fixtures/broken.yaml');
  t.equal(await validateCommand([broken], sink), 1);
  const problems = sink.stdout.slice(0, -1);
  t.equal(problems.length, 19);
  for (const line of problems) t.match(line, problemLine);
  t.ok(problems.every((line) => line.startsWith(`${broken}:`)));
  t.equal(problems[0], `${broken}:5:17: ports.https: must be at most 65535, got 70000`);
  t.equal(sink.stdout.at(-1), `19 problems in ${broken}`);
});

t.test('several files: each is reported, and one bad file fails the run', async (t) => {
  const sink = memorySink();
  const good = path('scenarios/examples/single-camera.yaml');
  const missing = path('test/scenarios/fixtures/missing.yaml');
  t.equal(await validateCommand([good, missing], sink), 1);
  t.same(sink.stdout, [`${good}: ok (1 device)`, `${missing}:1:1: cannot read the scenario: no such file`, `1 problem in ${missing}`]);
});

t.test('usage errors exit 2 with a one-line message and the usage on stderr', async (t) => {
  const none = memorySink();
  t.equal(await validateCommand([], none), 2);
  t.equal(none.stderr[0], 'vigi-sim: validate needs at least one scenario file');
  t.match(none.stderr.join('\n'), /Usage: vigi-sim <command>/);
  t.same(none.stdout, []);

  const flag = memorySink();
  t.equal(await validateCommand(['--strict', 'x.yaml'], flag), 2);
  t.equal(flag.stderr[0], 'vigi-sim: unknown option "--strict" for "validate" (options: --help)');
});

t.test('the installed bin works: node bin/vigi-sim.js validate', async (t) => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['bin/vigi-sim.js', 'validate', ...args], { cwd: projectRoot, encoding: 'utf8' });

  const good = run('scenarios/quickstart.yaml');
  t.equal(good.status, 0, good.stderr);
  t.equal(good.stdout, 'scenarios/quickstart.yaml: ok (5 devices)\n');

  const bad = run('test/scenarios/fixtures/broken.yaml', 'test/scenarios/fixtures/syntax-error.json');
  t.equal(bad.status, 1);
  t.match(bad.stdout, /^test\/scenarios\/fixtures\/broken\.yaml:9:5: devices\[0\]: unknown key "pasword" \(did you mean "password"\?\)$/m);
  t.match(bad.stdout, /^19 problems in test\/scenarios\/fixtures\/broken\.yaml$/m);
  t.match(bad.stdout, /^test\/scenarios\/fixtures\/syntax-error\.json:4:57: not valid JSON: trailing comma before "}"\n1 problem in test\/scenarios\/fixtures\/syntax-error\.json\n$/m);
  t.equal(bad.stderr, '');
  t.notMatch(bad.stdout + bad.stderr, /\n\s+at /, 'no stack trace');
});
