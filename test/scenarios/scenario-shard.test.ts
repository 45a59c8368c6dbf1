import t from 'tap';
import { SeededRng } from '../../devices/kernel/rng.js';
import { generateTopology } from '../../scenarios/generated-topology.js';
import { identitiesOf } from '../../scenarios/scenario-fleet.js';
import { parseScenarioText } from '../../scenarios/scenario-loader.js';
import { parseShard, shardScenario } from '../../scenarios/scenario-shard.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

const sliced = (scenario: Scenario, index: number, count: number, seed?: number): Scenario => {
  const result = shardScenario(scenario, { index, count }, seed);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

t.test('--shard k/n: parsed, or a message that shows the form', async (t) => {
  t.same(parseShard('2/4'), { ok: true, value: { index: 2, count: 4 } });
  t.same(parseShard(' 1/1 '), { ok: true, value: { index: 1, count: 1 } });
  for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '1/1001', '-1/2', '1.5/2']) {
    const parsed = parseShard(bad);
    t.same(parsed, { ok: false, message: `--shard "${bad}" is not <k>/<n> with 1 ≤ k ≤ n ≤ 1000 (e.g. --shard 2/4)` }, bad);
  }
});

t.test('n shards together are the whole topology: every device once, LANs never split', async (t) => {
  const whole = generateTopology({ cameras: 20, nvrs: 5, seed: 7 });
  const shards = [1, 2, 3].map((k) => sliced(whole, k, 3, 7));
  const ids = shards.flatMap((s) => s.devices.map((d) => d.id));
  t.same([...ids].sort(), whole.devices.map((d) => d.id).sort(), 'each device in exactly one shard');
  t.same(shards.map((s) => [...new Set(s.devices.map((d) => d.lan))]), [['lan-1', 'lan-4'], ['lan-2', 'lan-5'], ['lan-3']], 'LANs round-robin in the order the topology names them');
  t.same(shards.map((s) => s.name), [1, 2, 3].map((k) => `generated: 20 cameras, 5 NVRs (shard ${k}/3)`));
  for (const shard of shards) {
    for (const nvr of shard.devices.filter((d) => d.kind === 'nvr')) {
      const here = new Set(shard.devices.map((d) => d.id));
      t.ok(nvr.channels.every((c) => here.has(c.camera)), `${nvr.id}'s channels are all in its shard`);
    }
  }
});

t.test('each device keeps the address and (with a seed) the identity it has in the whole', async (t) => {
  const whole = generateTopology({ cameras: 9, nvrs: 3 });
  const identities = identitiesOf(whole, new SeededRng(42));
  const shard = sliced(whole, 2, 3, 42);
  t.ok(shard.devices.length > 0);
  for (const device of shard.devices) {
    const identity = identities.get(device.id)!;
    t.same([device.ip, device.mac, device.uuid, device.serial], [identity.ip, identity.mac, identity.uuid, identity.serial], device.id);
  }
  const unseeded = sliced(whole, 2, 3);
  t.same(unseeded.devices.map((d) => d.ip), shard.devices.map((d) => d.ip), 'addresses pinned without a seed too');
  t.ok(unseeded.devices.every((d) => d.mac === undefined), 'without a seed, MACs are drawn as usual');
  const allIps = [1, 2, 3].flatMap((k) => sliced(whole, k, 3).devices.map((d) => d.ip));
  t.equal(new Set(allIps).size, whole.devices.length, 'no address twice across shards');
});

t.test('timeline entries go with the devices they name; global ones run in every shard', async (t) => {
  const text = [
    'version: 1',
    'devices:',
    '  - { id: cam-a, kind: camera, password: "Pass#1", lan: east }',
    '  - { id: cam-b, kind: camera, password: "Pass#1", lan: west }',
    'timeline:',
    '  - { at: 10s, fault: { type: power-off, device: cam-a } }',
    '  - { at: 20s, fault: { type: offline, device: cam-b } }',
    '  - { at: 30s, fault: { type: smtp-down } }',
  ].join('\n');
  const parsed = parseScenarioText(text, 'two-lans.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const [east, west] = [sliced(parsed.scenario, 1, 2), sliced(parsed.scenario, 2, 2)];
  t.same(east.devices.map((d) => d.id), ['cam-a']);
  t.same(east.timeline.map((e) => ('apply' in e ? `${e.apply.type} ${e.apply.device ?? '*'}` : '')), ['power-off cam-a', 'smtp-down *']);
  t.same(west.timeline.map((e) => ('apply' in e ? `${e.apply.type} ${e.apply.device ?? '*'}` : '')), ['offline cam-b', 'smtp-down *']);
});

t.test('a cut that makes no sense is refused with the reason', async (t) => {
  const oneLan = generateTopology({ cameras: 4 });
  t.same(shardScenario(oneLan, { index: 1, count: 2 }), {
    ok: false,
    message: '--shard 1/2: the topology has 1 LAN (default) and shards are cut along LANs, so at most 1 shard; give devices a "lan", or use --nvrs with --cameras (one LAN per NVR)',
  });
  t.equal(sliced(oneLan, 1, 1).devices.length, 4, '1/1 is the whole');
  const suite = { ...oneLan, suite: { name: 's', steps: [] } } as unknown as Scenario;
  t.same(shardScenario(suite, { index: 1, count: 1 }), { ok: false, message: '--shard splits a topology; a suite runs whole (vigi-sim test)' });
});
