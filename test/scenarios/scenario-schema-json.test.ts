import { readdir, readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import { scenarioSchemaJson } from '../../scripts/scenario-schema-json.js';
import { parseSource } from '../../scenarios/parse-source.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): Promise<string> => readFile(new URL(path, root), 'utf8');

/** Every scenario file (YAML or JSON) below scenarios/, as paths from the project root. */
async function scenarioFiles(dir = 'scenarios/'): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(new URL(dir, root), { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...(await scenarioFiles(`${dir}${entry.name}/`)));
    else if (/\.(ya?ml|json)$/.test(entry.name) && !entry.name.endsWith('.schema.json')) found.push(`${dir}${entry.name}`);
  }
  return found.sort();
}

t.test('scenarios/scenario.schema.json is what scenario-schema.ts generates', async (t) => {
  t.equal(await read('scenarios/scenario.schema.json'), scenarioSchemaJson(), 'regenerate with: npx tsx scripts/scenario-schema-json.ts > scenarios/scenario.schema.json');
  const published = JSON.parse(await read('scenarios/scenario.schema.json')) as Record<string, unknown>;
  t.equal(published.$schema, 'https://json-schema.org/draft/2020-12/schema');
  t.match(published.$id, /^urn:vigi-sim:scenario:1$/);
  t.equal(published.title, 'vigi-sim scenario, version 1');
});

t.test('the published file validates scenarios as an editor would (plain ajv, ajv-formats-like formats)', async (t) => {
  const published = JSON.parse(await read('scenarios/scenario.schema.json')) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/).addFormat('ipv4', /^\d+\.\d+\.\d+\.\d+$/);
  const validate = ajv.compile(published);
  for (const file of await scenarioFiles()) {
    const parsed = parseSource(await read(file), file);
    t.ok(parsed.ok && validate(parsed.value), file, { errors: validate.errors });
  }
  t.notOk(validate({ version: 1, devices: [{ id: 'c', kind: 'camera', password: 'p' }], timeline: [{ at: '1s', after: { event: 'x' }, clear: { type: 'smtp-down' } }] }), 'two triggers');
  t.notOk(validate({ version: 1, devices: [{ id: 'c', kind: 'camera', password: 'p' }], timeline: [{ at: '1s' }] }), 'no action');
  t.notOk(validate({ version: 1, devices: [{ id: 'c', kind: 'camera', password: 'p' }], suite: { name: 's', steps: [{ name: 'a' }] } }), 'a step without an action');
});

t.test('YAML scenarios point editors at the schema on their first line, with a path that resolves', async (t) => {
  const files = ['scenarios/quickstart.yaml', ...(await scenarioFiles('scenarios/examples/')).filter((file) => file.endsWith('.yaml'))];
  t.ok(files.length >= 3);
  for (const file of files) {
    const first = (await read(file)).split('\n')[0] ?? '';
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    t.ok(match, `${file}: first line is the schema comment`);
    t.equal(new URL(match?.[1] ?? 'x', new URL(file, root)).href, new URL('scenarios/scenario.schema.json', root).href, `${file}: the path reaches the schema`);
  }
  const json = JSON.parse(await read('scenarios/examples/single-camera.json')) as { $schema?: string };
  t.equal(json.$schema, '../scenario.schema.json', 'a JSON scenario says it with "$schema"');
});
