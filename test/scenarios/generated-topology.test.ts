import t from 'tap';
import { generateTopology, topologyProblem } from '../../scenarios/generated-topology.js';
import { validateScenarioValue } from '../../scenarios/scenario-loader.js';
import type { Scenario, ScenarioCamera, ScenarioNvr } from '../../scenarios/scenario-types.js';

const camerasOf = (scenario: Scenario): ScenarioCamera[] => scenario.devices.filter((d): d is ScenarioCamera => d.kind === 'camera');
const nvrsOf = (scenario: Scenario): ScenarioNvr[] => scenario.devices.filter((d): d is ScenarioNvr => d.kind === 'nvr');

t.test('cameras only: all on LAN "default", activated, reset set-ups taking turns', async (t) => {
  const scenario = generateTopology({ cameras: 4 });
  t.equal(scenario.name, 'generated: 4 cameras, 0 NVRs');
  t.same(scenario.ports, { https: 8443, http: 8080 });
  t.notOk('seed' in scenario, 'no seed unless given');
  t.strictSame(scenario.timeline, []);
  t.strictSame(scenario.devices[0], {
    id: 'cam-1', kind: 'camera', model: 'C340', name: 'Camera 1', activated: true, password: 'Vigi#Admin1',
    resetEmail: 'cam-1@example.test',
    securityQuestions: [
      { question: 'What was the name of your first pet?', answer: 'rex' },
      { question: 'In what city were you born?', answer: 'lyon' },
      { question: 'What is your favourite film?', answer: 'alien' },
    ],
    internet: true, power: 'on', lan: 'default',
  });
  t.same(scenario.devices.map((d) => [d.id, d.lan, d.resetEmail !== undefined, d.securityQuestions !== undefined, d.internet]), [
    ['cam-1', 'default', true, true, true],
    ['cam-2', 'default', true, false, false],
    ['cam-3', 'default', false, true, true],
    ['cam-4', 'default', true, true, true],
  ], 'email+questions, email only (no internet: the app path), questions only');
  t.ok(scenario.devices.every((d) => d.activated && d.password === 'Vigi#Admin1'));
});

t.test('NVRs: one LAN each, cameras spread evenly in order, channels up to the model\'s count', async (t) => {
  const scenario = generateTopology({ cameras: 7, nvrs: 3 });
  t.equal(scenario.name, 'generated: 7 cameras, 3 NVRs');
  t.same(camerasOf(scenario).map((c) => [c.id, c.lan]), [
    ['cam-1', 'lan-1'], ['cam-2', 'lan-1'], ['cam-3', 'lan-1'],
    ['cam-4', 'lan-2'], ['cam-5', 'lan-2'],
    ['cam-6', 'lan-3'], ['cam-7', 'lan-3'],
  ]);
  t.same(nvrsOf(scenario).map((n) => [n.id, n.lan, n.model, n.channels.map((c) => c.camera)]), [
    ['nvr-1', 'lan-1', 'NVR1008H', ['cam-1', 'cam-2', 'cam-3']],
    ['nvr-2', 'lan-2', 'NVR1008H', ['cam-4', 'cam-5']],
    ['nvr-3', 'lan-3', 'NVR1008H', ['cam-6', 'cam-7']],
  ]);
  t.same(scenario.devices.map((d) => d.kind), ['camera', 'camera', 'camera', 'camera', 'camera', 'camera', 'camera', 'nvr', 'nvr', 'nvr'], 'cameras first, then the NVRs');
  const [nvr] = nvrsOf(scenario);
  t.equal(nvr?.resetEmail, 'nvr-1@example.test');
  t.equal(nvr?.securityQuestions?.length, 3);
  t.ok(nvrsOf(scenario).every((n) => n.channels.every((c) => c.password === undefined)), 'every channel certified');
});

t.test('more than 8 cameras on a LAN: an NVR1016H; beyond 16, found but not added', async (t) => {
  const scenario = generateTopology({ cameras: 8 + 9 + 20, nvrs: 3 });
  // 37 over 3 LANs: 13, 12, 12.
  t.same(nvrsOf(scenario).map((n) => [n.model, n.channels.length]), [['NVR1016H', 13], ['NVR1016H', 12], ['NVR1016H', 12]]);
  const eight = generateTopology({ cameras: 16, nvrs: 2 });
  t.same(nvrsOf(eight).map((n) => [n.model, n.channels.length]), [['NVR1008H', 8], ['NVR1008H', 8]], '8 per NVR fit an NVR1008H');
  const crowded = generateTopology({ cameras: 40, nvrs: 1 });
  const [only] = nvrsOf(crowded);
  t.equal(only?.model, 'NVR1016H');
  t.same(only?.channels.map((c) => c.camera), Array.from({ length: 16 }, (_, i) => `cam-${i + 1}`));
  t.equal(camerasOf(crowded).filter((c) => c.lan === 'lan-1').length, 40, 'cam-17 to cam-40 are found devices of nvr-1');
  const empty = generateTopology({ cameras: 1, nvrs: 2 });
  t.same(nvrsOf(empty).map((n) => [n.id, n.channels.length]), [['nvr-1', 1], ['nvr-2', 0]], 'an NVR may have an empty LAN');
});

t.test('the generated scenario is a valid scenario, and the same options give the same scenario', async (t) => {
  for (const options of [{ cameras: 1 }, { cameras: 30, nvrs: 2, seed: 5 }, { cameras: 200, nvrs: 7 }]) {
    const scenario = generateTopology(options);
    const checked = validateScenarioValue(scenario);
    t.ok(checked.ok, JSON.stringify(options), checked.ok ? {} : { problems: checked.problems.slice(0, 5) });
    t.strictSame(checked.ok && checked.scenario, scenario, 'loading it changes nothing');
  }
  t.strictSame(generateTopology({ cameras: 50, nvrs: 3, seed: 42 }), generateTopology({ cameras: 50, nvrs: 3, seed: 42 }));
  t.equal(generateTopology({ cameras: 5, seed: 42 }).seed, 42, 'the seed goes to the scenario (identities are drawn from it)');
  const ids = generateTopology({ cameras: 20_000, nvrs: 500 }).devices.map((d) => d.id);
  t.equal(ids.length, 20_500);
  t.equal(new Set(ids).size, 20_500, 'unique ids at the largest size');
});

t.test('bounds: clear messages, and generateTopology refuses what topologyProblem names', async (t) => {
  const cases: [Parameters<typeof topologyProblem>[0], string][] = [
    [{ cameras: 0 }, 'the number of cameras must be a whole number from 1 to 20000, got 0'],
    [{ cameras: 20_001 }, 'the number of cameras must be a whole number from 1 to 20000, got 20001'],
    [{ cameras: 1.5 }, 'the number of cameras must be a whole number from 1 to 20000, got 1.5'],
    [{ cameras: 10, nvrs: -1 }, 'the number of NVRs must be a whole number from 0 to 500, got -1'],
    [{ cameras: 10, nvrs: 501 }, 'the number of NVRs must be a whole number from 0 to 500, got 501'],
    [{ cameras: 10, seed: -3 }, 'the seed must be a whole number (0 or more), got -3'],
  ];
  for (const [options, message] of cases) {
    t.equal(topologyProblem(options), message, JSON.stringify(options));
    t.throws(() => generateTopology(options), new RangeError(message));
  }
  t.equal(topologyProblem({ cameras: 20_000, nvrs: 500 }), undefined);
  t.equal(topologyProblem({ cameras: 1, nvrs: 0 }), undefined);
});
