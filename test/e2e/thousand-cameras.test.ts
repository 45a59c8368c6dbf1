import t from 'tap';
import { startEmulator } from '../../protocol/emulator.js';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';
import type { Scenario, ScenarioCamera } from '../../scenarios/scenario-types.js';
import { privateDiscoveryPorts } from '../helpers/emulator-fixture.js';

/**
 * Scale from day one: 1,000 cameras in one process, one listener per port, keys made lazily.
 * (How fast is a benchmark's business, not this test's.)
 */
t.test('a scenario with 1,000 cameras starts in one process and every address answers', async (t) => {
  const devices: ScenarioCamera[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `cam-${i + 1}`, kind: 'camera', model: 'C340', name: `Camera ${i + 1}`,
    activated: true, password: 'Vigi#Admin1', internet: true, power: 'on', lan: 'default',
  }));
  const scenario: Scenario = { version: 1, ports: { http: 0, https: 0 }, devices, timeline: [] };
  const emulator = await startEmulator({ scenario, control: { host: '127.0.0.1', port: 0 }, seed: 1, ...privateDiscoveryPorts() });
  t.teardown(() => emulator.close());
  const health = await fetch(`${emulator.controlUrl}/__sim/health`);
  t.equal(health.status, 200);
  t.match(await health.json(), { status: 'ready', devices: 1000 });
  const summaries = emulator.devices;
  t.equal(new Set(summaries.map((d) => d.ip)).size, 1000, 'every camera has its own address');
  for (const index of [0, 499, 999]) {
    const { ip, ports, id } = summaries[index]!;
    const client = new VigiWebClient(httpTransport(`https://${ip}:${ports.https}`));
    t.match(await client.login('Vigi#Admin1'), { error_code: 0 }, `${id} at ${ip} logs in over HTTPS`);
  }
});
