import t from 'tap';
import { generateTopology } from '../../scenarios/generated-topology.js';
import { shardScenario } from '../../scenarios/scenario-shard.js';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/**
 * docs/scaling.md: a topology split along LANs runs as n emulators side by side on one host
 * (each with its own control plane and device ports, one loopback and one mDNS group). Together
 * they are the whole: every device once, at its own address, every NVR reaching its cameras.
 */
const whole = generateTopology({ cameras: 8, nvrs: 2, seed: 11 });
const shards = [1, 2].map((index) => {
  const result = shardScenario(whole, { index, count: 2 }, 11);
  if (!result.ok) throw new Error(result.message);
  return result.value;
});
const running = await Promise.all(shards.map((scenario) => startTestEmulator(scenario, { nvrPollMs: 50 })));
t.teardown(async () => { await Promise.all(running.map((r) => r.emulator.close())); });

interface Row { id: string; ip: string; lan: string; kind: string; channels?: { id: string; certification: string }[] }

t.test('the shards list every device of the whole once, each at a distinct address', async (t) => {
  const lists = await Promise.all(running.map(async (r) => (await r.control('GET', '/__sim/devices')).body as Row[]));
  t.same(lists.map((rows) => [...new Set(rows.map((r) => r.lan))]), [['lan-1'], ['lan-2']]);
  const all = lists.flat();
  t.same(all.map((r) => r.id).sort(), whole.devices.map((d) => d.id).sort());
  t.equal(new Set(all.map((r) => r.ip)).size, all.length, 'no address twice');
});

t.test('each shard\'s NVR reaches its cameras: every channel certified, and a camera answers a login', async (t) => {
  const deadline = Date.now() + 10_000;
  let certifications: string[] = [];
  while (Date.now() < deadline) {
    const lists = await Promise.all(running.map(async (r) => (await r.control('GET', '/__sim/devices')).body as Row[]));
    certifications = lists.flat().filter((r) => r.kind === 'nvr').flatMap((r) => (r.channels ?? []).map((c) => c.certification));
    if (certifications.length === 8 && certifications.every((c) => c === 'connected')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.same(certifications, Array(8).fill('connected'), '8 channels over 2 NVRs in 2 processes, all connected');
  t.equal((await running[1]!.client('cam-5').login('Vigi#Admin1')).error_code, 0, 'cam-5 (lan-2) logs in on shard 2');
});
