import t from 'tap';
import { parse } from 'yaml';
import { generateTopology } from '../../scenarios/generated-topology.js';
import { planCompose, type ComposeOptions } from '../../scenarios/compose-plan.js';
import { parseScenarioText } from '../../scenarios/scenario-loader.js';

const text = [
  '# my shop',
  'version: 1',
  'devices:',
  '  - id: cam-a   # by the door',
  '    kind: camera',
  '    password: "Pass#1"',
  '  - { id: nvr-a, kind: nvr, password: "Pass#1", channels: [{ camera: cam-a }] }',
].join('\n');
const loaded = parseScenarioText(text, 'shop.yaml');
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const options: ComposeOptions = { subnet: '172.30.0.0/16', driver: 'bridge', image: 'vigi-sim:local', scenarioFile: 'scenario.yaml' };

t.test('one service per device at its own address, plus Mailpit, on one network', async (t) => {
  const plan = planCompose(loaded.scenario, text, options);
  if (!plan.ok) throw new Error(plan.message);
  t.same([...plan.value.addresses], [['cam-a', '172.30.0.10'], ['nvr-a', '172.30.0.11']]);
  const compose = parse(plan.value.composeText) as { services: Record<string, { command?: string[]; networks: { devices: { ipv4_address: string } } }>; networks: unknown };
  t.same(Object.keys(compose.services), ['mailpit', 'cam-a', 'nvr-a']);
  t.same(compose.services['cam-a']!.command, ['up', '/scenarios/scenario.yaml', '--only', 'cam-a', '--discovery-interface', '172.30.0.10', '--smtp', 'smtp://mailpit:1025']);
  t.equal(compose.services['nvr-a']!.networks.devices.ipv4_address, '172.30.0.11');
  t.same(compose.networks, { devices: { driver: 'bridge', ipam: { config: [{ subnet: '172.30.0.0/16', gateway: '172.30.0.1' }] } } });
});

t.test('the scenario keeps its text and comments; only ip and seed are set', async (t) => {
  const plan = planCompose(loaded.scenario, text, options);
  if (!plan.ok) throw new Error(plan.message);
  t.match(plan.value.scenarioText, /# my shop/);
  t.match(plan.value.scenarioText, /# by the door/);
  const again = parseScenarioText(plan.value.scenarioText, 'scenario.yaml');
  t.ok(again.ok, 'the rewritten scenario is valid');
  if (again.ok) {
    t.same(again.scenario.devices.map((d) => d.ip), ['172.30.0.10', '172.30.0.11']);
    t.equal(again.scenario.seed, 1, 'a seed, so every container draws the same identities');
  }
  const seeded = parseScenarioText(`seed: 42\n${text}`, 's.yaml');
  if (!seeded.ok) throw new Error('seeded');
  const kept = planCompose(seeded.scenario, `seed: 42\n${text}`, options);
  t.ok(kept.ok && /^seed: 42$/m.test(kept.value.scenarioText) && !/seed: 1$/m.test(kept.value.scenarioText), 'a seed of the file is kept');
});

t.test('macvlan hangs off a parent interface; bad options say what is wrong', async (t) => {
  const plan = planCompose(loaded.scenario, text, { ...options, driver: 'macvlan', parent: 'eth0', subnet: '192.168.50.0/24' });
  t.ok(plan.ok && /driver: macvlan\n\s+driver_opts:\n\s+parent: eth0/.test(plan.value.composeText));
  t.same(planCompose(loaded.scenario, text, { ...options, driver: 'macvlan' }), { ok: false, message: '--network macvlan needs --parent <host interface>, e.g. --parent eth0' });
  t.same(planCompose(loaded.scenario, text, { ...options, subnet: '10.0.0.0' }), { ok: false, message: '--subnet "10.0.0.0" is not an IPv4 network from /8 to /28, e.g. 172.30.0.0/16' });
  t.same(planCompose(loaded.scenario, text, { ...options, subnet: '10.0.0.0/29' }), { ok: false, message: '--subnet "10.0.0.0/29" is not an IPv4 network from /8 to /28, e.g. 172.30.0.0/16' });
  t.ok(planCompose(loaded.scenario, text, { ...options, subnet: '10.0.0.0/28' }).ok, 'a /28 holds up to 5 devices (from .10, before the broadcast address)');
  const six = generateTopology({ cameras: 6 });
  t.same(planCompose(six, '', { ...options, subnet: '10.0.0.0/28' }), { ok: false, message: '--subnet 10.0.0.0/28 holds 14 addresses; 6 devices need a larger one (e.g. /16)' });
});
