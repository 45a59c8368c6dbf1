import t from 'tap';
import { ManualClock } from '../../../devices/kernel/clock.js';
import { SeededRng } from '../../../devices/kernel/rng.js';
import { MemoryMailer } from '../../../devices/kernel/mailer.js';
import { MemoryEventSink } from '../../../devices/kernel/device-events.js';
import { Camera } from '../../../devices/camera/camera.js';
import { newCamera } from '../../../devices/camera/camera-state.js';
import { Fleet } from '../../../devices/fleet.js';
import { OpenApiService } from '../../../devices/openapi/openapi-service.js';
import { PasswordBook } from '../../../devices/openapi/password-book.js';
import { buildOpenApiApp } from '../../../protocol/openapi/openapi-app.js';
import { parseDigestAuthorization } from '../../../protocol/openapi/digest-header.js';
import { activatedFlash, identity, PASSWORD } from '../../helpers/camera-fixture.js';

/** The OpenAPI app with one camera, through inject(): bad input never gets a 5xx. */
async function fixture() {
  const clock = new ManualClock();
  const camera = new Camera(newCamera(identity, activatedFlash()), { clock, rng: new SeededRng(5), mailer: new MemoryMailer(), events: new MemoryEventSink() });
  const fleet = new Fleet();
  fleet.add(camera);
  const service = new OpenApiService({ clock, rng: new SeededRng(6), passwords: new PasswordBook([PASSWORD]) });
  const app = buildOpenApiApp({ fleet, service });
  await app.ready();
  const send = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: string) => {
    const response = await app.inject({ method, url, ...(payload !== undefined ? { payload } : {}), headers: { host: `${identity.ip}:20443`, 'content-type': 'application/json' } });
    return { status: response.statusCode, json: JSON.parse(response.body) as Record<string, unknown>, connection: response.headers.connection };
  };
  return { app, send };
}

t.test('bad input gets a vendor-style errCode, never a 5xx', async (t) => {
  const { app, send } = await fixture();
  t.teardown(() => app.close());
  const cases: [string, 'GET' | 'POST' | 'PUT', string, string | undefined, number][] = [
    ['not JSON', 'POST', '/', '{nope', -10090],
    ['empty body', 'POST', '/', '', -10090],
    ['an array', 'POST', '/', '[1]', -10090],
    ['no method', 'POST', '/', '{"params":null}', -10090],
    ['doAuth params of the wrong type', 'POST', '/', '{"method":"doAuth","params":{"nonce":1}}', -10090],
    ['another method before doAuth', 'POST', '/', '{"method":"getStreamPort","params":{}}', -10002],
    ['an unknown stok', 'POST', '/stok=abc', '{"method":"getStreamPort"}', -10002],
    ['a bad %-escape in the path', 'POST', '/stok=%E0%A4%A', '{"method":"getStreamPort"}', -10090],
    ['GET on a camera', 'GET', '/', undefined, -10030],
    ['an unknown path', 'PUT', '/openapi/token', '{}', -10030],
    ['a huge body', 'POST', '/', `{"method":"${'x'.repeat(70_000)}"}`, -10090],
  ];
  for (const [what, method, url, payload, code] of cases) {
    const reply = await send(method, url, payload);
    t.ok(reply.status < 500, `${what}: HTTP ${reply.status}`);
    t.equal(reply.json.errCode, code, `${what}: errCode ${code}`);
    t.equal(reply.connection, 'close', `${what}: Connection: close`);
  }
});

t.test('HTTP methods outside the route get a vendor-style 404 (the NVR\'s shape: test/e2e/openapi.test.ts)', async (t) => {
  const { app } = await fixture();
  t.teardown(() => app.close());
  for (const method of ['TRACE', 'PROPFIND', 'LOCK'] as const) {
    const reply = await app.inject({ method, url: '/', headers: { host: `${identity.ip}:20443` } });
    t.equal(reply.statusCode, 404, `${method}: 404`);
    t.match(JSON.parse(reply.body), { errCode: -10030, msg: new RegExp(`No such call: ${method} /`) }, `${method}: errCode, msg`);
    t.equal(reply.headers.connection, 'close', `${method}: the camera closes the connection`);
  }
});

t.test('an unknown method with a good stok is -10030', async (t) => {
  const { app, send } = await fixture();
  t.teardown(() => app.close());
  const { createHash } = await import('node:crypto');
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const challenge = (await send('POST', '/', '{"method":"doAuth","params":null}')).json.authenticate as { nonce: string; realm: string };
  const response = sha(`${sha(`admin:${challenge.realm}:${PASSWORD}`)}:${challenge.nonce}:${sha('POST:doAuth')}`);
  const login = await send('POST', '/', JSON.stringify({ method: 'doAuth', params: { nonce: challenge.nonce, response } }));
  t.equal(login.json.errCode, 0);
  const reply = await send('POST', `/stok=${String(login.json.stok)}`, '{"method":"rebootDevice","params":{}}');
  t.match(reply.json, { method: 'rebootDevice', errCode: -10030 });
});

t.test('Digest Authorization headers are read as RFC 7616 writes them', async (t) => {
  t.match(parseDigestAuthorization('Digest username="admin", realm="TP-LINK NVR", nonce="n1", uri="/openapi/token", algorithm=SHA-256, response="ab", qop=auth, nc=00000001, cnonce="c"'),
    { username: 'admin', realm: 'TP-LINK NVR', nonce: 'n1', uri: '/openapi/token', response: 'ab', qop: 'auth', nc: '00000001', cnonce: 'c' });
  t.equal(parseDigestAuthorization('Basic YWRtaW46eA=='), undefined);
  t.equal(parseDigestAuthorization('Digest username="admin"'), undefined, 'missing fields');
  t.equal(parseDigestAuthorization(undefined), undefined);
});
