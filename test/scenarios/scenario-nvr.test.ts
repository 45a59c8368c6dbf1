import t from 'tap';
import { parseScenarioText, validateScenarioValue } from '../../scenarios/scenario-loader.js';
import type { ScenarioProblem } from '../../scenarios/scenario-types.js';

const where = (problems: readonly ScenarioProblem[]): string[] => problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
const problemsOf = (text: string): string[] => {
  const result = parseScenarioText(text, 'nvr.yaml');
  return result.ok ? [] : where(result.problems);
};

// Two activated cameras on the default LAN; tests append devices (lines 1-8 are fixed).
const cameras = [
  'version: 1',
  'devices:',
  '  - id: cam-a',
  '    kind: camera',
  '    password: Vigi#Admin1',
  '  - id: cam-b',
  '    kind: camera',
  '    password: Vigi#Admin1',
  '',
].join('\n');

t.test('an NVR with no more than id, kind and password gets the defaults', async (t) => {
  const result = parseScenarioText('version: 1\ndevices:\n  - id: nvr-a\n    kind: nvr\n    password: Vigi#Admin1\n', 'min.yaml');
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  t.strictSame(result.scenario.devices, [{
    id: 'nvr-a', kind: 'nvr', model: 'NVR1008H', name: 'nvr-a', activated: true, password: 'Vigi#Admin1',
    internet: true, power: 'on', lan: 'default', channels: [],
  }]);
});

t.test('an NVR with channels, LANs and every key loads as written', async (t) => {
  const text = `${cameras}    lan: shop\n  - id: cam-c\n    kind: camera\n    lan: shop\n    password: p\n` + [
    '  - id: nvr-a',
    '    kind: nvr',
    '    model: NVR1016H',
    '    name: Shop NVR',
    '    mac: 40-ae-30-00-00-09',
    '    uuid: 8a1f3c2e-0000-4000-a000-000000000009',
    '    serial: "2200000000009"',
    '    firmware: 1.1.3 Build 240101',
    '    ip: 127.77.3.1',
    '    password: Vigi#Admin1',
    '    resetEmail: nvr@example.test',
    '    securityQuestions:',
    '      - { question: q1, answer: a1 }',
    '      - { question: q2, answer: a2 }',
    '      - { question: q3, answer: a3 }',
    '    internet: false',
    '    power: off',
    '    lan: shop',
    '    channels:',
    '      - camera: cam-b',
    '      - { camera: cam-c, password: "Old#Pass0" }',
    '',
  ].join('\n');
  const result = parseScenarioText(text, 'full.yaml');
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  const [a, b, c, nvr] = result.scenario.devices;
  t.same([a?.lan, b?.lan, c?.lan], ['default', 'shop', 'shop']);
  t.strictSame(nvr, {
    id: 'nvr-a', kind: 'nvr', model: 'NVR1016H', name: 'Shop NVR', mac: '40-AE-30-00-00-09', uuid: '8a1f3c2e-0000-4000-a000-000000000009',
    serial: '2200000000009', firmware: '1.1.3 Build 240101', ip: '127.77.3.1', activated: true, password: 'Vigi#Admin1',
    resetEmail: 'nvr@example.test',
    securityQuestions: [{ question: 'q1', answer: 'a1' }, { question: 'q2', answer: 'a2' }, { question: 'q3', answer: 'a3' }],
    internet: false, power: 'off', lan: 'shop',
    channels: [{ camera: 'cam-b' }, { camera: 'cam-c', password: 'Old#Pass0' }],
  }, 'a channel without a password keeps none: it means "the camera\'s own"');
});

t.test('a factory-fresh NVR: no password, no channels', async (t) => {
  const ok = parseScenarioText(`${cameras}  - id: nvr-a\n    kind: nvr\n    activated: false\n    channels: []\n`, 'fresh.yaml');
  t.same(ok.ok && ok.scenario.devices[2], { id: 'nvr-a', kind: 'nvr', model: 'NVR1008H', name: 'nvr-a', activated: false, internet: true, power: 'on', lan: 'default', channels: [] },
    'an empty channel list is fine');
  t.same(problemsOf(`${cameras}  - id: nvr-a\n    kind: nvr\n    activated: false\n    password: p\n    channels:\n      - camera: cam-a\n`), [
    '12:5: devices[2].password: an NVR with "activated: false" is factory-fresh and has no password yet; remove this key',
    '13:5: devices[2].channels: an NVR with "activated: false" is factory-fresh and cannot have channels yet; activate it or remove this key',
  ]);
  t.same(problemsOf(`${cameras}  - id: nvr-a\n    kind: nvr\n`), [
    '9:5: devices[2]: missing required key "password" (an activated NVR has an admin password; set "activated: false" for a factory-fresh one)',
  ]);
});

t.test('a channel names an existing camera, on the NVR\'s LAN, activated, added once', async (t) => {
  const text = [
    'version: 1',
    'devices:',
    '  - { id: cam-a, kind: camera, password: p }',
    '  - { id: cam-b, kind: camera, password: p, lan: office }',
    '  - { id: cam-c, kind: camera, activated: false }',
    '  - { id: cam-d, kind: camera, password: p }',
    '  - id: nvr-a',
    '    kind: nvr',
    '    password: p',
    '    channels:',
    '      - camera: cam-a',
    '      - camera: cam-aa',
    '      - camera: nvr-b',
    '      - camera: cam-b',
    '      - camera: cam-c',
    '      - { camera: cam-a, password: x }',
    '      - camera: cam-zzzzzz',
    '  - id: nvr-b',
    '    kind: nvr',
    '    password: p',
    '    channels: [{ camera: cam-d }, { camera: cam-a }]',
    '',
  ].join('\n');
  t.same(problemsOf(text), [
    '12:17: devices[4].channels[1].camera: no camera in this scenario has the id "cam-aa" (did you mean "cam-a"?)',
    '13:17: devices[4].channels[2].camera: "nvr-b" is an NVR (devices[5]); a channel is a camera',
    '14:17: devices[4].channels[3].camera: "cam-b" is on LAN "office" and this NVR on LAN "default"; an NVR can add only cameras on its own LAN',
    '15:17: devices[4].channels[4].camera: "cam-c" has "activated: false": a factory-fresh camera cannot be added; activate it first',
    '16:19: devices[4].channels[5].camera: "cam-a" is already channels[0] of this NVR; a camera is added once',
    '17:17: devices[4].channels[6].camera: no camera in this scenario has the id "cam-zzzzzz"',
    '21:45: devices[5].channels[1].camera: "cam-a" is already a channel of devices[4] ("nvr-a"); a camera can be added to one NVR only',
  ]);
});

t.test('LANs: a camera with no lan is on "default", and so is an NVR', async (t) => {
  const base = 'version: 1\ndevices:\n  - { id: cam-a, kind: camera, password: p, lan: default }\n  - { id: nvr-a, kind: nvr, password: p, channels: [{ camera: cam-a }] }\n';
  t.ok(parseScenarioText(base, 'lan.yaml').ok, 'lan: default written out matches an NVR without lan');
  t.same(problemsOf(base.replace('lan: default', 'lan: Shop_1')), [
    '3:50: devices[0].lan: "Shop_1" is not a valid LAN name: use lower-case letters, digits and "-", starting with a letter or digit',
  ], 'a bad LAN name is a schema problem only, not also a LAN mismatch');
});

t.test('schema: an NVR key typo gets a suggestion from the NVR keys, not a wall of alternatives', async (t) => {
  t.same(problemsOf(`${cameras}  - id: nvr-a\n    kind: nvr\n    password: p\n    chanels: []\n`), [
    '12:5: devices[2]: unknown key "chanels" (did you mean "channels"?)',
  ]);
  t.same(problemsOf(`${cameras}  - id: nvr-a\n    kind: nvr\n    password: p\n    colour: red\n`).map((line) => line.replace(/model, .*channels/, 'model, ..., channels')), [
    '12:5: devices[2]: unknown key "colour" (expected one of: id, kind, model, ..., channels)',
  ]);
  t.same(problemsOf(`${cameras}    channels: []\n`), [
    '9:5: devices[1]: unknown key "channels" (expected one of: id, kind, model, name, mac, uuid, serial, firmware, ip, activated, password, resetEmail, securityQuestions, internet, power, lan, openapi)',
  ], 'a camera has no channels');
  t.same(problemsOf(`${cameras}  - id: nvr-a\n    kind: nvr\n    password: p\n    channels:\n      - { camera: cam-a, pasword: x }\n      - cam-b\n      - { password: x }\n`), [
    '13:26: devices[2].channels[0]: unknown key "pasword" (did you mean "password"?)',
    '14:9: devices[2].channels[1]: expected a mapping (key: value lines), got "cam-b"',
    '15:9: devices[2].channels[2]: missing required key "camera"',
  ]);
  const many = Array.from({ length: 65 }, () => '{ camera: cam-a }').join(', ');
  t.same(problemsOf(`${cameras}  - id: nvr-a\n    kind: nvr\n    password: p\n    channels: [${many}]\n`).filter((line) => !line.includes('already')), [
    '12:15: devices[2].channels: takes at most 64 entries, got 65',
  ]);
});

t.test('schema: a kind that is neither camera nor NVR is one problem', async (t) => {
  t.same(problemsOf(`${cameras}  - id: Bad_Id\n    kind: nvx\n    bogus: 1\n`), ['10:11: devices[2].kind: must be "camera" or "nvr", got "nvx" (did you mean "nvr"?)']);
  t.same(problemsOf(`${cameras}  - id: x\n    kind: 5\n`), ['10:11: devices[2].kind: must be "camera" or "nvr", got 5']);
  t.same(problemsOf(`${cameras}  - id: x\n    password: p\n`), ['9:5: devices[2]: missing required key "kind"'], 'no kind: checked as a camera, which asks for it');
});

t.test('duplicate identities are checked across cameras and NVRs', async (t) => {
  t.same(problemsOf(`${cameras}  - id: cam-b\n    kind: nvr\n    password: p\n    ip: 127.77.0.5\n  - { id: nvr-b, kind: nvr, password: p, ip: 127.77.0.5 }\n`), [
    '9:9: devices[2].id: "cam-b" is already used by devices[1]',
    '13:46: devices[3].ip: "127.77.0.5" is already used by devices[2] ("cam-b")',
  ]);
});

t.test('channels of a broken file never throw', async (t) => {
  const inputs: unknown[] = [
    { version: 1, devices: [{ id: 'nvr-a', kind: 'nvr', password: 'p', channels: 'cam-a' }] },
    { version: 1, devices: [{ id: 'nvr-a', kind: 'nvr', password: 'p', channels: [null, 1, { camera: 5 }, { camera: 'nvr-a' }] }] },
    { version: 1, devices: [{ id: 'cam-a', kind: 'camera', password: 'p', lan: 7 }, { id: 'nvr-a', kind: 'nvr', password: 'p', lan: [], channels: [{ camera: 'cam-a' }] }] },
    { version: 1, devices: [{ id: 'cam-a', password: 'p' }, { kind: 'nvr', channels: [{ camera: 'cam-a' }] }] },
  ];
  for (const value of inputs) {
    const result = validateScenarioValue(value);
    t.ok(!result.ok && result.problems.length > 0, JSON.stringify(value));
  }
});
