import t from 'tap';
import { parseScenarioText, validateScenarioValue } from '../../scenarios/scenario-loader.js';
import type { ScenarioProblem } from '../../scenarios/scenario-types.js';
import type { TimelineEntry } from '../../scenarios/timeline-types.js';

const where = (problems: readonly ScenarioProblem[]): string[] => problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
const problemsOf = (text: string): string[] => {
  const result = parseScenarioText(text, 'tl.yaml');
  return result.ok ? [] : where(result.problems);
};

// Lines 1-6: three cameras and an NVR; timelines start on line 7, entries on line 8.
const devices = [
  'version: 1',
  'devices:',
  '  - { id: cam-front, kind: camera, password: p, resetEmail: owner@example.test }',
  '  - { id: cam-garage, kind: camera, password: p }',
  '  - { id: cam-lobby, kind: camera, password: p }',
  '  - { id: nvr-main, kind: nvr, password: p }',
  'timeline:',
  '',
].join('\n');
const withTimeline = (...lines: string[]): string => `${devices}${lines.join('\n')}\n`;

t.test('a timeline loads into TimelineEntry values: ms, apply/forMs, count 1 by default, labels with positions', async (t) => {
  const text = withTimeline(
    '  - at: 30s',
    '    fault: { device: cam-front, type: power-off }',
    '  - at: 45s',
    '    clear: { device: cam-front, type: power-off }',
    '  - after: { event: verification-code-sent, device: cam-front, count: 2 }',
    '    fault: { type: smtp-down }',
    '    for: 30s',
    '  - at: 10s',
    '    fault: { device: cam-garage, type: latency, ms: 200, probability: 0.5 }',
    '  - at: 1m',
    '    factoryReset: { device: cam-lobby }',
    '  - at: 0',
    '    fault: { device: nvr-main, type: mdns-silent }',
    '  - after: { event: password-reset }',
    '    clear: { type: smtp-down }',
    '  - at: 1h30m',
    '    fault: { device: cam-lobby, type: offline, probability: 1 }',
    '    for: 500ms',
    '  - at: 1m30s250ms',
    '    clear: { device: cam-garage, type: latency }',
    '  - after: { event: powered-on, device: cam-front }',
    '    detect: { device: cam-front, type: PeopleDetection }',
  );
  const result = parseScenarioText(text, 'tl.yaml');
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  const expected: TimelineEntry[] = [
    { at: 30_000, apply: { type: 'power-off', device: 'cam-front' }, label: 'timeline[0] (tl.yaml:8:5)' },
    { at: 45_000, clear: { type: 'power-off', device: 'cam-front' }, label: 'timeline[1] (tl.yaml:10:5)' },
    { after: { event: 'verification-code-sent', device: 'cam-front', count: 2 }, apply: { type: 'smtp-down' }, forMs: 30_000, label: 'timeline[2] (tl.yaml:12:5)' },
    { at: 10_000, apply: { type: 'latency', device: 'cam-garage', ms: 200, probability: 0.5 }, label: 'timeline[3] (tl.yaml:15:5)' },
    { at: 60_000, factoryReset: { device: 'cam-lobby' }, label: 'timeline[4] (tl.yaml:17:5)' },
    { at: 0, apply: { type: 'mdns-silent', device: 'nvr-main' }, label: 'timeline[5] (tl.yaml:19:5)' },
    { after: { event: 'password-reset', count: 1 }, clear: { type: 'smtp-down' }, label: 'timeline[6] (tl.yaml:21:5)' },
    { at: 5_400_000, apply: { type: 'offline', device: 'cam-lobby', probability: 1 }, forMs: 500, label: 'timeline[7] (tl.yaml:23:5)' },
    { at: 90_250, clear: { type: 'latency', device: 'cam-garage' }, label: 'timeline[8] (tl.yaml:26:5)' },
    { after: { event: 'powered-on', device: 'cam-front', count: 1 }, detect: { device: 'cam-front', type: 'PeopleDetection' }, label: 'timeline[9] (tl.yaml:28:5)' },
  ];
  t.strictSame(result.scenario.timeline, expected);
});

t.test('no timeline is an empty one; a plain object gets labels at 1:1', async (t) => {
  const none = parseScenarioText(devices.replace('timeline:\n', ''), 'none.yaml');
  t.strictSame(none.ok && none.scenario.timeline, []);
  const value = validateScenarioValue({
    version: 1,
    devices: [{ id: 'cam-a', kind: 'camera', password: 'p' }],
    timeline: [{ at: '5s', fault: { type: 'power-off', device: 'cam-a' } }],
  });
  t.strictSame(value.ok && value.scenario.timeline, [{ at: 5000, apply: { type: 'power-off', device: 'cam-a' }, label: 'timeline[0] (<scenario object>:1:1)' }]);
});

t.test('each timeline problem is reported at its place', async (t) => {
  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    after: { event: powered-off }',
    '    fault: { device: cam-front, type: power-off }',
  )), ['9:5: timeline[0]: one trigger only, got "at" and "after"'], 'two triggers: at the second');

  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '  - fault: { device: cam-front, type: power-off }',
  )), [
    '8:5: timeline[0]: missing an action: "fault", "clear", "factoryReset" or "detect"',
    '9:5: timeline[1]: missing a trigger: "at" or "after"',
  ]);

  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    fault: { device: cam-front, type: power-off }',
    '    factoryReset: { device: cam-front }',
  )), ['10:5: timeline[0]: one action only, got "fault" and "factoryReset"']);

  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    fault: { device: cam-front, type: power-cut }',
  )), ['9:39: timeline[0].fault.type: must be "power-off", "offline", "no-internet", "latency", "mdns-silent" or "smtp-down", got "power-cut" (did you mean "power-off"?)']);

  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    fault: { type: smtp-down, device: cam-front }',
    '  - at: 30s',
    '    clear: { type: power-off }',
  )), [
    '9:31: timeline[0].fault.device: "smtp-down" is a global fault and takes no device; remove this key',
    '11:12: timeline[1].clear: missing required key "device" ("power-off" is a fault of one device)',
  ]);

  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    fault: { device: cam-front, type: latency }',
    '  - at: 30s',
    '    fault: { device: cam-front, type: latency, ms: 0 }',
    '  - at: 30s',
    '    fault: { device: cam-front, type: no-internet, ms: 5, probability: 0.5 }',
    '  - at: 30s',
    '    fault: { device: cam-front, type: offline, probability: 0 }',
  )), [
    '9:12: timeline[0].fault: missing required key "ms" (a latency fault needs its delay in milliseconds, 1 to 60000)',
    '11:52: timeline[1].fault.ms: must be at least 1, got 0',
    '13:52: timeline[2].fault.ms: "ms" applies only to a latency fault, not to "no-internet"; remove this key',
    '13:59: timeline[2].fault.probability: "no-internet" is all or nothing; "probability" applies to offline, latency, smtp-down',
    '15:61: timeline[3].fault.probability: must be more than 0, got 0',
  ]);

  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    fault: { device: cam-frnt, type: power-off }',
    '  - after: { event: powered-off, device: nvr-mian }',
    '    factoryReset: { device: cam-zzzzzz }',
  )), [
    '9:22: timeline[0].fault.device: no device in this scenario has the id "cam-frnt" (did you mean "cam-front"?)',
    '10:42: timeline[1].after.device: no device in this scenario has the id "nvr-mian" (did you mean "nvr-main"?)',
    '11:29: timeline[1].factoryReset.device: no device in this scenario has the id "cam-zzzzzz"',
  ]);

  t.same(problemsOf(withTimeline(
    '  - at: 30 parsecs',
    '    fault: { device: cam-front, type: power-off }',
    '  - at: 30',
    '    fault: { device: cam-front, type: power-off }',
    '  - at: 5s',
    '    fault: { device: cam-front, type: power-off }',
    '    for: 0',
    '  - at: 5s',
    '    clear: { device: cam-front, type: power-off }',
    '    for: 5s',
    '  - at: 99999999999999999h',
    '    fault: { device: cam-front, type: power-off }',
  )), [
    '8:9: timeline[0].at: "30 parsecs" is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m or 1h',
    '10:9: timeline[1].at: 30 is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m or 1h (a number needs its unit: 30s or 30ms)',
    '14:10: timeline[2].for: must be longer than 0',
    '17:5: timeline[3].for: "for" applies only to a "fault" entry (it clears that fault again); remove this key',
    '18:9: timeline[4].at: "99999999999999999h" is too long to count in milliseconds',
  ]);

  t.same(problemsOf(withTimeline(
    '  - after: { event: Powered_Off, count: 0 }',
    '    fault: { device: cam-front, type: power-off }',
    '  - at: 5s',
    '    fualt: { device: cam-front, type: power-off }',
    '  - "at 5s: power-off"',
  )), [
    '8:21: timeline[0].after.event: "Powered_Off" is not an event name: use lower-case letters and "-", e.g. verification-code-sent',
    '8:41: timeline[0].after.count: must be at least 1, got 0',
    '11:5: timeline[1]: unknown key "fualt" (did you mean "fault"?)',
    '12:5: timeline[2]: expected a mapping (key: value lines), got "at 5s: power-off"',
  ], 'a misspelt action is one problem, not also "missing an action"');

  t.same(problemsOf(`${devices.replace('timeline:\n', 'timeline: {at: 5s}\n')}`), ['7:11: timeline: expected a list, got a mapping']);
});

t.test('a broken timeline never throws', async (t) => {
  const timelines: unknown[] = [
    'x', [null], [[]], [{ at: {}, after: 'x', fault: 'power-off', clear: 5, factoryReset: [], for: true }],
    [{ after: { event: 5, device: [] }, fault: { type: 'latency', device: 5, ms: 'x' } }],
    [{ at: '1s', fault: { type: 'smtp-down', device: {} } }], [{ at: '1s', clear: null }],
  ];
  for (const timeline of timelines) {
    const result = validateScenarioValue({ version: 1, devices: [{ id: 'cam-a', kind: 'camera', password: 'p' }], timeline });
    t.ok(!result.ok && result.problems.length > 0, JSON.stringify(timeline));
  }
});

t.test('a detection names a camera of the scenario and a known kind, and takes no "for"', async (t) => {
  t.same(problemsOf(withTimeline(
    '  - at: 30s',
    '    detect: { device: nvr-main, type: MotionDetection }',
    '  - at: 30s',
    '    detect: { device: cam-front, type: VehicleDetecton }',
    '  - at: 30s',
    '    detect: { device: cam-front, type: MotionDetection }',
    '    for: 5s',
    '  - at: 30s',
    '    detect: { device: cam-front }',
  )), [
    '9:23: timeline[0].detect.device: "nvr-main" is an NVR; detect needs a camera',
    '11:40: timeline[1].detect.type: must be "MotionDetection", "PeopleDetection", "VehicleDetection", "TamperDetection", "CrossLineDetection", "InvasionDetection", "AreaEntryDetection", "AreaLeaveDetection", "LoiterDetection", "SceneChangeDetection", "DropAndTakeDetection" or "AudioAnomalyDetection", got "VehicleDetecton" (did you mean "VehicleDetection"?)',
    '14:5: timeline[2].for: "for" applies only to a "fault" entry (it clears that fault again); remove this key',
    '16:13: timeline[3].detect: missing required key "type"',
  ]);
});
