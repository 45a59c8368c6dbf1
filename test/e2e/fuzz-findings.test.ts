import t from 'tap';
import net from 'node:net';
import tls from 'node:tls';
import { parseScenarioText } from '../../scenarios/scenario-loader.js';
import { startFuzzEmulator } from '../fuzz/fuzz-emulator.js';

/**
 * Bugs the fuzz suite (test/fuzz, `npm run test:fuzz`) found, each reproduced in its smallest
 * form: fixed, and kept here as regression tests that run with `npm test`. Replay lines with the
 * fuzz seed are in docs/fuzzing.md.
 */
const fx = await startFuzzEmulator();
t.teardown(() => fx.close());

t.test('control plane: a repeated ?types= on GET /__sim/events', async (t) => {
  // Found by control-plane.fuzz.test.ts: FUZZ_SEED=20260311 FUZZ_ONLY=74
  const reply = await fx.control('GET', '/__sim/events?types=fault-applied&types=mail-sent');
  t.ok(reply.status < 500, `not a 5xx (${reply.status})`);
  const message = String((reply.json as { error?: { message?: string } } | undefined)?.error?.message ?? '');
  t.ok(reply.status === 200 || !message.startsWith('The request could not be handled'), `no handler failure (got ${reply.status}: ${message.slice(0, 100)})`);
  t.same(fx.errors.filter((e) => /query\.types/.test(e.err ?? '')).length, 0, 'nothing logged as a handler failure');
});

t.test('control plane: a path fastify cannot route gets {"error":{"message"}}', async (t) => {
  // Found by control-plane.fuzz.test.ts: FUZZ_SEED=20260311 FUZZ_ONLY=0 (400) and FUZZ_ONLY=163 (414)
  for (const path of ['/__sim/devices/%zz/faults', `/__sim/devices/${'a'.repeat(200)}`]) {
    const reply = await fx.control('GET', path);
    t.ok(reply.status >= 400 && reply.status < 500, `${path.slice(0, 30)}: a 4xx (${reply.status})`);
    t.type((reply.json as { error?: { message?: unknown } } | undefined)?.error?.message, 'string', `${path.slice(0, 30)}: {"error":{"message"}} (got ${reply.text.slice(0, 80)})`);
  }
});

t.test('control plane: headers past 16 KiB get 431 with {"error":{"message"}}', async (t) => {
  // Found by control-plane.fuzz.test.ts (checkpoint routes): FUZZ_SEED=20260311 FUZZ_ONLY=25.
  const { hostname, port } = new URL(fx.emulator.controlUrl);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.end(`DELETE /__sim/checkpoints/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  t.match(raw, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  t.match(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), { error: { message: /larger than the 16 KiB/ } });
});

t.test('scenario loader: YAML syntax problems point inside the text', async (t) => {
  // Found by scenario-loader.fuzz.test.ts: FUZZ_SEED=20260311 FUZZ_ONLY=47 and FUZZ_ONLY=584, minimised.
  for (const text of [
    '  - id: |-\n  text\n        password: "x"',
    '      forget: { device: cam-a, action: get_methods }\nversion: 1\n      login: { device: cam-a, password: "Pass#1" }',
  ]) {
    const result = parseScenarioText(text, 'bug.yaml');
    t.equal(result.ok, false, 'refused');
    if (result.ok) continue;
    const lines = text.split('\n');
    const outside = result.problems.filter((p) => p.line < 1 || p.line > lines.length || p.column < 1 || p.column > (lines[p.line - 1] ?? '').length + 1);
    t.same(outside.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 60)}`), [], `every problem of ${JSON.stringify(text.slice(0, 30))} lies within the text`);
  }
});

t.test('device TLS: a corrupt record after the handshake closes the connection', async (t) => {
  // Seen first in device-api.fuzz.test.ts (an earlier generator) as a keep-alive HTTPS request
  // left unanswered for 30 s, after an in-process client's invalid SNI (a fuzzed 300-character
  // Host) left an OpenSSL error that a device's socket picked up: a TLS error after the
  // handshake leaves the device's connection open and wedged (docs/fuzzing.md, finding 7).
  const cam = fx.emulator.devices.find((d) => d.id === 'cam-lobby')!;
  const body = '{"method":"do","user_management":{"get_encrypt_info":null}}';
  const outcome = await new Promise<{ replied: boolean; closedWithinMs?: number }>((resolve) => {
    const raw = net.connect({ host: cam.ip, port: cam.ports.https });
    const secure = tls.connect({ socket: raw, rejectUnauthorized: false });
    let text = '';
    let corruptAt = 0;
    secure.on('data', (d: Buffer) => { text += d.toString(); });
    secure.on('error', () => undefined); // the device answers the bad record with an alert
    raw.on('error', () => undefined);
    const timer = setTimeout(() => { raw.destroy(); resolve({ replied: text.includes('HTTP/1.1 200') }); }, 3000);
    raw.on('close', () => { clearTimeout(timer); resolve({ replied: text.includes('HTTP/1.1 200'), closedWithinMs: Date.now() - corruptAt }); });
    secure.once('secureConnect', () => {
      secure.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      setTimeout(() => {
        corruptAt = Date.now();
        // An application-data record whose MAC cannot verify, written under the TLS layer.
        raw.write(Buffer.concat([Buffer.from([0x17, 0x03, 0x03, 0x00, 0x40]), Buffer.alloc(0x40, 7)]));
      }, 300);
    });
  });
  t.ok(outcome.replied, 'the request before the corrupt record was answered');
  t.ok(outcome.closedWithinMs !== undefined, `the device closed the connection (${outcome.closedWithinMs !== undefined ? `after ${outcome.closedWithinMs} ms` : 'still open 2.7 s after the corrupt record'})`);
});
