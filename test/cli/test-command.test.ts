import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { defaultTestDependencies, testCommand, type TestDependencies } from '../../cli/commands/test-command.js';
import { runCli } from '../../cli/run-cli.js';
import { loadScenarioFile } from '../../scenarios/scenario-loader.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import type { SuiteReport } from '../../protocol/suite-runner/step-result.js';
import { PASSWORD, runnerScenario, step, suite } from '../protocol/suite-runner/suite-fixture.js';
import { memorySink } from './memory-sink.js';

/**
 * `vigi-sim test`: TAP on stdout, a plain tally line last, exit 0 iff every step passed, 1 on
 * a failure or a bad file, 2 on a bad command line. Most cases load scenarios built in code
 * (a stand-in loader), so they do not depend on the YAML format of suites.
 */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const path = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

const passing = runnerScenario(suite('Passing',
  step('Log in', { kind: 'login', device: 'cam', password: PASSWORD }),
  step('Open Forget Password', { kind: 'forget', device: 'cam', action: 'get_methods', session: true }, { expect: { forget_password: { methods: ['email'] } } }),
));
const failing = runnerScenario(suite('Failing',
  step('Log in with a wrong password', { kind: 'login', device: 'cam', password: 'wrong' }),
  step('Log in', { kind: 'login', device: 'cam', password: PASSWORD }),
));

/** The real runner (real emulators on free ports), with scenarios from a map instead of files. */
function depsWith(files: Record<string, Scenario>, extra: Partial<TestDependencies> = {}): TestDependencies {
  return {
    ...defaultTestDependencies,
    loadScenarioFile: async (file) => {
      const scenario = files[file];
      return scenario ? { ok: true, scenario } : loadScenarioFile(file);
    },
    createLogger: async () => undefined,
    ...extra,
  };
}

t.test('every step passes: TAP on stdout, a plain tally last, exit 0', async (t) => {
  const sink = memorySink();
  t.equal(await testCommand(['passing.yaml'], sink, depsWith({ 'passing.yaml': passing })), 0, sink.stdout.join('\n'));
  t.same(sink.stdout, [
    'TAP version 14',
    '# Passing (passing.yaml)',
    'ok 1 - Passing > Log in',
    'ok 2 - Passing > Open Forget Password',
    '1..2',
    '# 2 passed, 0 failed',
    '2 passed, 0 failed',
  ]);
  t.same(sink.stderr, []);
});

t.test('a failed step: diagnostics, later steps skipped, the other files still run, exit 1', async (t) => {
  const sink = memorySink();
  const status = await testCommand(['failing.yaml', 'passing.yaml'], sink, depsWith({ 'failing.yaml': failing, 'passing.yaml': passing }));
  t.equal(status, 1);
  const out = sink.stdout.join('\n');
  t.match(out, /^not ok 1 - Failing > Log in with a wrong password\n {2}---\n {2}message: "error_code: expected 0, got -40401[^\n]*"\n {2}expected:\n {4}error_code: 0\n {2}actual:\n {4}error_code: -40401\n/m);
  t.match(out, /^ {2}location: runner-test\.yaml:\d+:7$/m);
  t.match(out, /^not ok 2 - Failing > Log in # SKIP previous step failed$/m);
  t.match(out, /^ok 3 - Passing > Log in\nok 4 - Passing > Open Forget Password\n1\.\.4\n# 2 passed, 1 failed, 1 skipped\n2 passed, 1 failed, 1 skipped$/m);
  t.equal(sink.stdout.at(-1), '2 passed, 1 failed, 1 skipped');
});

t.test('--junit writes the report (its folder made if needed); --seed reaches every run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-sim-junit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const seeds: (number | undefined)[] = [];
  const fake: TestDependencies['runScenarioSuite'] = async (scenario, file, options) => {
    seeds.push(options.seed);
    const report: SuiteReport = { suite: scenario.suite!.name, file, results: [{ name: 'a <step> & "more"', ok: true, durationMs: 5 }] };
    options.onResult?.(report.results[0]!, 0);
    return report;
  };
  const out = join(dir, 'reports', 'junit.xml');
  const sink = memorySink();
  t.equal(await testCommand(['passing.yaml', '--junit', out, '--seed', '42'], sink, depsWith({ 'passing.yaml': passing }, { runScenarioSuite: fake })), 0);
  t.same(seeds, [42]);
  const xml = readFileSync(out, 'utf8');
  t.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="vigi-sim" tests="1" failures="0" errors="0" skipped="0" time="0\.005">\n {2}<testsuite name="Passing" tests="1" failures="0" errors="0" skipped="0" time="0\.005" file="passing\.yaml">\n {4}<testcase name="a &lt;step&gt; &amp; &quot;more&quot;" classname="Passing" time="0\.005"\/>\n {2}<\/testsuite>\n<\/testsuites>\n$/);

  const unwritable = memorySink();
  writeFileSync(join(dir, 'file'), '');
  t.equal(await testCommand(['passing.yaml', '--junit', join(dir, 'file', 'junit.xml')], unwritable, depsWith({ 'passing.yaml': passing }, { runScenarioSuite: fake })), 1, 'a report that cannot be written fails the run');
  t.match(unwritable.stderr[0], /^vigi-sim: could not write .*junit\.xml: /);
});

t.test('no files: every *.yaml under the suites folder, sorted; none there is an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-sim-suites-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'more'));
  for (const name of ['b.yaml', 'a.yaml', 'notes.md', 'more/c.yaml']) writeFileSync(join(dir, name), '');
  const loaded: string[] = [];
  const deps: TestDependencies = {
    ...depsWith({}),
    suitesDir: dir,
    loadScenarioFile: async (file) => (loaded.push(file), { ok: true, scenario: passing }),
    runScenarioSuite: async (scenario, file) => ({ suite: scenario.suite!.name, file, results: [] }),
  };
  t.equal(await testCommand([], memorySink(), deps), 0);
  t.same(loaded, [join(dir, 'a.yaml'), join(dir, 'b.yaml'), join(dir, 'more', 'c.yaml')]);

  const empty = memorySink();
  t.equal(await testCommand([], empty, { ...deps, suitesDir: join(dir, 'more', 'nothing') }), 1);
  t.match(empty.stderr, [/^vigi-sim: no suites found: no \*\.yaml under /]);
});

t.test('a bad file or one without a suite: problems as file:line:column on stderr, nothing runs, exit 1', async (t) => {
  let ran = 0;
  const deps = depsWith({ 'passing.yaml': passing }, { runScenarioSuite: async () => (ran++, { suite: 'x', results: [] }) });
  const broken = path('test/scenarios/fixtures/broken.yaml');
  const sink = memorySink();
  t.equal(await testCommand(['passing.yaml', broken], sink, deps), 1);
  t.equal(ran, 0, 'nothing was started');
  t.same(sink.stdout, []);
  t.equal(sink.stderr[0], `${broken}:5:17: ports.https: must be at most 65535, got 70000`);
  for (const line of sink.stderr.slice(0, -2)) t.match(line, /^.+:\d+:\d+: \S/);
  t.equal(sink.stderr.at(-1), 'vigi-sim: nothing was run');

  const plain = memorySink();
  const quickstart = path('scenarios/quickstart.yaml');
  t.equal(await testCommand([quickstart], plain, deps), 1);
  t.same(plain.stderr, [
    `${quickstart}:1:1: this scenario has no "suite": vigi-sim test runs scenarios with a suite of steps (vigi-sim up starts the others)`,
    `1 problem in ${quickstart}`,
    'vigi-sim: nothing was run',
  ]);
});

t.test('usage: help exits 0; bad flags exit 2 with one line and the usage', async (t) => {
  const help = memorySink();
  t.equal(await runCli(['test', '--help'], help), 0);
  t.match(help.stdout.join('\n'), /test \[suite\.\.\.\][\s\S]*--junit <file>/);
  const cases: [string[], string][] = [
    [['--junt', 'x.xml'], 'vigi-sim: unknown option "--junt" for "test" (did you mean "--junit"?)'],
    [['--seed', 'abc'], 'vigi-sim: --seed "abc" is not a whole number (0 or more)'],
    [['--junit'], 'vigi-sim: --junit needs a value (write --junit=<value> if it starts with "-")'],
  ];
  for (const [argv, expected] of cases) {
    const sink = memorySink();
    t.equal(await runCli(['test', ...argv], sink), 2, argv.join(' '));
    t.equal(sink.stderr[0], expected);
    t.same(sink.stdout, []);
  }
});

t.test('the bin: node bin/vigi-sim.js test', async (t) => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['bin/vigi-sim.js', 'test', ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });

  const bad = run('test/scenarios/fixtures/broken.yaml');
  t.equal(bad.status, 1);
  t.equal(bad.stdout, '');
  t.match(bad.stderr, /^test\/scenarios\/fixtures\/broken\.yaml:5:17: ports\.https: must be at most 65535, got 70000$/m);
  t.notMatch(bad.stderr, /\n\s+at /, 'no stack trace');

  const file = 'scenarios/suites/security-manager-1-questions.yaml';
  const good = run(file);
  t.equal(good.status, 0, good.stdout + good.stderr);
  t.match(good.stdout, /^TAP version 14\n# Security Manager, camera not added, security questions \(scenarios\/suites\/security-manager-1-questions\.yaml\)\nok 1 - Security Manager, camera not added, security questions > /);
  t.match(good.stdout, /\n1\.\.6\n# 6 passed, 0 failed\n6 passed, 0 failed\n$/);
});
