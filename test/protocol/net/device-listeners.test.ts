import t from 'tap';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { DeviceListeners, type ConnectionPolicy, type ListenerTarget } from '../../../protocol/net/device-listeners.js';
import { DeviceCertificates } from '../../../protocol/tls/device-certificates.js';

const TIMEOUT = { timeout: 15_000 };
const cameraA: ListenerTarget = { deviceId: 'cam-a', ip: '127.77.0.5', name: 'VIGI C340' };
const cameraB: ListenerTarget = { deviceId: 'cam-b', ip: '127.77.0.6', name: 'VIGI C540' };
const poweredOff: ListenerTarget = { deviceId: 'cam-off', ip: '127.77.0.7', name: 'VIGI C250' };
const policies = new Map<string, { target: ListenerTarget; policy: ConnectionPolicy }>([
  [cameraA.ip, { target: cameraA, policy: 'serve' }],
  [cameraB.ip, { target: cameraB, policy: 'serve' }],
  [poweredOff.ip, { target: poweredOff, policy: 'reset' }],
]);

interface Answer { status: number; body: { deviceId?: string; encrypted?: boolean }; subjectAltName?: string }

/** One request, no pooling, bounded in time; rejects with the socket error (e.g. ECONNRESET). */
function get(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, { agent: false, rejectUnauthorized: false, timeout: 5_000 }, (response) => {
      const subjectAltName = response.socket instanceof tls.TLSSocket ? response.socket.getPeerCertificate().subjectaltname : undefined;
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Answer['body'], ...(subjectAltName ? { subjectAltName } : {}) }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** Starts listeners on 0.0.0.0 (so every 127.77.x.y reaches them) with ephemeral ports. */
async function startFleet(t: { teardown(cleanup: () => unknown): void }) {
  const certificates = new DeviceCertificates();
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ deviceId: listeners.deviceIdOf(request.socket), encrypted: request.socket instanceof tls.TLSSocket }));
  });
  const errors: Error[] = [];
  const listeners = new DeviceListeners({
    host: '0.0.0.0', httpPort: 0, httpsPort: 0, server,
    resolve: (address) => policies.get(address),
    certificates,
    onError: (error) => errors.push(error),
  });
  const ports = await listeners.start();
  t.teardown(() => listeners.close());
  return { listeners, ports, errors, certificates };
}

t.test('plain HTTP reaches the device that owns the address', TIMEOUT, async (t) => {
  const { ports } = await startFleet(t);
  t.same((await get(`http://${cameraA.ip}:${ports.httpPort}/`)).body, { deviceId: 'cam-a', encrypted: false });
  t.same((await get(`http://${cameraB.ip}:${ports.httpPort}/`)).body, { deviceId: 'cam-b', encrypted: false });
});

t.test('HTTPS presents each device its own certificate', TIMEOUT, async (t) => {
  const { ports } = await startFleet(t);
  const [a, b] = await Promise.all([get(`https://${cameraA.ip}:${ports.httpsPort}/`), get(`https://${cameraB.ip}:${ports.httpsPort}/`)]);
  t.same(a.body, { deviceId: 'cam-a', encrypted: true });
  t.equal(a.subjectAltName, 'IP Address:127.77.0.5');
  t.same(b.body, { deviceId: 'cam-b', encrypted: true });
  t.equal(b.subjectAltName, 'IP Address:127.77.0.6');
});

t.test('no device at the address, or a powered-off one: the connection is dropped', TIMEOUT, async (t) => {
  const { ports } = await startFleet(t);
  for (const ip of ['127.77.0.99', poweredOff.ip]) {
    await t.rejects(get(`http://${ip}:${ports.httpPort}/`), { code: 'ECONNRESET' }, `http ${ip}`);
    await t.rejects(get(`https://${ip}:${ports.httpsPort}/`), { code: 'ECONNRESET' }, `https ${ip}`);
  }
  t.same((await get(`https://${cameraA.ip}:${ports.httpsPort}/`)).body.deviceId, 'cam-a', 'others still served');
});

t.test('garbage and abandoned TLS hellos do not hurt the listener', TIMEOUT, async (t) => {
  const { ports, errors } = await startFleet(t);
  const garbage = net.connect(ports.httpsPort, cameraA.ip);
  garbage.on('error', () => {});
  garbage.end('GET / HTTP/1.1\r\nHost: not-tls\r\n\r\n');
  await once(garbage, 'close');

  // A hello cut short by a reset: the server-side TLS socket sees ECONNRESET mid-handshake.
  const partialHello = net.connect(ports.httpsPort, cameraB.ip);
  partialHello.on('error', () => {});
  await once(partialHello, 'connect');
  partialHello.write(Buffer.from('160301020001', 'hex'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  partialHello.resetAndDestroy();

  for (let delayMs = 0; delayMs <= 8; delayMs += 2) { // real clients resetting at different points
    const raw = net.connect(ports.httpsPort, cameraB.ip);
    raw.on('error', () => {});
    tls.connect({ socket: raw, rejectUnauthorized: false }).on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    raw.destroy();
  }
  t.same((await get(`https://${cameraA.ip}:${ports.httpsPort}/`)).body.deviceId, 'cam-a', 'still serving');
  t.same(errors, [], 'nothing reported as a listener failure');
});

t.test('a connection that never speaks TLS costs the device no certificate', TIMEOUT, async (t) => {
  const { ports, certificates } = await startFleet(t);
  const scan = net.connect(ports.httpsPort, cameraA.ip); // what a port scanner does
  scan.on('error', () => {});
  await once(scan, 'connect');
  await new Promise((resolve) => setTimeout(resolve, 100));
  scan.end();
  await once(scan, 'close');
  t.equal(await certificates.certificatePemFor(cameraA.deviceId), undefined, 'no key made for a silent connection');
  t.match((await get(`https://${cameraA.ip}:${ports.httpsPort}/`)).subjectAltName, 'IP Address:127.77.0.5', 'the first hello makes it');
  t.match(await certificates.certificatePemFor(cameraA.deviceId), /BEGIN CERTIFICATE/);
});

t.test('deviceIdOf knows nothing of foreign sockets', TIMEOUT, async (t) => {
  const { listeners } = await startFleet(t);
  t.equal(listeners.deviceIdOf(new net.Socket()), undefined);
});

t.test('dropConnections resets one device\'s open connections and no others', TIMEOUT, async (t) => {
  const { listeners, ports } = await startFleet(t);
  const connect = async (secure: boolean, ip: string) => {
    const socket = secure
      ? tls.connect({ host: ip, port: ports.httpsPort, rejectUnauthorized: false })
      : net.connect(ports.httpPort, ip);
    const error = new Promise<string | undefined>((resolve) => {
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
      socket.on('close', () => resolve(undefined));
    });
    socket.setEncoding('utf8').write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(socket, 'data'); // answered: the connection is established and kept alive
    return { socket, error };
  };
  const plainA = await connect(false, cameraA.ip);
  const secureA = await connect(true, cameraA.ip);
  const plainB = await connect(false, cameraB.ip);

  t.equal(listeners.dropConnections(cameraA.deviceId), 3, 'plain, raw under TLS, and TLS');
  t.equal(await plainA.error, 'ECONNRESET');
  t.equal(await secureA.error, 'ECONNRESET');
  t.notOk(plainB.socket.destroyed, 'the other device keeps its connection');
  plainB.socket.destroy();
  t.equal(listeners.dropConnections('nobody'), 0);
});

t.test('close() ends idle, keep-alive and mid-handshake connections at once', TIMEOUT, async (t) => {
  const { listeners, ports } = await startFleet(t);
  const keepAlive = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
  t.teardown(() => keepAlive.destroy());
  await new Promise((resolve, reject) => https.get(`https://${cameraA.ip}:${ports.httpsPort}/`, { agent: keepAlive }, (r) => r.resume().on('end', resolve)).on('error', reject));
  const idle = net.connect(ports.httpPort, cameraB.ip);
  const stalled = net.connect(ports.httpsPort, cameraB.ip); // never sends a hello
  for (const socket of [idle, stalled]) socket.on('error', () => {});
  await Promise.all([once(idle, 'connect'), once(stalled, 'connect')]);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the listener accept them

  const started = performance.now();
  await listeners.close();
  t.ok(performance.now() - started < 1_000, `closed in ${(performance.now() - started).toFixed(0)} ms`);
  await Promise.all([once(idle, 'close'), once(stalled, 'close')]);
  await t.rejects(get(`http://${cameraA.ip}:${ports.httpPort}/`), { code: 'ECONNREFUSED' }, 'no longer listening');
});

t.test('start() fails cleanly when a port is taken', TIMEOUT, async (t) => {
  const { ports } = await startFleet(t);
  const second = new DeviceListeners({
    host: '0.0.0.0', httpPort: 0, httpsPort: ports.httpsPort, server: http.createServer(),
    resolve: () => undefined, certificates: new DeviceCertificates(),
  });
  await t.rejects(second.start(), { code: 'EADDRINUSE' });
});
