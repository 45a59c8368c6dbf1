import t from 'tap';
import { Ajv } from 'ajv';
import { buildControlApp } from '../../../protocol/control/control-app.js';
import type { ControlDeps } from '../../../protocol/control/control-deps.js';
import { EventJournal } from '../../../protocol/events/event-journal.js';
import { startTestEmulator } from '../../helpers/emulator-fixture.js';
import { scenarioSchema } from '../../../scenarios/scenario-schema.js';

/**
 * `GET /__sim/openapi.json`: a structurally valid OpenAPI 3 description that lists every route
 * the control app registers (the console's static files and the description itself excepted),
 * and whose documented reply schemas hold for real replies of a running emulator.
 */
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; description?: string }> };
  security: Record<string, string[]>[];
};
type Operation = { summary?: string; tags?: string[]; responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>; parameters?: { name: string; in: string }[] };

/** Left out of the description: the console's static files (`/console`, `/console/*`) and the description itself. */
const hidden = (path: string) => path === '/__sim/openapi.json' || path === '/console' || path.startsWith('/console/') || path === '/console*';
const HTTP_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'trace']);

/** "METHOD /path" of every route in fastify's printRoutes tree (HEAD, added by fastify for each GET, left out). */
function routesOf(tree: string): string[] {
  const stack: { depth: number; path: string }[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    while (stack.length > depth) stack.pop();
    const path = (stack[stack.length - 1]?.path ?? '') + match[2]!;
    stack.push({ depth, path });
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m && m !== 'HEAD')) routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

/** "METHOD /path" of every operation in the description, `{id}` back to fastify's `:id`. */
function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => HTTP_METHODS.has(m)).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)).sort();
}

t.test('the description is OpenAPI 3 and lists every route the control app registers', async (t) => {
  const app = await buildControlApp({ journal: new EventJournal() } as unknown as ControlDeps);
  t.teardown(() => app.close());
  const reply = await app.inject({ method: 'GET', url: '/__sim/openapi.json' });
  t.equal(reply.statusCode, 200);
  t.match(reply.headers['content-type'], /application\/json/);
  const doc = reply.json() as Doc;

  t.match(doc.openapi, /^3\.\d+\.\d+$/, 'an OpenAPI 3 version');
  t.ok(doc.info.title && doc.info.version, 'info has a title and a version');
  t.same(doc.components.securitySchemes.bearer && { type: doc.components.securitySchemes.bearer.type, scheme: doc.components.securitySchemes.bearer.scheme }, { type: 'http', scheme: 'bearer' }, 'a bearer security scheme');
  t.match(doc.components.securitySchemes.bearer?.description, /vigi-sim\.bearer\./, 'the WebSocket subprotocol is documented');
  t.same(doc.security, [{ bearer: [] }]);

  for (const [path, ops] of Object.entries(doc.paths)) {
    t.match(path, /^\/__sim\//, `${path} is a control-plane path`);
    for (const [method, op] of Object.entries(ops)) {
      if (!HTTP_METHODS.has(method)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      t.ok(op.summary, `${where} has a summary`);
      t.ok(op.tags?.length, `${where} has a tag`);
      t.ok(Object.keys(op.responses).length > 0, `${where} documents its responses`);
      for (const [status, response] of Object.entries(op.responses)) {
        t.match(status, /^[1-5]\d\d$|^default$/, `${where} status ${status}`);
        t.ok(response.description, `${where} ${status} has a description`);
      }
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        t.ok(op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name), `${where} declares the path parameter ${name}`);
      }
    }
  }

  const registered = routesOf(app.printRoutes({ commonPrefix: false })).filter((route) => !hidden(route.split(' ')[1]!));
  t.ok(registered.length >= 18, `the route tree was read (${registered.length} routes)`);
  t.same(documentedRoutes(doc), registered, 'every registered route, and only those, is described');
});

t.test('documented reply schemas hold for real replies', async (t) => {
  const { emulator, control } = await startTestEmulator();
  t.teardown(() => emulator.close());
  const doc = (await control('GET', '/__sim/openapi.json')).body as Doc;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

  const check = async (method: string, path: string, template: string, body?: unknown) => {
    const reply = await control(method, path, body);
    const response = doc.paths[template]?.[method.toLowerCase()]?.responses[String(reply.status)];
    t.ok(response, `${method} ${path}: status ${reply.status} is documented`);
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) {
      t.equal(reply.body, undefined, `${method} ${path}: ${reply.status} has no body, as documented`);
      return reply;
    }
    const validate = ajv.compile(schema);
    t.ok(validate(reply.body), `${method} ${path} → ${reply.status} matches its schema ${JSON.stringify(validate.errors ?? [])}`);
    return reply;
  };

  await check('GET', '/__sim/health', '/__sim/health');
  await check('GET', '/__sim/devices', '/__sim/devices');
  await check('GET', '/__sim/devices/nvr-main', '/__sim/devices/{id}');
  await check('GET', '/__sim/devices/no-such', '/__sim/devices/{id}');
  const applied = await check('POST', '/__sim/devices/cam-front/faults', '/__sim/devices/{id}/faults', { type: 'latency', ms: 5 });
  t.equal(applied.status, 201);
  await check('POST', '/__sim/devices/cam-front/faults', '/__sim/devices/{id}/faults', { type: 'no-such-fault' });
  await check('GET', '/__sim/faults', '/__sim/faults');
  await check('DELETE', '/__sim/devices/cam-front/faults/latency', '/__sim/devices/{id}/faults/{type}');
  await check('DELETE', '/__sim/devices/cam-front/faults/bogus', '/__sim/devices/{id}/faults/{type}');
  await check('DELETE', '/__sim/devices/cam-front/faults', '/__sim/devices/{id}/faults');
  t.equal((await check('POST', '/__sim/faults', '/__sim/faults', { type: 'smtp-down', probability: 0.5 })).status, 201);
  await check('DELETE', '/__sim/faults/smtp-down', '/__sim/faults/{type}');
  await check('DELETE', '/__sim/faults/latency', '/__sim/faults/{type}');
  await check('GET', '/__sim/clock', '/__sim/clock');
  await check('POST', '/__sim/clock/advance', '/__sim/clock/advance', { ms: 1000 });
  t.equal((await check('POST', '/__sim/clock/advance', '/__sim/clock/advance', { ms: 'soon' })).status, 400, 'bad input keeps its own 400');
  await check('POST', '/__sim/cloud/support/code', '/__sim/cloud/support/code', { qrcode: 'not-a-qr' });
  await check('POST', '/__sim/cloud/app/scan', '/__sim/cloud/app/scan', {});
  await check('GET', '/__sim/mail', '/__sim/mail');
  await check('DELETE', '/__sim/mail', '/__sim/mail');
  await check('GET', '/__sim/events?limit=20', '/__sim/events');
  const schema = await check('GET', '/__sim/scenario.schema.json', '/__sim/scenario.schema.json');
  t.same(schema.body, scenarioSchema, 'the published scenario schema is served');
  await check('POST', '/__sim/devices/cam-backyard/factory-reset', '/__sim/devices/{id}/factory-reset');
  await check('POST', '/__sim/reset', '/__sim/reset');
});
