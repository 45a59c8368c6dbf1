import t from 'tap';
import { upBanner } from '../../cli/commands/up-banner.js';
import type { RunningEmulator } from '../../protocol/emulator.js';
import { validateScenarioValue } from '../../scenarios/scenario-loader.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

function scenarioOf(value: unknown): Scenario {
  const result = validateScenarioValue(value);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.scenario;
}

/** Only what the banner reads; `extra` adds keys a summary may carry (or not). */
function emulatorOf(scenario: Scenario, extra: (id: string) => Record<string, unknown> = () => ({})): RunningEmulator {
  return {
    controlUrl: 'http://127.0.0.1:9090/',
    smtp: { host: '127.0.0.1', port: 2525 },
    devices: scenario.devices.map((device, index) => ({
      id: device.id,
      kind: device.kind,
      model: device.model,
      ip: `127.77.0.${index + 1}`,
      ports: { http: 8080, https: 8443 },
      activated: device.activated,
      ...extra(device.id),
    })),
  } as unknown as RunningEmulator;
}

const shop = scenarioOf({
  version: 1,
  devices: [
    { id: 'cam-a', kind: 'camera', password: 'Vigi#Admin1' },
    { id: 'cam-b', kind: 'camera', model: 'C440', password: 'Vigi#Admin1' },
    { id: 'cam-new', kind: 'camera', model: 'C250', activated: false },
    { id: 'nvr-shop', kind: 'nvr', password: 'Vigi#Admin1', channels: [{ camera: 'cam-a' }, { camera: 'cam-b', password: 'Old#Pass0' }] },
    { id: 'nvr-spare', kind: 'nvr', model: 'NVR1016H', activated: false },
  ],
});

t.test('NVR rows show kind nvr, and each NVR with channels gets a line', async (t) => {
  const lines = upBanner('vigi-sim: scenario "shop"', shop, emulatorOf(shop));
  t.equal(lines[0], 'vigi-sim: scenario "shop" is up (5 devices)');
  t.same(lines.filter((line) => /^ {2}(ID|cam-|nvr-)/.test(line)), [
    '  ID         KIND    MODEL     IP          WEB                      ACTIVATED',
    '  cam-a      camera  C340      127.77.0.1  https://127.77.0.1:8443  yes',
    '  cam-b      camera  C440      127.77.0.2  https://127.77.0.2:8443  yes',
    '  cam-new    camera  C250      127.77.0.3  https://127.77.0.3:8443  no (factory-fresh)',
    '  nvr-shop   nvr     NVR1008H  127.77.0.4  https://127.77.0.4:8443  yes',
    '  nvr-spare  nvr     NVR1016H  127.77.0.5  https://127.77.0.5:8443  no (factory-fresh)',
    '  nvr-shop channels: cam-a, cam-b (not certified)',
  ], 'an NVR without channels gets no line');
  t.ok(lines.includes('  Activated devices log in as admin / Vigi#Admin1'));
  t.ok(lines.includes('  Control plane  http://127.0.0.1:9090'));
  t.ok(lines.includes('  Console        http://127.0.0.1:9090/console/'), 'the web console, next to the mailbox');
});

t.test('summaries with or without channels, of any shape, print the same banner', async (t) => {
  const plain = upBanner('x', shop, emulatorOf(shop));
  const shapes: ((id: string) => Record<string, unknown>)[] = [
    (id) => (id.startsWith('nvr-') ? { channels: [{ id: '1', camera: 'cam-a', certified: true }] } : {}),
    (id) => (id.startsWith('nvr-') ? { channels: ['cam-a', 'cam-b'] } : {}),
    () => ({ channels: undefined }),
    () => ({ channels: null }),
  ];
  for (const shape of shapes) t.same(upBanner('x', shop, emulatorOf(shop, shape)), plain);
});

t.test('a camera-only scenario prints no channel lines', async (t) => {
  const cameras = scenarioOf({ version: 1, devices: [{ id: 'cam-a', kind: 'camera', password: 'p' }] });
  const lines = upBanner('x', cameras, emulatorOf(cameras));
  t.notOk(lines.some((line) => line.includes('channels')));
  t.same(lines.slice(7, 12), ['  ID     KIND    MODEL  IP          WEB                      ACTIVATED', '  cam-a  camera  C340   127.77.0.1  https://127.77.0.1:8443  yes', '', '  Activated devices log in as admin / p', '']);
});

t.test('an OPENAPI column appears when a device has VIGI OpenAPI on', async (t) => {
  const withOpenApi = (id: string) => ({ ports: { http: 8080, https: 8443, ...(id === 'cam-a' ? { openapi: 20443 } : {}) } });
  const lines = upBanner('x', shop, emulatorOf(shop, withOpenApi));
  t.match(lines.find((line) => line.trim().startsWith('ID')), /WEB\s+OPENAPI\s+ACTIVATED/);
  t.match(lines.find((line) => line.trim().startsWith('cam-a ')), /https:\/\/127\.77\.0\.1:8443\s+:20443\s+yes/);
  t.match(lines.find((line) => line.trim().startsWith('cam-b ')), /https:\/\/127\.77\.0\.2:8443\s+off\s+yes/);
  t.notOk(upBanner('x', shop, emulatorOf(shop)).some((line) => line.includes('OPENAPI')), 'no column when every device has it off');
});
