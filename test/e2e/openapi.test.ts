import t from 'tap';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import https from 'node:https';
import { quickstartScenario, startTestEmulator } from '../helpers/emulator-fixture.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

/**
 * VIGI OpenAPI end to end, driven by a client that shares no code with the emulator (Python
 * stdlib, written from TP-Link's description: openapi-client.py): doAuth into a quickstart
 * camera, a call with the stok, -10002 after 31 virtual minutes, HTTP Digest SHA-256 into the
 * NVR, its channels with their online state (and after a camera powers off), and a device with
 * OpenAPI off refusing the port.
 */
const python = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['--version']).status === 0);

/** The quickstart, with OpenAPI switched off on cam-backyard. */
function scenario(): Scenario {
  const quickstart = quickstartScenario();
  return { ...quickstart, devices: quickstart.devices.map((d) => (d.id === 'cam-backyard' ? { ...d, openapi: false } : d)) };
}

t.test('an independent OpenAPI client passes every check', { skip: !python ? 'needs python3' : false }, async (t) => {
  const fx = await startTestEmulator(scenario(), { nvrPollMs: 200 });
  t.teardown(() => fx.emulator.close());
  const script = new URL('./openapi-client.py', import.meta.url).pathname;
  // Asynchronously: the emulator answers from this very process.
  const run = await promisify(execFile)(python!, [script, fx.emulator.controlUrl], { encoding: 'utf8', timeout: 90_000 })
    .then((r) => ({ ...r, status: 0 }))
    .catch((e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? String(e), status: e.code ?? 1 }));
  const lines = run.stdout.split('\n').filter(Boolean);
  for (const line of lines) t.ok(line.startsWith('ok '), line);
  t.ok(lines.length >= 28, `ran ${lines.length} checks`);
  t.equal(run.status, 0, run.stderr || 'exit 0');
});

t.test('without openapi: true anywhere, nothing listens and no device lists the port', async (t) => {
  const quickstart = quickstartScenario();
  const fx = await startTestEmulator({ ...quickstart, devices: quickstart.devices.map(({ openapi: _openapi, ...d }) => d) });
  t.teardown(() => fx.emulator.close());
  for (const device of fx.emulator.devices) t.notOk('openapi' in device.ports, `${device.id} lists no OpenAPI port`);
  const listed = (await fx.control('GET', '/__sim/devices')).body as { ports: Record<string, number> }[];
  t.ok(listed.every((d) => !('openapi' in d.ports)), 'GET /__sim/devices neither');
});

t.test('an NVR answers unknown HTTP methods and unreadable paths in its own shape, error_code', async (t) => {
  const fx = await startTestEmulator(scenario());
  t.teardown(() => fx.emulator.close());
  const nvr = fx.emulator.devices.find((d) => d.id === 'nvr-main')!;
  const ask = (method: string, path: string) => new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const request = https.request({ host: nvr.ip, port: nvr.ports.openapi, method, path, rejectUnauthorized: false, agent: false, timeout: 5_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out'))).on('error', reject).end();
  });
  t.match(await ask('TRACE', '/openapi/added_devices'), { status: 404, body: { error_code: -10030, msg: /No such call: TRACE \/openapi\/added_devices/ } });
  const unreadable = await ask('GET', '/openapi/%zz');
  t.match(unreadable, { status: 400, body: { error_code: -10090 } });
  t.notOk('errCode' in unreadable.body, 'not the camera\'s shape');
});
