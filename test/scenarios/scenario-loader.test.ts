import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadScenarioFile, parseScenarioText, validateScenarioValue } from '../../scenarios/scenario-loader.js';
import type { ScenarioProblem } from '../../scenarios/scenario-types.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const fixture = (name: string): string => here(`./fixtures/${name}`);
const root = (path: string): string => here(`../../${path}`);
const where = (problems: readonly ScenarioProblem[]): string[] => problems.map((p) => `${p.line}:${p.column}: ${p.message}`);

const minimal = 'version: 1\ndevices:\n  - id: cam-a\n    kind: camera\n    password: Vigi#Admin1\n';

t.test('quickstart.yaml loads with its NVR, four cameras and defaults applied', async (t) => {
  const result = await loadScenarioFile(root('scenarios/quickstart.yaml'));
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  const { scenario } = result;
  t.equal(scenario.name, 'quickstart');
  t.same(scenario.ports, { https: 8443, http: 8080 });
  t.same(scenario.devices.map((d) => [d.id, d.kind, d.model, d.activated]), [
    ['cam-front', 'camera', 'C540V', true],
    ['cam-garage', 'camera', 'C340', true],
    ['cam-lobby', 'camera', 'C440', true],
    ['cam-backyard', 'camera', 'C250', true],
    ['nvr-main', 'nvr', 'NVR1008H', true],
  ], 'cameras first (127.77.0.1-4 as in the README), the NVR last');
  t.same(scenario.devices.map((d) => d.mac), ['40-AE-30-00-00-01', '40-AE-30-00-00-02', '40-AE-30-00-00-03', '40-AE-30-00-00-04', '40-AE-30-00-00-05']);
  t.ok(scenario.devices.every((d) => d.lan === 'default'), 'one LAN');
  const [front, garage, lobby, backyard, nvr] = scenario.devices;
  t.equal(front?.securityQuestions?.length, 3);
  t.equal(front?.resetEmail, 'owner@example.test');
  t.equal(garage?.internet, false, 'one camera without internet, for the app QR path');
  t.equal(garage?.securityQuestions, undefined);
  t.equal(lobby?.resetEmail, undefined);
  t.equal(lobby?.securityQuestions?.length, 3);
  t.equal(backyard?.resetEmail, 'owner@example.test', 'the found device can be reset through the NVR');
  t.equal(backyard?.securityQuestions?.length, 3);
  for (const device of scenario.devices.filter((d) => d.activated)) t.equal(device.password, 'Vigi#Admin1', device.id);
  if (nvr?.kind !== 'nvr') {
    t.fail('the last device is the NVR');
    return;
  }
  t.equal(nvr.name, 'Main NVR');
  t.equal(nvr.resetEmail, 'owner@example.test');
  t.equal(nvr.securityQuestions?.length, 3);
  t.strictSame(nvr.channels, [{ camera: 'cam-front' }, { camera: 'cam-garage' }, { camera: 'cam-lobby', password: 'Old#Pass0' }],
    'two certified channels, one added but not certified; cam-backyard is only found');
});

t.test('every scenario file under scenarios/ is valid: quickstart, examples, suites', async (t) => {
  const files = async (dir: string): Promise<string[]> => {
    const found: string[] = [];
    for (const entry of await readdir(root(dir), { withFileTypes: true })) {
      if (entry.isDirectory()) found.push(...(await files(`${dir}/${entry.name}`)));
      else if (/\.(ya?ml|json)$/.test(entry.name) && !entry.name.endsWith('.schema.json')) found.push(`${dir}/${entry.name}`);
    }
    return found;
  };
  const names = await files('scenarios');
  t.ok(names.filter((name) => name.startsWith('scenarios/examples/')).length >= 1, 'there are examples');
  for (const name of names) {
    const result = await loadScenarioFile(root(name));
    t.ok(result.ok, name, result.ok ? {} : { problems: where(result.problems) });
  }
});

t.test('defaults fill what the file leaves out, and nothing else', async (t) => {
  const result = parseScenarioText(minimal, 'minimal.yaml');
  if (!result.ok) {
    t.fail(where(result.problems).join('\n'));
    return;
  }
  t.strictSame(result.scenario, {
    version: 1,
    ports: { https: 8443, http: 8080 },
    devices: [{ id: 'cam-a', kind: 'camera', model: 'C340', name: 'cam-a', activated: true, password: 'Vigi#Admin1', internet: true, power: 'on', lan: 'default' }],
    timeline: [],
  });
  // exactOptionalPropertyTypes: absent means no key at all, not a key holding undefined.
  t.same(Object.keys(result.scenario).sort(), ['devices', 'ports', 'timeline', 'version'], 'no suite unless the file has one');
  t.same(Object.keys(result.scenario.devices[0] ?? {}).sort(), ['activated', 'id', 'internet', 'kind', 'lan', 'model', 'name', 'password', 'power']);
});

t.test('power accepts on/off and true/false; MAC is normalised to upper case', async (t) => {
  const cases: [string, 'on' | 'off'][] = [['on', 'on'], ['off', 'off'], ['"off"', 'off'], ['true', 'on'], ['false', 'off']];
  for (const [written, expected] of cases) {
    const result = parseScenarioText(`${minimal}    power: ${written}\n    mac: 40-ae-30-0a-0b-0c\n`, 'power.yaml');
    t.equal(result.ok && result.scenario.devices[0]?.power, expected, `power: ${written}`);
    t.equal(result.ok && result.scenario.devices[0]?.mac, '40-AE-30-0A-0B-0C');
  }
  const yaml11 = parseScenarioText(`%YAML 1.1\n---\n${minimal}    power: off\n`, 'yaml11.yaml');
  t.equal(yaml11.ok && yaml11.scenario.devices[0]?.power, 'off', 'YAML 1.1 reads off as false: still "off"');
});

t.test('the broken fixture reports every problem at its node', async (t) => {
  const file = fixture('broken.yaml');
  const result = await loadScenarioFile(file);
  if (result.ok) {
    t.fail('broken.yaml loaded');
    return;
  }
  t.ok(result.problems.every((p) => p.file === file), 'problems name the file as given');
  t.same(where(result.problems), [
    '5:17: ports.https: must be at most 65535, got 70000',
    '5:24: ports: unknown key "htps" (did you mean "https"?)',
    '7:5: devices[0]: missing required key "password" (an activated camera has an admin password; set "activated: false" for a factory-fresh one)',
    '9:5: devices[0]: unknown key "pasword" (did you mean "password"?)',
    '10:17: devices[0].resetEmail: "bob@" is not an email address',
    '11:12: devices[0].power: must be "on", "off", true or false, got "maybe"',
    '12:9: devices[1].id: "Cam_2" is not a valid id: use lower-case letters, digits and "-", starting with a letter or digit',
    '14:10: devices[1].mac: "40:AE:30:00:00:02" is not a MAC address: write six hex pairs joined by "-", e.g. 40-AE-30-00-00-01',
    '15:9: devices[1].ip: "127.77.0.300" is not an IPv4 address (e.g. 127.77.0.10)',
    '16:16: devices[1].activated: expected true or false, got "yes" (YAML 1.2 reads it as text: write true or false)',
    '18:5: devices[1]: unknown key "chanels" (did you mean "channels"?)',
    '19:9: devices[2].id: "cam-front" is already used by devices[0]',
    '22:5: devices[2].password: a camera with "activated: false" is factory-fresh and has no password yet; remove this key',
    '24:5: devices[3]: missing required key "id"',
    '25:9: devices[3].ip: "127.77.0.9" is already used by devices[2] ("cam-front")',
    '27:15: devices[3].firmware: expected text, got 1.0 (put it in quotes: "1.0")',
    '29:7: devices[3].securityQuestions: needs exactly 3 entries, got 2',
    '30:21: devices[3].securityQuestions[1].question: the same question as securityQuestions[0]; the three questions must differ',
    '30:56: devices[3].securityQuestions[1].answer: " " must not be empty or blank',
  ]);
  t.notOk(result.problems.some((p) => /must NOT|additional properties|instancePath/.test(p.message)), 'no ajv jargon');
});

t.test('YAML syntax errors keep their position', async (t) => {
  const result = await loadScenarioFile(fixture('syntax-error.yaml'));
  t.same(result.ok ? [] : where(result.problems), ['5:1: not valid YAML: sequence item without - indicator']);

  const duplicate = parseScenarioText('version: 1\ndevices: []\nversion: 1\n', 'dup.yaml');
  t.same(duplicate.ok ? [] : where(duplicate.problems), ['3:1: the key "version" appears twice in the same mapping']);

  const unclosed = parseScenarioText('version: 1\ndevices: [\n  {id: a}\n', 'flow.yaml');
  t.ok(!unclosed.ok && unclosed.problems.every((p) => p.line >= 2 && p.message.startsWith('not valid YAML')), 'unclosed flow list');
});

t.test('JSON files: syntax errors with their position, then the same checks as YAML', async (t) => {
  const result = await loadScenarioFile(fixture('syntax-error.json'));
  t.same(result.ok ? [] : where(result.problems), ['4:57: not valid JSON: trailing comma before "}"']);

  const cases: [string, string][] = [
    ['{\n  "version": 1 // note\n}', '2:16: not valid JSON: expected "," or "}", found "/"'],
    ['{"version": 1,\n "name": "open', '2:10: not valid JSON: this string is never closed (missing ")'],
    ['{"version": tru}', '1:13: not valid JSON: expected a value, found "tru"'],
    ['{"version": 1}\n{}', '2:1: not valid JSON: unexpected "{" after the end of the JSON value'],
    ["{'version': 1}", '1:2: not valid JSON: expected a key in double quotes, found "\'"'],
  ];
  for (const [text, expected] of cases) {
    const parsed = parseScenarioText(text, 'inline.json');
    t.same(parsed.ok ? [] : where(parsed.problems), [expected], JSON.stringify(text));
  }

  const schemaError = parseScenarioText('{\n  "version": 1,\n  "devices": [\n    {"id": "cam-a", "kind": "camera", "pasword": "x"}\n  ]\n}\n', 's.json');
  t.same(schemaError.ok ? [] : where(schemaError.problems), [
    '4:5: devices[0]: missing required key "password" (an activated camera has an admin password; set "activated: false" for a factory-fresh one)',
    '4:39: devices[0]: unknown key "pasword" (did you mean "password"?)',
  ]);
  t.ok(parseScenarioText('{\n\t"version": 1,\n\t"devices": [{"id": "c", "kind": "camera", "password": "p\\/q"}]\n}', 'tabs.json').ok, 'tabs and escapes');
});

t.test('unknown keys: a suggestion when one is close, else the keys that exist', async (t) => {
  const problem = (key: string): string => {
    const result = parseScenarioText(`${minimal}    ${key}: x\n`, 'k.yaml');
    return result.ok ? '' : (result.problems[0]?.message ?? '');
  };
  t.equal(problem('pasword'), 'devices[0]: unknown key "pasword" (did you mean "password"?)');
  t.equal(problem('reset_email'), 'devices[0]: unknown key "reset_email" (did you mean "resetEmail"?)');
  t.equal(problem('Firmware'), 'devices[0]: unknown key "Firmware" (did you mean "firmware"?)');
  t.match(problem('colour'), /^devices\[0\]: unknown key "colour" \(expected one of: id, kind, model, .*power, lan, openapi\)$/);
  const top = parseScenarioText(`${minimal}devics: []\n`, 'top.yaml');
  t.same(top.ok ? [] : where(top.problems), ['6:1: unknown key "devics" (did you mean "devices"?)']);
});

t.test('duplicate ids, ips and MACs point at the second one', async (t) => {
  const text = `${minimal}    ip: 127.77.0.5\n    mac: 40-AE-30-00-00-01\n  - id: cam-a\n    kind: camera\n    password: p\n    ip: 127.77.0.5\n    mac: 40-ae-30-00-00-01\n`;
  const result = parseScenarioText(text, 'dup.yaml');
  t.same(result.ok ? [] : where(result.problems), [
    '8:9: devices[1].id: "cam-a" is already used by devices[0]',
    '11:9: devices[1].ip: "127.77.0.5" is already used by devices[0] ("cam-a")',
    '12:10: devices[1].mac: "40-ae-30-00-00-01" is already used by devices[0] ("cam-a")',
  ]);
});

t.test('password and reset options follow activation', async (t) => {
  const fresh = parseScenarioText(
    'version: 1\ndevices:\n  - id: cam-a\n    kind: camera\n    activated: false\n    resetEmail: a@example.test\n  - id: cam-b\n    kind: camera\n    activated: true\n',
    'a.yaml',
  );
  t.same(fresh.ok ? [] : where(fresh.problems), [
    '6:5: devices[0].resetEmail: a camera with "activated: false" is factory-fresh and has no reset email yet; remove this key',
    '7:5: devices[1]: missing required key "password" (an activated camera has an admin password; set "activated: false" for a factory-fresh one)',
  ]);
  const openapi = parseScenarioText('version: 1\ndevices:\n  - id: cam-a\n    kind: camera\n    activated: false\n    openapi: true\n', 'o.yaml');
  t.same(openapi.ok ? [] : where(openapi.problems), [
    '6:5: devices[0].openapi: a camera with "activated: false" is factory-fresh, and OpenAPI is off until it is switched on after activation (it logs in with the admin password); remove this key',
  ], 'OpenAPI cannot be on before there is a password');
  const empty = parseScenarioText(`${minimal.replace('password: Vigi#Admin1', 'password:')}`, 'e.yaml');
  t.same(empty.ok ? [] : where(empty.problems), ['5:5: devices[0].password: expected text, got an empty value']);
});

t.test('other file-level checks', async (t) => {
  const other = parseScenarioText('version: 2\ndevices: 7\nnvrs: []\n', 'v2.yaml');
  t.same(other.ok ? [] : where(other.problems), ['1:10: version: this file is version 2; this vigi-sim reads version 1'], 'another version: one problem only');
  const missing = parseScenarioText('name: x\n', 'm.yaml');
  t.same(missing.ok ? [] : where(missing.problems), ['1:1: missing required key "version"', '1:1: missing required key "devices"']);
  const ports = parseScenarioText(`ports: {https: 8080, http: 8080}\n${minimal}`, 'p.yaml');
  t.same(ports.ok ? [] : where(ports.problems), ['1:28: ports.http: 8080 is also the https port; the two must differ']);
  const zero = parseScenarioText(`ports: {https: 0, http: 0}\n${minimal}`, 'z.yaml');
  t.ok(zero.ok, 'both ports 0 (ephemeral) is fine');
});

t.test('unreadable files are one problem at 1:1', async (t) => {
  const missing = await loadScenarioFile(fixture('no-such-file.yaml'));
  t.same(missing.ok ? [] : where(missing.problems), ['1:1: cannot read the scenario: no such file']);
  const directory = await loadScenarioFile(here('./fixtures'));
  t.same(directory.ok ? [] : where(directory.problems), ['1:1: cannot read the scenario: it is a directory, not a file']);
});

t.test('nothing throws on bad input', async (t) => {
  const inputs = ['', '   \n', '42', 'null', '[', '- 1\n- 2', '{{{{', '"', '\u0000\u0001\u0002', 'a: &x [*x]', 'version: 1\ndevices: [1, "x", null, []]\n',
    `${'['.repeat(2000)}`, 'version: 1\ndevices:\n  - <<: {id: a, kind: camera, bogus: 1}\n    password: p\n'];
  for (const text of inputs) {
    for (const name of ['in.yaml', 'in.json']) {
      const result = parseScenarioText(text, name);
      t.ok(!result.ok && result.problems.length > 0 && result.problems.every((p) => p.line >= 1 && p.column >= 1), `${name} ${JSON.stringify(text.slice(0, 20))}`);
    }
  }
});

t.test('validateScenarioValue checks a plain object the same way', async (t) => {
  const ok = validateScenarioValue({ version: 1, devices: [{ id: 'cam-a', kind: 'camera', password: 'p' }] });
  t.ok(ok.ok);
  const bad = validateScenarioValue({ version: 1, devices: [{ id: 'cam-a', kind: 'camera', password: 'p', ip: 'x' }] });
  t.same(bad.ok ? [] : bad.problems, [{ file: '<scenario object>', line: 1, column: 1, message: 'devices[0].ip: "x" is not an IPv4 address (e.g. 127.77.0.10)' }]);
});

t.test('YAML anchors and merge keys share settings between devices', async (t) => {
  const text = 'version: 1\ndevices:\n  - &cam {id: cam-a, kind: camera, model: C440, password: p}\n  - <<: *cam\n    id: cam-b\n';
  const result = parseScenarioText(text, 'merge.yaml');
  t.same(result.ok && result.scenario.devices.map((d) => [d.id, d.model]), [['cam-a', 'C440'], ['cam-b', 'C440']]);
});

t.test('a parser that repeats itself is reported once per place', async (t) => {
  const result = parseScenarioText('['.repeat(2000), 'deep.yaml');
  t.ok(!result.ok && result.problems.length <= 3, 'a handful of problems, not hundreds');
  t.ok(!result.ok && result.problems.some((p) => p.message === 'not valid YAML: nested too deeply'));
});
