import t from 'tap';
import WebSocket from 'ws';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildControlApp } from '../../../protocol/control/control-app.js';
import { CONSOLE_CSP } from '../../../protocol/control/console-routes.js';
import type { ControlDeps } from '../../../protocol/control/control-deps.js';
import { EventJournal } from '../../../protocol/events/event-journal.js';

/**
 * The console's static files through the control plane: content types, the CSP, caching, path
 * traversal, the 404 shape, and which requests the token does not guard.
 */
const TOKEN = 's3cret-t0ken';

/** Only the event stream reads its deps here; the other routes are never reached by these calls. */
function depsWith(token?: string): ControlDeps {
  return { journal: new EventJournal(), ...(token ? { token } : {}) } as unknown as ControlDeps;
}

t.test('the console files, each with its type, no-cache and a strict CSP', async (t) => {
  const app = await buildControlApp(depsWith());
  t.teardown(() => app.close());

  const redirect = await app.inject({ method: 'GET', url: '/console' });
  t.equal(redirect.statusCode, 302);
  t.equal(redirect.headers.location, '/console/');

  for (const [url, type] of [
    ['/console/', 'text/html; charset=utf-8'],
    ['/console/index.html', 'text/html; charset=utf-8'],
    ['/console/app.js', 'text/javascript; charset=utf-8'],
    ['/console/console.css', 'text/css; charset=utf-8'],
    ['/console/favicon.svg', 'image/svg+xml'],
    ['/console/vendor/jsQR.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    const reply = await app.inject({ method: 'GET', url });
    t.equal(reply.statusCode, 200, `${url} is served`);
    t.equal(reply.headers['content-type'], type, `${url} is ${type}`);
    t.equal(reply.headers['cache-control'], 'no-cache');
    t.equal(reply.headers['content-security-policy'], CONSOLE_CSP);
    t.equal(reply.headers['x-content-type-options'], 'nosniff');
  }
  t.match(CONSOLE_CSP, /default-src 'self'/);
  t.match(CONSOLE_CSP, /script-src 'self'(;|$)/, 'no inline or eval scripts');
  t.match(CONSOLE_CSP, /style-src 'self'(;|$)/, 'no inline styles');
  t.notMatch(CONSOLE_CSP, /unsafe/);

  const page = (await app.inject({ method: 'GET', url: '/console/' })).body;
  t.match(page, /<script type="module" src="app.js"><\/script>/);
  t.notMatch(page, /<script>|<style|style="/, 'no inline script or style in the page');
  t.match((await app.inject({ method: 'GET', url: '/console/vendor/jsQR.js' })).body, /jsQR/, 'jsQR from node_modules');

  const first = await app.inject({ method: 'GET', url: '/console/app.js' });
  const again = await app.inject({ method: 'GET', url: '/console/app.js', headers: { 'if-none-match': String(first.headers.etag) } });
  t.equal(again.statusCode, 304, 'revalidation answers 304 while the file is unchanged');
  t.equal((await app.inject({ method: 'HEAD', url: '/console/app.js' })).statusCode, 200, 'HEAD works');
});

t.test('unknown files and path traversal: 404 in the control plane\'s error shape', async (t) => {
  const app = await buildControlApp(depsWith());
  t.teardown(() => app.close());
  for (const url of [
    '/console/nope.js',
    '/console/../package.json',
    '/console/..%2Fpackage.json',
    '/console/%2e%2e/package.json',
    '/console/..%5Cpackage.json',
    '/console/.hidden',
    '/console/vendor/../../package.json',
    '/console/vendor/other.js',
    '/console/app.js%00.html',
    '/console/README.md',
  ]) {
    const reply = await app.inject({ method: 'GET', url });
    t.equal(reply.statusCode, 404, `${url} is 404`);
    t.match(reply.json(), { error: { message: String } }, `${url} answers {"error":{"message"}}`);
    t.notMatch(reply.body, /"name":\s*"vigi-sim"/, 'never the project\'s files');
  }
});

t.test('with a token: the console files load without it, the control plane still needs it', async (t) => {
  const app = await buildControlApp(depsWith(TOKEN));
  t.teardown(() => app.close());
  t.equal((await app.inject({ method: 'GET', url: '/console/' })).statusCode, 200, 'the page loads, so it can ask');
  t.equal((await app.inject({ method: 'GET', url: '/console/app.js' })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/console' })).statusCode, 302);
  t.equal((await app.inject({ method: 'GET', url: '/console/nope.js' })).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: '/console/' })).statusCode, 401, 'only GET and HEAD are exempt');
  t.equal((await app.inject({ method: 'GET', url: '/__sim/events' })).statusCode, 401, 'the control plane is not');
  t.equal((await app.inject({ method: 'GET', url: '/console/../__sim/events' })).statusCode, 401, 'no way round through /console/..');
  t.equal((await app.inject({ method: 'GET', url: '/__sim/events', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 200);
  const offered = `vigi-sim, vigi-sim.bearer.${Buffer.from(TOKEN).toString('base64url')}`;
  t.equal((await app.inject({ method: 'GET', url: '/__sim/events', headers: { 'sec-websocket-protocol': offered } })).statusCode, 401,
    'the subprotocol carries the token only on a WebSocket upgrade');
});

t.test('the event WebSocket takes the token as a subprotocol, never from the URL', async (t) => {
  const deps = depsWith(TOKEN);
  const app = await buildControlApp(deps);
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/__sim/events?since=0`;
  const carrier = (token: string) => `vigi-sim.bearer.${Buffer.from(token).toString('base64url')}`;

  /** Resolves with the first message, or with the refusal's HTTP status. */
  const attempt = (target: string, protocols: string[]) => new Promise<{ status?: number; protocol?: string; message?: unknown }>((resolve) => {
    const socket = new WebSocket(target, protocols);
    const timer = setTimeout(() => { socket.terminate(); resolve({}); }, 3000);
    socket.on('unexpected-response', (_request, response) => { clearTimeout(timer); resolve({ status: response.statusCode ?? 0 }); socket.terminate(); });
    socket.on('error', () => undefined);
    socket.on('message', (data) => { clearTimeout(timer); resolve({ protocol: socket.protocol, message: JSON.parse(String(data)) }); socket.close(); });
  });

  // Unnormalised, as a raw client may send it: the router never takes it for /__sim/events.
  const raw = await new Promise<number>((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: '/console/../__sim/events' }, (response) => { response.resume(); resolve(response.statusCode ?? 0); }).on('error', reject).end();
  });
  t.equal(raw, 404, 'a raw /console/../__sim/events is a missing console file, not the event list');

  deps.journal.emit({ type: 'powered-off', deviceId: 'cam-a', at: 1 });
  const opened = await attempt(url, ['vigi-sim', carrier(TOKEN)]);
  t.match(opened, { protocol: 'vigi-sim', message: { type: 'powered-off', seq: 1 } }, 'the right token opens the stream; the server picks "vigi-sim", never echoing the token');
  t.match(await attempt(url, ['vigi-sim', carrier('wrong-token!')]), { status: 401 }, 'a wrong token is refused');
  t.match(await attempt(url, []), { status: 401 }, 'no token is refused');
  t.match(await attempt(`${url}&token=${TOKEN}`, []), { status: 401 }, 'a token in the URL is not accepted');
  t.match(await attempt(url, ['vigi-sim', 'vigi-sim.bearer.']), { status: 401 }, 'an empty carrier is refused');
});
