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

t.test('every mapping is closed and every key is described', async (t) => {
  for (const [at, schema] of objects(scenarioSchema)) {
    t.equal(schema.additionalProperties, false, `${at} is closed`);
    for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, SchemaNode>)) {
      t.ok(typeof property.description === 'string' && property.description.length > 10, `${at}.${key} is described`);
    }
  }
});

t.test('JSON round trip: the schema is plain data, ready to publish as a file', async (t) => {
  t.same(JSON.parse(JSON.stringify(scenarioSchema)), scenarioSchema);
});
