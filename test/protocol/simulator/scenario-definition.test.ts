import t from 'tap';
import { readFileSync } from 'node:fs';
import { scenarioSchema } from '../../../scenarios/scenario-schema.js';

// ScenarioDefinition (the typed scenario object of startSimulator) is written by hand; every
// key a scenario file may have must be in it, or TypeScript users cannot write it.
const source = readFileSync(new URL('../../../protocol/simulator/scenario-definition.ts', import.meta.url), 'utf8');
const declared = (block: string) => new Set([...block.matchAll(/readonly (\w+)\??:/g)].map((m) => m[1]));
const between = (start: string, end: string) => source.slice(source.indexOf(start), source.indexOf(end, source.indexOf(start)));

type Properties = { properties: Record<string, unknown> };
const schema = scenarioSchema as unknown as Properties & { properties: { ports: Properties }; $defs: { camera: Properties; nvr: Properties } };

t.test('every top-level key of a scenario file is in ScenarioDefinition', async (t) => {
  const keys = declared(between('export interface ScenarioDefinition', '\n}'));
  // `$schema` is for editors; an object has no use for it.
  for (const key of Object.keys(schema.properties).filter((k) => k !== '$schema')) t.ok(keys.has(key), key);
  const ports = declared(between('readonly ports?:', '\n'));
  for (const key of Object.keys(schema.properties.ports.properties)) t.ok(ports.has(key), `ports.${key}`);
});

t.test('every device key of a scenario file is in DeviceDefinition', async (t) => {
  const keys = new Set([...declared(between('interface DeviceDefinitionBase', '\n}')), ...declared(between('export interface NvrDefinition', '\n}')), 'kind']);
  const deviceKeys = new Set([...Object.keys(schema.$defs.camera.properties), ...Object.keys(schema.$defs.nvr.properties)]);
  t.ok(deviceKeys.size > 10, `the schema has ${deviceKeys.size} device keys`);
  for (const key of deviceKeys) t.ok(keys.has(key), key);
});
