import t from 'tap';
import { parseScenarioText, validateScenarioValue } from '../../scenarios/scenario-loader.js';
import type { ScenarioProblem } from '../../scenarios/scenario-types.js';
import type { Suite } from '../../scenarios/suite-types.js';

const where = (problems: readonly ScenarioProblem[]): string[] => problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
const problemsOf = (text: string): string[] => {
  const result = parseScenarioText(text, 'suite.yaml');
  return result.ok ? [] : where(result.problems);
};

// Lines 1-8: two cameras and an NVR; steps start on line 9.
const devices = [
  'version: 1',
  'devices:',
  '  - { id: cam-front, kind: camera, password: p, resetEmail: owner@example.test }',
  '  - { id: cam-new, kind: camera, activated: false }',
  '  - { id: nvr-main, kind: nvr, password: p, channels: [{ camera: cam-front }] }',
  'suite:',
  '  name: s',
  '  steps:',
  '',
].join('\n');
const withSteps = (...lines: string[]): string => `${devices}${lines.join('\n')}\n`;

t.test('the issue\'s suite loads into a Suite: kinds, captures, expectations, locations', async (t) => {
  const text = [
    'version: 1',
    'devices:',
    '  - { id: cam-front, kind: camera, password: p, resetEmail: owner@example.test }',
    'suite:',
    '  name: "Security Manager scenario 1 (camera not added): email verification"',
    '  steps:',
    '    - name: ask for a code',
    '      forget: { device: cam-front, action: send_verification_code }',
    '      expect: { error_code: 0 }',
    '    - name: the mail arrives',
    '      mail: { to: owner@example.test }',
    '      capture: { code: "/\\\\b(\\\\d{6})\\\\b/" }',
    '    - name: check the code',
    '      forget: { device: cam-front, action: verification_code_check, params: { verify_code: "${code}" } }',
    '      capture: { token: forget_password.reset_token }',
    '    - name: set the new password',
    '      resetPassword: { device: cam-front, token: "${token}", password: "New#Pass1" }',
    '    - name: the new password logs in',
    '      login: { device: cam-front, password: "New#Pass1" }',
    '',
  ].join('\n');
  const result = parseScenarioText(text, 'sm1.yaml');
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  const expected: Suite = {
    name: 'Security Manager scenario 1 (camera not added): email verification',
    steps: [
      { name: 'ask for a code', action: { kind: 'forget', device: 'cam-front', action: 'send_verification_code' }, expect: { error_code: 0 }, location: 'sm1.yaml:7:7' },
      { name: 'the mail arrives', action: { kind: 'mail', to: 'owner@example.test' }, capture: { code: '/\\b(\\d{6})\\b/' }, location: 'sm1.yaml:10:7' },
      {
        name: 'check the code',
        action: { kind: 'forget', device: 'cam-front', action: 'verification_code_check', params: { verify_code: '${code}' } },
        capture: { token: 'forget_password.reset_token' },
        location: 'sm1.yaml:13:7',
      },
      { name: 'set the new password', action: { kind: 'reset-password', device: 'cam-front', token: '${token}', password: 'New#Pass1' }, location: 'sm1.yaml:16:7' },
      { name: 'the new password logs in', action: { kind: 'login', device: 'cam-front', password: 'New#Pass1' }, location: 'sm1.yaml:18:7' },
    ],
  };
  t.strictSame(result.scenario.suite, expected);
  t.strictSame(result.scenario.timeline, []);
});

t.test('every action key becomes its SuiteAction kind, with optional keys only when written', async (t) => {
  const text = withSteps(
    '    - { name: call, call: { device: cam-front, method: do, module: user_management, params: { get_encrypt_info: null } } }',
    '    - { name: call in session, call: { device: nvr-main, method: get, module: chm, params: { table: added_dev }, session: true } }',
    '    - { name: login, login: { device: cam-front, password: p, username: admin } }',
    '    - name: activate',
    '      activate:',
    '        device: cam-new',
    '        password: "New#Admin1"',
    '        resetEmail: new@example.test',
    '        questions: [{ question: q1, answer: a1 }, { question: q2, answer: a2 }, { question: q3, answer: a3 }]',
    '    - { name: activate bare, activate: { device: cam-new, password: x } }',
    '    - { name: forget, forget: { device: cam-front, action: get_methods, session: true }, capture: { qr: forget_password.qrcode } }',
    '    - { name: reset, resetPassword: { device: cam-front, token: t, password: n } }',
    '    - { name: nvr, nvr: { device: nvr-main, action: chm_del_dev, params: { ids: ["1"] } } }',
    '    - { name: table, nvrTable: { device: nvr-main } }',
    '    - { name: change, nvrChangePassword: { device: nvr-main, channel: cam-front, nvrPassword: p, newPassword: n } }',
    '    - { name: add, nvrAdd: { device: nvr-main, camera: cam-front, password: p } }',
    '    - { name: mail, mail: { to: owner@example.test, timeout: 10s } }',
    '    - { name: app, appScan: { qrcode: "${qr}" } }',
    '    - { name: support, supportCode: { qrcode: "${qr}" } }',
    '    - { name: fault, fault: { type: latency, device: cam-front, ms: 50, probability: 0.25 } }',
    '    - { name: smtp, fault: { type: smtp-down } }',
    '    - { name: clear, clearFault: { type: latency, device: cam-front } }',
    '    - { name: clear smtp, clearFault: { type: smtp-down } }',
    '    - { name: factory, factoryReset: { device: nvr-main } }',
    '    - { name: advance, advance: 5m1s, expect: null }',
    '    - { name: openapi login, openapi: { device: cam-front, password: p } }',
    '    - { name: openapi call, openapi: { device: nvr-main, call: added_devices } }',
    '    - { name: seen, detect: { device: cam-front, type: PeopleDetection } }',
    '    - { name: heard, openapiEvent: { device: cam-front, timeout: 2s } }',
    '    - { name: keep, checkpoint: after-setup }',
    '    - { name: back, restore: after-setup }',
  );
  const result = parseScenarioText(text, 'all.yaml');
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  const steps = result.scenario.suite?.steps ?? [];
  t.strictSame(steps.map((step) => step.action), [
    { kind: 'call', device: 'cam-front', method: 'do', module: 'user_management', params: { get_encrypt_info: null } },
    { kind: 'call', device: 'nvr-main', method: 'get', module: 'chm', params: { table: 'added_dev' }, session: true },
    { kind: 'login', device: 'cam-front', password: 'p', username: 'admin' },
    {
      kind: 'activate', device: 'cam-new', password: 'New#Admin1', resetEmail: 'new@example.test',
      questions: [{ question: 'q1', answer: 'a1' }, { question: 'q2', answer: 'a2' }, { question: 'q3', answer: 'a3' }],
    },
    { kind: 'activate', device: 'cam-new', password: 'x' },
    { kind: 'forget', device: 'cam-front', action: 'get_methods', session: true },
    { kind: 'reset-password', device: 'cam-front', token: 't', password: 'n' },
    { kind: 'nvr', device: 'nvr-main', action: 'chm_del_dev', params: { ids: ['1'] } },
    { kind: 'nvr-table', device: 'nvr-main' },
    { kind: 'nvr-change-password', device: 'nvr-main', channel: 'cam-front', nvrPassword: 'p', newPassword: 'n' },
    { kind: 'nvr-add', device: 'nvr-main', camera: 'cam-front', password: 'p' },
    { kind: 'mail', to: 'owner@example.test', timeoutMs: 10_000 },
    { kind: 'app-scan', qrcode: '${qr}' },
    { kind: 'support-code', qrcode: '${qr}' },
    { kind: 'fault', fault: { type: 'latency', device: 'cam-front', ms: 50, probability: 0.25 } },
    { kind: 'fault', fault: { type: 'smtp-down' } },
    { kind: 'clear-fault', type: 'latency', device: 'cam-front' },
    { kind: 'clear-fault', type: 'smtp-down' },
    { kind: 'factory-reset', device: 'nvr-main' },
    { kind: 'advance', ms: 301_000 },
    { kind: 'openapi', device: 'cam-front', password: 'p' },
    { kind: 'openapi', device: 'nvr-main', call: 'added_devices' },
    { kind: 'detect', device: 'cam-front', type: 'PeopleDetection' },
    { kind: 'openapi-event', device: 'cam-front', timeoutMs: 2_000 },
    { kind: 'checkpoint', name: 'after-setup' },
    { kind: 'restore', name: 'after-setup' },
  ]);
  t.same(steps.map((step) => step.location), Array.from({ length: 26 }, (_, i) => `all.yaml:${[9, 10, 11, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39][i]}:7`));
  t.equal(steps[19]?.expect, null, 'an empty expect is kept as written');
  t.notOk(steps[0] && 'expect' in steps[0], 'no expect unless written');
});

t.test('each suite problem is reported at its place', async (t) => {
  t.same(problemsOf(withSteps(
    '    - name: reset',
    '      resetPassword: { device: cam-front, token: "${token}", password: "New#Pass1" }',
    '    - name: capture',
    '      forget: { device: cam-front, action: verification_code_check, params: { verify_code: "code ${ code } and ${other}" } }',
    '      capture: { token: forget_password.reset_token }',
    '    - name: self',
    '      login: { device: cam-front, password: "${pw}" }',
    '      capture: { pw: stok }',
    '      expect: { stok: "${token}", x: ["${nothing}"] }',
  )), [
    '10:50: suite.steps[0].resetPassword.token: ${token} is not captured by any earlier step (steps[1] captures it, later)',
    '12:92: suite.steps[1].forget.params.verify_code: ${ code } is not captured by any earlier step',
    '12:92: suite.steps[1].forget.params.verify_code: ${other} is not captured by any earlier step',
    '15:45: suite.steps[2].login.password: ${pw} is not captured by any earlier step (this step captures it, for the steps after it)',
    '17:39: suite.steps[2].expect.x[0]: ${nothing} is not captured by any earlier step',
  ], 'uncaptured placeholders');

  t.same(problemsOf(withSteps(
    '    - name: openapi with nothing to do',
    '      openapi: { device: cam-front }',
    '    - name: restore a bad name',
    '      restore: "../x"',
  )).map((line) => line.replace(/^\d+:\d+: /, '')), [
    'suite.steps[0].openapi: "openapi" needs "password" (log in), "call" (a method, or added_devices on an NVR), or both',
    'suite.steps[1].restore: "../x" is not a checkpoint name: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  ], 'an openapi step needs something to do; checkpoint names follow the control plane');

  t.same(problemsOf(withSteps(
    '    - name: ask for a code',
    '      forget: { device: cam-front, action: send_verification_code }',
    '    - name: "ask for a code"',
    '      forget: { device: cam-front, action: send_verification_code }',
  )), ['11:13: suite.steps[1].name: "ask for a code" is already the name of steps[0]; step names must be unique']);

  t.same(problemsOf(withSteps(
    '    - name: table',
    '      nvrTable: { device: cam-front }',
    '    - name: add',
    '      nvrAdd: { device: nvr-main, camera: nvr-main, password: p }',
    '    - name: change',
    '      nvrChangePassword: { device: nvr-main, channel: cam-frnt, nvrPassword: p, newPassword: n }',
    '    - name: forget',
    '      forget: { device: nvr-main, action: get_methods }',
    '    - name: login',
    '      login: { device: nvr-mian, password: p }',
  )), [
    '10:27: suite.steps[0].nvrTable.device: "cam-front" is a camera; "nvrTable" needs an NVR',
    '12:43: suite.steps[1].nvrAdd.camera: "nvr-main" is an NVR; "nvrAdd.camera" needs a camera',
    '14:55: suite.steps[2].nvrChangePassword.channel: no camera in this scenario has the id "cam-frnt" (did you mean "cam-front"?)',
    '16:25: suite.steps[3].forget.device: "nvr-main" is an NVR; "forget" needs a camera',
    '18:24: suite.steps[4].login.device: no device in this scenario has the id "nvr-mian" (did you mean "nvr-main"?)',
  ], 'devices that do not exist or are of the wrong kind');

  t.same(problemsOf(withSteps(
    '    - name: none',
    '    - name: two',
    '      login: { device: cam-front, password: p }',
    '      advance: 5s',
    '    - name: typo',
    '      forgot: { device: cam-front, action: get_methods }',
    '    - name: wait',
    '      advance: 30 parsecs',
    '    - name: zero',
    '      advance: 0',
    '    - name: fault',
    '      fault: { type: smtp-down, device: cam-front }',
    '    - name: slow',
    '      fault: { type: latency, device: cam-front }',
  )), [
    '9:7: suite.steps[0]: missing an action: "call", "login", "activate", "forget", "resetPassword", "nvr", "nvrTable", "nvrChangePassword", "nvrAdd", "mail", "appScan", "supportCode", "fault", "clearFault", "factoryReset", "advance", "openapi", "detect", "openapiEvent", "checkpoint" or "restore"',
    '12:7: suite.steps[1]: one action only, got "login" and "advance"',
    '14:7: suite.steps[2]: unknown key "forgot" (did you mean "forget"?)',
    '16:16: suite.steps[3].advance: "30 parsecs" is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m or 1h',
    '18:16: suite.steps[4].advance: must be longer than 0',
    '20:33: suite.steps[5].fault.device: "smtp-down" is a global fault and takes no device; remove this key',
    '22:14: suite.steps[6].fault: missing required key "ms" (a latency fault needs its delay in milliseconds, 1 to 60000)',
  ], 'actions');

  t.same(problemsOf(withSteps(
    '    - name: mail',
    '      mail: { to: owner@example.test }',
    '      capture: { none: "/\\\\d{6}/", bad: "/(/", path: "a b", "1st": x }',
    '      expect: { subject: "/[/" }',
  )), [
    '11:24: suite.steps[0].capture.none: "/\\\\d{6}/" has no group: put what to capture in parentheses, e.g. /code (\\d{6})/',
    '11:41: suite.steps[0].capture.bad: "/(/" is not a valid regular expression: unterminated group',
    '11:54: suite.steps[0].capture.path: "a b" is neither a dotted path into the reply (e.g. forget_password.reset_token) nor a /regular expression/',
    '11:61: suite.steps[0].capture: "1st" is not a valid name: use letters, digits and "_", starting with a letter or "_"',
    '12:26: suite.steps[0].expect.subject: "/[/" is not a valid regular expression: unterminated character class',
  ], 'captures and expectations');

  t.same(problemsOf(`${devices.replace('  name: s\n', '')}    - { name: a, advance: 1s }\n`), ['7:3: suite: missing required key "name"']);
  t.same(problemsOf(`${devices}    []\n`.replace('  steps:\n    []', '  steps: []')), ['8:10: suite.steps: needs at least 1 entry, got none']);
});

t.test('a broken suite never throws', async (t) => {
  const suites: unknown[] = [
    'x', { steps: 'x' }, { name: 's', steps: [null, 1, [], {}] },
    { name: 's', steps: [{ name: 5, forget: 'x', capture: [], expect: { a: ['${'] } }] },
    { name: 's', steps: [{ name: 'a', mail: { to: 5, timeout: [] }, capture: { a: 5 } }, { name: 'b', nvrAdd: { device: 'cam-a', camera: {} } }] },
    { name: 's', steps: [{ name: 'a', fault: { type: 'x' } }, { name: 'b', clearFault: null }, { name: 'c', advance: {} }] },
  ];
  for (const suite of suites) {
    const result = validateScenarioValue({ version: 1, devices: [{ id: 'cam-a', kind: 'camera', password: 'p' }], suite });
    t.ok(!result.ok && result.problems.length > 0, JSON.stringify(suite));
  }
});

t.test('detections and event waits name a camera, a known kind and a duration', async (t) => {
  t.same(problemsOf(withSteps(
    '    - name: the NVR sees a person',
    '      detect: { device: nvr-main, type: PeopleDetection }',
    '    - name: a ghost',
    '      detect: { device: cam-front, type: GhostDetection }',
    '    - name: wait on the NVR',
    '      openapiEvent: { device: nvr-main, timeout: soon }',
  )).map((line) => line.replace(/^\d+:\d+: /, '')), [
    'suite.steps[0].detect.device: "nvr-main" is an NVR; "detect" needs a camera',
    'suite.steps[1].detect.type: must be "MotionDetection", "PeopleDetection", "VehicleDetection", "TamperDetection", "CrossLineDetection", "InvasionDetection", "AreaEntryDetection", "AreaLeaveDetection", "LoiterDetection", "SceneChangeDetection", "DropAndTakeDetection" or "AudioAnomalyDetection", got "GhostDetection"',
    'suite.steps[2].openapiEvent.device: "nvr-main" is an NVR; "openapiEvent" needs a camera',
    'suite.steps[2].openapiEvent.timeout: "soon" is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m or 1h',
  ]);
});
