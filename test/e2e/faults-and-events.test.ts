import t from 'tap';
import WebSocket from 'ws';
import { startTestEmulator, privateDiscoveryPorts } from '../helpers/emulator-fixture.js';
import { browseVigi } from '../../protocol/discovery/mdns-browser.js';

/**
 * Run-time faults change what a client sees, and every change shows in the event stream, read
 * by an ordinary WebSocket client; `POST /__sim/reset` undoes a run.
 */
const fx = await startTestEmulator();
t.teardown(() => fx.emulator.close());

/** Collects what the event stream says, from now on. */
async function listen(query = '') {
  const url = fx.emulator.controlUrl.replace('http://', 'ws://') + `/__sim/events${query}`;
  const socket = new WebSocket(url);
  const received: Record<string, unknown>[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const waitFor = async (match: (e: Record<string, unknown>) => boolean, timeoutMs = 5000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const hit = received.find(match);
      if (hit) return hit;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no such event within ${timeoutMs} ms; got ${received.map((e) => e.type).join(', ')}`);
  };
  return { socket, received, waitFor, close: () => socket.close() };
}

t.test('the event stream carries logins, codes, mail and faults with their virtual time', async (t) => {
  const stream = await listen();
  t.teardown(stream.close);
  await fx.client('cam-front').login('Vigi#Admin1');
  await fx.client('cam-front').forget('send_verification_code');
  t.match(await stream.waitFor((e) => e.type === 'logged-in'), { deviceId: 'cam-front', at: Number, seq: Number });
  t.match(await stream.waitFor((e) => e.type === 'verification-code-sent'), { deviceId: 'cam-front' });
  t.match(await stream.waitFor((e) => e.type === 'mail-delivered'), { to: 'owner@example.test' });
  const all = JSON.stringify(stream.received);
  t.notMatch(all, /"code":"\d{6}"|\b\d{6}\b.*verification/, 'no code travels in the journal');
});

t.test('latency delays each request and is explained in events', async (t) => {
  const stream = await listen('?types=fault-applied,fault-hit');
  t.teardown(stream.close);
  t.match(await fx.control('POST', '/__sim/devices/cam-lobby/faults', { type: 'latency', ms: 300 }), { status: 201, body: { faults: ['latency'] } });
  const started = Date.now();
  await fx.client('cam-lobby').challenge();
  t.ok(Date.now() - started >= 280, 'the reply took the injected latency');
  t.match(await stream.waitFor((e) => e.type === 'fault-hit'), { deviceId: 'cam-lobby', fault: 'latency', what: 'request delayed 300 ms', explain: /applied by control plane/ });
  t.ok(stream.received.every((e) => e.type === 'fault-applied' || e.type === 'fault-hit'), 'the type filter holds');
  await fx.control('DELETE', '/__sim/devices/cam-lobby/faults/latency');
});

t.test('smtp-down: Send Code answers -20609, nothing is mailed, and the hit says why', async (t) => {
  await fx.control('DELETE', '/__sim/mail');
  const stream = await listen('?types=fault-hit');
  t.teardown(stream.close);
  t.match(await fx.control('POST', '/__sim/faults', { type: 'smtp-down' }), { status: 201, body: { type: 'smtp-down' } });
  t.match(await fx.client('cam-front').forget('send_verification_code'), { error_code: -20609, msg: /smtp-down/ });
  t.same((await fx.control('GET', '/__sim/mail')).body, []);
  t.match(await stream.waitFor(() => true), { fault: 'smtp-down', what: /refused/ });
  t.match(await fx.control('GET', '/__sim/faults'), { body: [{ type: 'smtp-down', hits: 1 }] });
  await fx.control('DELETE', '/__sim/faults/smtp-down');
  t.match(await fx.client('cam-front').forget('send_verification_code'), { error_code: 0 });
});

t.test('offline with a probability cuts some connections, drawn from the seed', async (t) => {
  await fx.control('POST', '/__sim/devices/cam-garage/faults', { type: 'offline', probability: 0.5 });
  let failed = 0;
  for (let i = 0; i < 20; i++) await fx.client('cam-garage').challenge().catch(() => failed++);
  t.ok(failed > 0 && failed < 20, `some but not all of 20 requests failed (${failed})`);
  await fx.control('DELETE', '/__sim/devices/cam-garage/faults/offline');
});

t.test('mdns-silent takes a device out of discovery without a goodbye; clearing brings it back', async (t) => {
  const { mdnsPort } = privateDiscoveryPorts();
  const ip = fx.device('cam-front').ip;
  await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'mdns-silent' });
  t.notOk((await browseVigi({ port: mdnsPort, timeoutMs: 1500 })).some((d) => d.ip === ip));
  t.match(await fx.client('cam-front').challenge(), { code: 0 }, 'the web API still answers');
  await fx.control('DELETE', '/__sim/devices/cam-front/faults/mdns-silent');
  t.ok((await browseVigi({ port: mdnsPort, timeoutMs: 1500 })).some((d) => d.ip === ip));
});

t.test('bad fault requests are refused with a sentence', async (t) => {
  t.match(await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'latency' }), { status: 400, body: { error: { message: /ms/ } } });
  t.match(await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'power-off', probability: 0.5 }), { status: 400, body: { error: { message: /all or nothing/ } } });
  t.match(await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'smtp-down' }), { status: 400, body: { error: { message: /global/ } } });
  t.match(await fx.control('POST', '/__sim/faults', { type: 'offline' }), { status: 400, body: { error: { message: /device fault/ } } });
});

t.test('POST /__sim/reset returns every device and the mailbox to the start', async (t) => {
  await fx.client('cam-lobby').login('Vigi#Admin1');
  await fx.control('POST', '/__sim/devices/cam-backyard/factory-reset');
  await fx.control('POST', '/__sim/devices/cam-garage/faults', { type: 'power-off' });
  t.ok(((await fx.control('GET', '/__sim/mail')).body as unknown[]).length > 0);
  t.match(await fx.control('POST', '/__sim/reset'), { status: 200, body: { status: 'reset' } });
  t.same((await fx.control('GET', '/__sim/mail')).body, [], 'the mailbox is empty again');
  t.match(await fx.control('GET', '/__sim/devices/cam-garage'), { body: { power: 'on', faults: [] } });
  t.match(await fx.control('GET', '/__sim/devices/cam-backyard'), { body: { activated: true } });
  t.match(await fx.client('cam-backyard').login('Vigi#Admin1'), { error_code: 0 }, 'the scenario password works again');
  t.match(await fx.control('GET', '/__sim/events?types=topology-reset'), { body: [{ type: 'topology-reset' }] });
});
