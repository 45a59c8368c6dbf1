import t from 'tap';
import { Parser, type Result } from 'tap-parser';
import { TapWriter, tapReport } from '../../../protocol/suite-runner/tap-report.js';
import { reports } from './report-fixture.js';

/** TAP 14 as `vigi-sim test` prints it, line for line, and as a TAP parser reads it. */

t.test('the exact lines: version, one test point per step, YAML diagnostics, skips, plan, tally', async (t) => {
  t.same(tapReport(reports), [
    'TAP version 14',
    'ok 1 - Security Manager, email > Send Code',
    'not ok 2 - Security Manager, email > Enter the verification code',
    '  ---',
    '  message: "error_code: expected 0, got -20607 (The verification code is wrong.)"',
    '  expected:',
    '    error_code: 0',
    '  actual:',
    '    error_code: -20607',
    '    data:',
    '      attempts_left: 4',
    '  location: scenarios/suites/x.yaml:30:7',
    '  duration_ms: 7',
    '  ...',
    'not ok 3 - Security Manager, email > Enter the new password # SKIP previous step failed',
    'ok 4 - Faults \\# 2 <&> > Power "off" and \'on\'',
    'not ok 5 - Faults \\# 2 <&> > boom \\\\ \u0007',
    '  ---',
    '  message: socket hang up (ECONNRESET) ]]> <x/>',
    '  location: y.yaml:3:7',
    '  duration_ms: 3',
    '  ...',
    '1..5',
    '# 2 passed, 2 failed, 1 skipped',
  ]);
});

t.test('a TAP parser reads it back: names, directives, diagnostics, the plan', async (t) => {
  const asserts: Result[] = [];
  const parser = new Parser();
  parser.on('assert', (result: Result) => asserts.push(result));
  const final = await new Promise<{ count: number; pass: number; plan: { start: number; end: number } }>((resolve) => {
    parser.on('complete', resolve);
    parser.end(`${tapReport(reports).join('\n')}\n`);
  });
  t.match(final, { count: 5, pass: 2, plan: { start: 1, end: 5 } });
  t.same(asserts.map((a) => a.name), [
    'Security Manager, email > Send Code',
    'Security Manager, email > Enter the verification code',
    'Security Manager, email > Enter the new password',
    'Faults # 2 <&> > Power "off" and \'on\'',
    'Faults # 2 <&> > boom \\ \u0007',
  ], 'escaped # and \\ come back as written');
  t.equal(asserts[2]?.skip, 'previous step failed');
  t.same(asserts[1]?.diag, {
    message: 'error_code: expected 0, got -20607 (The verification code is wrong.)',
    expected: { error_code: 0 },
    actual: { error_code: -20607, data: { attempts_left: 4 } },
    location: 'scenarios/suites/x.yaml:30:7',
  }, 'the parser keeps duration_ms as the point\'s time');
  t.equal(asserts[1]?.time, 7);
});

t.test('the writer streams: numbering runs on across suites, the plan comes at the end', async (t) => {
  const lines: string[] = [];
  const writer = new TapWriter((line) => lines.push(line));
  t.same(lines, ['TAP version 14'], 'the version line comes first, before any result');
  writer.comment('first suite (a.yaml)');
  writer.result('A', { name: 'one', ok: true, durationMs: 1 });
  writer.result('B', { name: 'two', ok: true, durationMs: 1 });
  t.same(writer.end(), { passed: 2, failed: 0, skipped: 0, total: 2 });
  t.same(lines, ['TAP version 14', '# first suite (a.yaml)', 'ok 1 - A > one', 'ok 2 - B > two', '1..2', '# 2 passed, 0 failed']);

  const empty: string[] = [];
  new TapWriter((line) => empty.push(line)).end();
  t.same(empty, ['TAP version 14', '1..0', '# 0 passed, 0 failed'], 'no steps: an empty plan');
});
