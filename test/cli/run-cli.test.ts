import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../cli/run-cli.js';
import { memorySink } from './memory-sink.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

t.test('help and version', async (t) => {
  for (const argv of [['help'], ['--help'], ['-h']]) {
    const sink = memorySink();
    t.equal(await runCli(argv, sink), 0, argv.join(' '));
    t.match(sink.stdout.join('\n'), /^Usage: vigi-sim <command> \[options\]/);
    t.match(sink.stdout.join('\n'), /up \[scenario\][\s\S]*up --cameras <n> \[--nvrs <m>\][\s\S]*validate <scenario\.\.\.>/);
  }
  const sink = memorySink();
  t.equal(await runCli(['--version'], sink), 0);
  t.same(sink.stdout, [version]);
});

t.test('unknown commands and flags: one line, the usage, exit 2', async (t) => {
  const cases: [string[], string][] = [
    [[], 'vigi-sim: no command given'],
    [['start'], 'vigi-sim: unknown command "start"'],
    [['valdate'], 'vigi-sim: unknown command "valdate" (did you mean "validate"?)'],
    [['--verbose'], 'vigi-sim: unknown option "--verbose"'],
  ];
  for (const [argv, expected] of cases) {
    const sink = memorySink();
    t.equal(await runCli(argv, sink), 2, argv.join(' '));
    t.equal(sink.stderr[0], expected);
    t.match(sink.stderr.join('\n'), /Usage: vigi-sim/);
    t.same(sink.stdout, []);
  }
});

t.test('the bin: usage errors and --version as a real process', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const cwd = new URL('../../', import.meta.url);
  const bogus = spawnSync(process.execPath, ['bin/vigi-sim.js', 'bogus'], { cwd, encoding: 'utf8' });
  t.equal(bogus.status, 2);
  t.match(bogus.stderr, /^vigi-sim: unknown command "bogus"\n\nUsage:/);
  t.notMatch(bogus.stderr, /\n\s+at /, 'no stack trace');
  const shown = spawnSync(process.execPath, ['bin/vigi-sim.js', '--version'], { cwd, encoding: 'utf8' });
  t.equal(shown.stdout, `${version}\n`);
});
