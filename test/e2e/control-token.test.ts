import t from 'tap';
import { startEmulator } from '../../protocol/emulator.js';
import { privateDiscoveryPorts, quickstartScenario } from '../helpers/emulator-fixture.js';

/** Exposure: the control plane's token, and its refusal to face a network without one. */
t.test('with a token, every control-plane call needs "Authorization: Bearer <token>"', async (t) => {
  const emulator = await startEmulator({ scenario: quickstartScenario(), control: { host: '127.0.0.1', port: 0 }, devicePorts: { http: 0, https: 0 }, ...privateDiscoveryPorts(), token: 's3cret-token' });
  t.teardown(() => emulator.close());
  const get = (headers: Record<string, string> = {}) => fetch(`${emulator.controlUrl}/__sim/devices`, { headers });
  t.equal((await get()).status, 401);
  t.match(await (await get()).json(), { error: { message: /Bearer/ } });
  t.equal((await get({ authorization: 'Bearer wrong-token!' })).status, 401);
  t.equal((await get({ authorization: 'Bearer s3cret-token' })).status, 200);
  const ws = await fetch(`${emulator.controlUrl}/__sim/events`);
  t.equal(ws.status, 401, 'the event stream too');
});

t.test('bound beyond loopback without a token, the emulator refuses to start and says why', async (t) => {
  await t.rejects(startEmulator({ scenario: quickstartScenario(), control: { host: '0.0.0.0', port: 0 }, devicePorts: { http: 0, https: 0 }, ...privateDiscoveryPorts() }), /refusing to bind the control plane to 0\.0\.0\.0 without a token/);
});
