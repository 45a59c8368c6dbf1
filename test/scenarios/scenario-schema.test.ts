import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import { scenarioSchema } from '../../scenarios/scenario-schema.js';

type SchemaNode = Record<string, unknown>;

/** Every object schema in the tree, with where it is. */
function objects(node: unknown, at = '#'): [string, SchemaNode][] {
  if (node === null || typeof node !== 'object') return [];
  const found: [string, SchemaNode][] = [];
  const schema = node as SchemaNode;
  if (schema.type === 'object') found.push([at, schema]);
  for (const [key, child] of Object.entries(schema)) found.push(...objects(child, `${at}/${key}`));
  return found;
}

t.test('the schema is valid draft 2020-12 and compiles in strict mode', async (t) => {
  const ajv = new Ajv2020({ strict: true });
  ajv.addFormat('email', /@/).addFormat('ipv4', /\./);
  t.ok(ajv.validateSchema(scenarioSchema), JSON.stringify(ajv.errors));
  t.doesNotThrow(() => ajv.compile(scenarioSchema));
  t.equal(scenarioSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

t.test('every mapping with keys is closed and every key is described', async (t) => {
  for (const [at, schema] of objects(scenarioSchema)) {
    if (at === '#/$defs/device') continue; // a dispatcher, checked below
    // Without keys of its own, a mapping is free-form (request params) or a map (captures).
    if (schema.properties === undefined) continue;
    t.equal(schema.additionalProperties, false, `${at} is closed`);
    for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, SchemaNode>)) {
      t.ok(typeof property.description === 'string' && property.description.length > 10, `${at}.${key} is described`);
    }
  }
});

t.test('JSON round trip: the schema is plain data, ready to publish as a file', async (t) => {
  t.same(JSON.parse(JSON.stringify(scenarioSchema)), scenarioSchema);
});

t.test('a device is a camera or an NVR, dispatched on kind to closed definitions', async (t) => {
  const { device, camera, nvr } = scenarioSchema.$defs;
  t.notOk('properties' in device, 'the dispatcher has no keys of its own');
  t.same(device.if, { properties: { kind: { const: 'nvr' } }, required: ['kind'] });
  t.same(device.then, { $ref: '#/$defs/nvr' });
  t.same(device.else.then, { $ref: '#/$defs/camera' });
  t.same(Object.keys(device.else.else), ['properties'], 'any other kind: only the kind is checked (and always fails)');
  t.same(device.else.else.properties.kind.enum, ['camera', 'nvr']);
  t.same([camera.properties.kind.const, nvr.properties.kind.const], ['camera', 'nvr']);
  t.same(Object.keys(nvr.properties).filter((key) => !(key in camera.properties)), ['channels'], 'an NVR has every camera key, plus channels');
});

t.test('the schema says who it is, for editors and the published file', async (t) => {
  t.equal(scenarioSchema.$id, 'urn:vigi-sim:scenario:1');
  t.equal(scenarioSchema.title, 'vigi-sim scenario, version 1');
  t.same(Object.keys(scenarioSchema.properties), ['$schema', 'version', 'name', 'seed', 'ports', 'devices', 'timeline', 'suite']);
});

t.test('a timeline entry takes one trigger and one action; a step one action', async (t) => {
  const { timelineEntry, suiteStep } = scenarioSchema.$defs;
  const keysOf = (choice: { oneOf: readonly { required: readonly string[] }[] }): string[] => choice.oneOf.flatMap((branch) => branch.required);
  t.same(timelineEntry.allOf.map((choice) => [choice.title, keysOf(choice)]), [
    ['trigger', ['at', 'after']],
    ['action', ['fault', 'clear', 'factoryReset', 'detect']],
  ]);
  const [actions] = suiteStep.allOf;
  t.same(keysOf(actions), ['call', 'login', 'activate', 'forget', 'resetPassword', 'nvr', 'nvrTable', 'nvrChangePassword', 'nvrAdd',
    'mail', 'appScan', 'supportCode', 'fault', 'clearFault', 'factoryReset', 'advance', 'openapi', 'detect', 'openapiEvent', 'checkpoint', 'restore']);
  for (const key of keysOf(actions)) t.ok(key in suiteStep.properties, `${key} is a key of a step`);
  t.same(Object.keys(suiteStep.properties).filter((key) => !keysOf(actions).includes(key)), ['name', 'expect', 'capture']);
});

t.test('durations: a number and a unit, units combined largest first, or 0', async (t) => {
  const ajv = new Ajv2020({ strict: true });
  const valid = ajv.compile({ $defs: { duration: scenarioSchema.$defs.duration }, $ref: '#/$defs/duration' });
  for (const good of [0, '0', '500ms', '30s', '5m', '1h', '1m30s', '1h0m5s250ms', '0s']) t.ok(valid(good), JSON.stringify(good));
  for (const bad of [30, -1, '30', '30 s', '30 parsecs', 's', '1s1m', '1.5s', '5d', '', 'ms', '1m1m']) t.notOk(valid(bad), JSON.stringify(bad));
});
