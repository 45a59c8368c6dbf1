import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../protocol/simulator/index.js';
import type { ScenarioDefinition } from '../../protocol/simulator/scenario-definition.js';
import { CameraOpenApiClient } from '../../protocol/client/openapi-client.js';

/**
 * The OpenAPI switch, as on a real device: off on a new device, switched on over the web API
 * (the web UI's Settings > Network Settings > OpenAPI), kept in flash, and off again after a
 * factory reset. The port starts listening when the first device switches it on.
 */
const PASSWORD = 'Vigi#Admin1';
const scenario: ScenarioDefinition = {
  version: 1,
  devices: [
    { id: 'cam-a', kind: 'camera', password: PASSWORD },
    { id: 'cam-b', kind: 'camera', password: PASSWORD },
    { id: 'cam-c', kind: 'camera', password: PASSWORD, openapi: true },
  ],
};
/** doAuth with the reference client: its errCode, or the socket error's code (a closed port resets). */
async function doAuth(sim: Simulator, id: string, port: number): Promise<number | string> {
  const { ip } = sim.device(id);
  try {
    return (await new CameraOpenApiClient(`https://${ip}:${port}`).login(PASSWORD)).errCode;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

async function session(sim: Simulator, id: string) {
  const client = sim.client(id);
  const login = await client.login(PASSWORD);
  if (login.error_code !== 0) throw new Error(`login ${id}: ${login.error_code}`);
  return {
    client,
    get: () => client.call({ method: 'get', openapi: { name: ['config'] } }),
    set: (enabled: unknown) => client.call({ method: 'set', openapi: { config: { enabled } } }),
  };
}

t.test('switched on over the web API: the port lists and answers for that device only', async (t) => {
  const sim = await startSimulator({ scenario: { ...scenario, devices: scenario.devices.slice(0, 2) } });
  t.teardown(() => sim.close());
  t.notOk('openapi' in sim.device('cam-a').ports, 'no device has OpenAPI on: nothing listens, no port listed');
  const a = await session(sim, 'cam-a');
  t.match(await a.get(), { error_code: 0, openapi: { config: { enabled: 'off' } } });
  t.match(await a.set('on'), { error_code: 0, openapi: {} });
  const port = sim.device('cam-a').ports.openapi;
  t.type(port, 'number', 'cam-a lists the OpenAPI port once it is on');
  t.notOk('openapi' in sim.device('cam-b').ports, 'cam-b, still off, does not');
  t.match(await a.get(), { error_code: 0, openapi: { config: { enabled: 'on', port: String(port) } } });
  t.equal(await doAuth(sim, 'cam-a', port!), 0, 'doAuth on cam-a succeeds right after the reply');
  t.equal(await doAuth(sim, 'cam-b', port!), 'ECONNRESET', 'cam-b resets the connection, as a closed port would');

  t.match(await a.set('off'), { error_code: 0 });
  t.equal(await doAuth(sim, 'cam-a', port!), 'ECONNRESET', 'switched off: cam-a resets it too');
  t.notOk('openapi' in sim.device('cam-a').ports, 'and no longer lists the port');
});

t.test('bad input and no session are refused with vendor codes', async (t) => {
  const sim = await startSimulator({ scenario });
  t.teardown(() => sim.close());
  const a = await session(sim, 'cam-a');
  t.match(await a.set('yes'), { error_code: -40209, msg: /must be "on" or "off"/ });
  t.match(await a.set(undefined), { error_code: -40209 });
  t.match(await sim.client('cam-a').call({ method: 'get', openapi: { name: ['config'] } }, null), { error_code: -40401 }, 'pre-auth: needs a session');
  t.match(await a.client.call({ method: 'do', openapi: {} }), { error_code: -40105, msg: /takes "get" or "set"/ });
  t.notOk('openapi' in sim.device('cam-a').ports, 'nothing was switched on');
});

t.test('a factory reset switches it off; POST /__sim/reset brings back the scenario\'s switch', async (t) => {
  const sim = await startSimulator({ scenario });
  t.teardown(() => sim.close());
  const port = sim.device('cam-c').ports.openapi!;
  t.equal(await doAuth(sim, 'cam-c', port), 0, 'the scenario switches cam-c on');
  const reset = await fetch(`${sim.controlUrl}/__sim/devices/cam-c/factory-reset`, { method: 'POST' });
  t.equal(reset.status, 200);
  t.equal(await doAuth(sim, 'cam-c', port), 'ECONNRESET', 'after the factory reset OpenAPI is off');
  const fresh = sim.client('cam-c');
  t.equal((await fresh.activate({ password: PASSWORD })).error_code, 0, 'activated again');
  t.match(await (await session(sim, 'cam-c')).get(), { openapi: { config: { enabled: 'off' } } }, 'and still off: a new device\'s default');
  await sim.reset();
  t.equal(await doAuth(sim, 'cam-c', port), 0, 'the topology reset restores the scenario\'s switch');
});

t.test('the switch is kept in flash across a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-openapi-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const first = await startSimulator({ scenario, stateDir: dir });
  await (await session(first, 'cam-b')).set('on');
  await (await session(first, 'cam-c')).set('off');
  await first.close();
  const again = await startSimulator({ scenario, stateDir: dir });
  t.teardown(() => again.close());
  const port = again.device('cam-b').ports.openapi;
  t.type(port, 'number', 'cam-b comes back with OpenAPI on');
  t.equal(await doAuth(again, 'cam-b', port!), 0);
  t.notOk('openapi' in again.device('cam-c').ports, 'cam-c comes back off, although the scenario says on');
});

t.test('the latency fault holds OpenAPI requests as it holds web requests', async (t) => {
  const sim = await startSimulator({ scenario });
  t.teardown(() => sim.close());
  const port = sim.device('cam-c').ports.openapi!;
  await sim.fault('cam-c', 'latency', { ms: 20 });
  t.equal(await doAuth(sim, 'cam-c', port), 0, 'doAuth still succeeds');
  const hits = (await (await fetch(`${sim.controlUrl}/__sim/events?types=fault-hit&device=cam-c`)).json()) as { what?: string }[];
  t.equal(hits.length, 2, 'both doAuth requests were held');
  t.match(hits[0], { what: 'request delayed 20 ms' });
});
