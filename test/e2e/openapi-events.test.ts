import t from 'tap';
import tls from 'node:tls';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { startSimulator } from '../../protocol/simulator/start-simulator.js';
import type { CameraEventStream } from '../../protocol/client/openapi-event-stream.js';

/**
 * A camera's OpenAPI event stream (`subscribeMsg`) over real TLS on the quickstart: detections
 * said on the control plane reach subscribers as `{"event_type","time"}`, filtered by kind and
 * by the per-kind msg_push switch, with heartbeats between; the stream ends when the camera
 * powers off.
 */
const PASSWORD = 'Vigi#Admin1';
const TIMEOUT = { timeout: 60_000 };

t.test('subscribeMsg', TIMEOUT, async (t) => {
  const sim = await startSimulator();
  t.teardown(() => sim.close());
  const camera = sim.cameraOpenApi('cam-front');
  t.match(await camera.login(PASSWORD), { errCode: 0 });
  const open: CameraEventStream[] = [];
  const subscribe = async (params: Parameters<typeof camera.subscribe>[0]) => {
    const stream = await camera.subscribe(params);
    open.push(stream);
    return stream;
  };
  t.teardown(() => open.forEach((s) => s.close()));

  await t.test('every kind, with heartbeats between', async (t) => {
    const stream = await subscribe({ event_type: ['all'], heartbeat: 1 });
    t.same(await stream.next(), { method: 'subscribeMsg', errCode: 0 }, 'the reply comes first');
    const detected = await sim.detect('cam-front', 'PeopleDetection');
    t.match(detected, { eventType: 'PeopleDetection', pushed: true });
    t.same(await stream.next(), { event_type: 'PeopleDetection', time: detected.time }, 'the event, at camera time in seconds');
    t.match(await stream.next(3_000), { Heartbeat: { time: Number } }, 'a heartbeat within the second asked for');
    stream.close();
  });

  await t.test('only the kinds asked for', async (t) => {
    const stream = await subscribe({ event_type: ['VehicleDetection', 'LoiterDetection'], heartbeat: 600 });
    await stream.next();
    await sim.detect('cam-front', 'MotionDetection');
    await sim.detect('cam-front', 'LoiterDetection');
    t.match(await stream.next(), { event_type: 'LoiterDetection' }, 'motion was not sent');
    stream.close();
  });

  await t.test('a kind whose msg_push switch is off is detected but not pushed', async (t) => {
    t.same(await camera.call('getVehicleDetectionSwitch'), { method: 'getVehicleDetectionSwitch', errCode: 0, result: { msg_push_enabled: 'on' } });
    t.same(await camera.call('setVehicleDetectionSwitch', { msg_push_enabled: 'off' }), { method: 'setVehicleDetectionSwitch', errCode: 0 });
    t.match(await camera.call('getVehicleDetectionSwitch'), { result: { msg_push_enabled: 'off' } });
    const stream = await subscribe({ heartbeat: 600 });
    await stream.next();
    t.match(await sim.detect('cam-front', 'VehicleDetection'), { pushed: false });
    await sim.detect('cam-front', 'AreaEntryDetection');
    t.match(await stream.next(), { event_type: 'AreaEntryDetection' }, 'the vehicle was not sent');
    t.match(await camera.call('setVehicleDetectionSwitch', { msg_push_enabled: 'yes' }), { errCode: -10090 });
    t.match(await camera.call('getUnicornDetectionSwitch'), { errCode: -10030 }, 'no such kind: not supported');
    await camera.call('setVehicleDetectionSwitch', { msg_push_enabled: 'on' });
    stream.close();
  });

  await t.test('bad parameters and a bad stok get a plain refusal, not a stream', async (t) => {
    const zero = await subscribe({ heartbeat: 0 });
    t.match(await zero.next(), { method: 'subscribeMsg', errCode: -10090, msg: /heartbeat/ });
    await t.rejects(zero.next(500), /ended/);
    const unknown = await subscribe({ event_type: ['Sharks'] });
    t.match(await unknown.next(), { errCode: -10090, msg: /PeopleDetection/ });
    const stranger = sim.cameraOpenApi('cam-front');
    const refused = await stranger.subscribe();
    open.push(refused);
    t.match(await refused.next(), { errCode: -10002 }, 'no stok');
  });

  await t.test('power-off ends the stream; the control plane says why a detection cannot happen', async (t) => {
    const stream = await subscribe({ heartbeat: 600 });
    await stream.next();
    const off = await sim.fault('cam-front', 'power-off');
    await t.rejects(stream.next(5_000), /ended/);
    t.ok(stream.ended);
    await t.rejects(sim.detect('cam-front', 'MotionDetection'), { code: -51295 });
    await off.clear();
  });

  await t.test('the control route refuses what is not a detection', async (t) => {
    const post = async (id: string, body: unknown) => {
      const response = await fetch(`${sim.controlUrl}/__sim/devices/${id}/detections`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
    };
    t.match(await post('cam-front', { type: 'Ghost' }), { status: 400, body: { error: { message: /PeopleDetection/ } } });
    t.match(await post('cam-front', {}), { status: 400 });
    t.match(await post('nvr-main', { type: 'MotionDetection' }), { status: 409, body: { error: { message: /only cameras/ } } });
    t.match(await post('cam-nowhere', { type: 'MotionDetection' }), { status: 404 });
    t.match(await post('cam-front', { type: 'TamperDetection' }), { status: 201 });
  });
});

t.test('on the wire, the stream is framed as docs/openapi.md shows', TIMEOUT, async (t) => {
  const sim = await startSimulator();
  t.teardown(() => sim.close());
  const camera = sim.cameraOpenApi('cam-front');
  await camera.login(PASSWORD);
  const { ip, ports } = sim.device('cam-front');
  const socket = tls.connect({ host: ip, port: ports.openapi!, rejectUnauthorized: false });
  t.teardown(() => socket.destroy());
  await once(socket, 'secureConnect');
  const body = JSON.stringify({ method: 'subscribeMsg', params: { event_type: ['all'], heartbeat: 15 } });
  socket.write(`POST /stok=${camera.stok} HTTP/1.1\r\nHost: ${ip}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const until = async (text: string) => {
    for (let i = 0; i < 100 && !received.includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  await until('"errCode":0}');
  const detected = await sim.detect('cam-front', 'PeopleDetection');
  await until('PeopleDetection');
  // Chunked transfer coding wraps the parts; unwrap it to compare with the documented parts.
  const headEnd = received.indexOf('\r\n\r\n');
  const head = received.slice(0, headEnd);
  const chunked = received.slice(headEnd + 4);
  const docs = readFileSync(new URL('../../docs/openapi.md', import.meta.url), 'utf8');
  const documentedHead = 'HTTP/1.1 200 OK\ncontent-type: multipart/mixed; boundary=vigi-event-boundary\ncache-control: no-cache\nconnection: close\nTransfer-Encoding: chunked\n';
  t.ok(docs.includes(documentedHead), 'the docs show these headers');
  t.equal(`${head.replace(/\r\nDate: [^\r]*/, '').replace(/\r\n/g, '\n')}\n`, documentedHead, 'the device sends them (and a Date)');
  const parts = dechunk(chunked);
  const documented = /--vigi-event-boundary\nContent-Type: application\/json\nContent-Length: 37\n\n\{"method":"subscribeMsg","errCode":0\}\n--vigi-event-boundary\nContent-Type: application\/json\nContent-Length: 50\n\n\{"event_type":"PeopleDetection","time":\d+\}/;
  t.match(docs, documented, 'the docs show these parts');
  t.equal(parts.replace(/\r\n/g, '\n').replace(/"time":\d+/, '"time":1786000123'), docs.match(documented)![0].replace(/"time":\d+/, '"time":1786000123') + '\n', 'the device sends them byte for byte (CRLF line ends)');
  t.match(parts, `"time":${detected.time}}`);
});

/** The payload of an HTTP/1.1 chunked body (as much as has arrived). */
function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd < 0) return out;
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

t.test('a scenario timeline can have a camera detect, and subscribers hear it', TIMEOUT, async (t) => {
  const sim = await startSimulator({
    scenario: {
      version: 1,
      devices: [{ id: 'cam-door', kind: 'camera', password: PASSWORD, openapi: true }],
      timeline: [{ at: '10m', detect: { device: 'cam-door', type: 'CrossLineDetection' } }],
    },
  });
  t.teardown(() => sim.close());
  const camera = sim.cameraOpenApi('cam-door');
  await camera.login(PASSWORD);
  const stream = await camera.subscribe({ heartbeat: 600 });
  t.teardown(() => stream.close());
  await stream.next();
  await sim.clock.advance(10 * 60_000);
  t.match(await stream.next(), { event_type: 'CrossLineDetection', time: Number });
  t.match(sim.events.list({ type: 'detected' }), [{ deviceId: 'cam-door', eventType: 'CrossLineDetection', pushed: true }], 'journalled');
});
