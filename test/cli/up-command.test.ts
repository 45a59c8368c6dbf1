import { fileURLToPath } from 'node:url';
import t from 'tap';
import { upCommand } from '../../cli/commands/up-command.js';
import type { UpDependencies } from '../../cli/commands/up-command.js';
import type { EmulatorOptions, RunningEmulator } from '../../protocol/emulator.js';
import { memorySink } from './memory-sink.js';

const path = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const quickstart = path('scenarios/quickstart.yaml');

/** Dependencies that record what `up` asked for; the emulator "runs" until stop() is called. */
function fakeDependencies(overrides: Partial<UpDependencies> = {}) {
  const calls: { started: EmulatorOptions[]; closed: number } = { started: [], closed: 0 };
  const deps: UpDependencies = {
    defaultScenario: quickstart,
    env: {},
    createLogger: async () => undefined,
    waitForStop: async () => undefined,
    startEmulator: async (options) => {
      calls.started.push(options);
      // Only what `up` reads; the real RunningEmulator carries more.
      const emulator = {
        controlUrl: 'http://127.0.0.1:9090',
        smtp: { host: '127.0.0.1', port: 2525 },
        devices: options.scenario.devices.map((device, index) => ({
          id: device.id,
          kind: device.kind,
          model: device.model,
          ip: `127.77.0.${index + 1}`,
          ports: { http: 8080, https: 8443 },
          activated: device.activated,
        })),
        close: async () => void calls.closed++,
      };
      return emulator as unknown as RunningEmulator;
    },
    ...overrides,
  };
  return { deps, calls };
}

t.test('up starts the scenario, prints the banner, closes on stop, exits 0', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies();
  t.equal(await upCommand([quickstart, '--seed', '9', '--control', '127.0.0.1:0'], sink, deps), 0);
  t.equal(calls.started.length, 1);
  const options = calls.started[0];
  t.equal(options?.seed, 9, '--seed wins over the scenario');
  t.same(options?.control, { host: '127.0.0.1', port: 0 });
  t.equal(options?.scenario.devices.length, 5);
  t.notOk(options && 'smtpUrl' in options, 'no smtpUrl unless --smtp');
  t.equal(calls.closed, 1);

  const banner = sink.stdout.join('\n');
  t.match(banner, /scenario "quickstart" is up \(5 devices\)/);
  t.match(banner, /Control plane {2}http:\/\/127\.0\.0\.1:9090$/m);
  t.match(banner, /Mailbox {8}http:\/\/127\.0\.0\.1:9090\/__sim\/mail$/m);
  t.match(banner, /Console {8}http:\/\/127\.0\.0\.1:9090\/console\/$/m);
  t.match(banner, /^ {2}ID +KIND +MODEL +IP +WEB +ACTIVATED$/m);
  t.match(banner, /^ {2}cam-front +camera +C540V +127\.77\.0\.1 +https:\/\/127\.77\.0\.1:8443 +yes$/m);
  t.match(banner, /^ {2}cam-backyard +camera +C250 +127\.77\.0\.4 +https:\/\/127\.77\.0\.4:8443 +yes$/m);
  t.match(banner, /^ {2}nvr-main +nvr +NVR1008H +127\.77\.0\.5 +https:\/\/127\.77\.0\.5:8443 +yes$/m);
  t.match(banner, /^ {2}nvr-main channels: cam-front, cam-garage, cam-lobby \(not certified\)$/m);
  t.match(banner, /log in as admin \/ Vigi#Admin1/);
  t.same(sink.stdout.slice(-2), ['Stopping...', 'Stopped.']);
  t.same(sink.stderr, []);
});

t.test('without a scenario argument, up runs the quickstart', async (t) => {
  const { deps, calls } = fakeDependencies();
  t.equal(await upCommand([], memorySink(), deps), 0);
  t.equal(calls.started[0]?.scenario.name, 'quickstart');
});

t.test('a bad scenario: problems on stderr, nothing started, exit 1', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies();
  const broken = path('test/scenarios/fixtures/broken.yaml');
  t.equal(await upCommand([broken], sink, deps), 1);
  t.equal(calls.started.length, 0);
  t.equal(sink.stderr[0], `${broken}:5:17: ports.https: must be at most 65535, got 70000`);
  t.same(sink.stderr.slice(-2), [`19 problems in ${broken}`, 'vigi-sim: nothing was started']);
});

t.test('a start failure is one line and exit 1; so is a failing close', async (t) => {
  const sink = memorySink();
  const { deps } = fakeDependencies({ startEmulator: () => { throw new Error('listen EADDRINUSE 127.0.0.1:9090'); } });
  t.equal(await upCommand([quickstart], sink, deps), 1);
  t.same(sink.stderr, ['vigi-sim: could not start the emulator: listen EADDRINUSE 127.0.0.1:9090']);

  const closing = memorySink();
  const base = fakeDependencies();
  const failingClose = fakeDependencies({
    startEmulator: async (options) => ({ ...(await base.deps.startEmulator(options)), close: async () => { throw new Error('stuck'); } }),
  });
  t.equal(await upCommand([quickstart], closing, failingClose.deps), 1);
  t.same(closing.stderr, ['vigi-sim: error while stopping: stuck']);
});

t.test('the banner hides an SMTP password and handles mixed passwords', async (t) => {
  const sink = memorySink();
  const base = fakeDependencies();
  const { deps } = fakeDependencies({
    startEmulator: async (options) => ({ ...(await base.deps.startEmulator(options)), smtp: { url: 'smtp://me:secret@mail.example.test:25' } }),
  });
  t.equal(await upCommand([path('scenarios/examples/single-camera.yaml'), '--smtp', 'smtp://me:secret@mail.example.test:25'], sink, deps), 0);
  const banner = sink.stdout.join('\n');
  t.match(banner, /SMTP {11}smtp:\/\/me:\*\*\*@mail\.example\.test:25/);
  t.notMatch(banner, /secret/);
  t.match(banner, /\(1 device\)/);
});

t.test('the token comes from --token or VIGI_SIM_TOKEN', async (t) => {
  const fromEnv = fakeDependencies({ env: { VIGI_SIM_TOKEN: 's3cret' } });
  t.equal(await upCommand([quickstart, '--control', '0.0.0.0:0'], memorySink(), fromEnv.deps), 0);
  t.equal(fromEnv.calls.started[0]?.token, 's3cret');
  const fromFlag = fakeDependencies({ env: { VIGI_SIM_TOKEN: 's3cret' } });
  t.equal(await upCommand([quickstart, '--token', 'flag'], memorySink(), fromFlag.deps), 0);
  t.equal(fromFlag.calls.started[0]?.token, 'flag', 'the flag wins');
  const none = fakeDependencies();
  t.equal(await upCommand([quickstart], memorySink(), none.deps), 0);
  t.notOk(none.calls.started[0] && 'token' in none.calls.started[0]);
});

t.test('up --cameras N --nvrs M starts a generated topology, no file read', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies({ defaultScenario: path('no/such/file.yaml') });
  t.equal(await upCommand(['--cameras', '20', '--nvrs', '2', '--seed', '4', '--control', '127.0.0.1:0'], sink, deps), 0);
  const options = calls.started[0];
  t.equal(options?.scenario.devices.length, 22);
  t.equal(options?.seed, 4);
  t.equal(options?.scenario.seed, 4);
  t.same(options?.scenario.devices.filter((d) => d.kind === 'nvr').map((d) => [d.id, d.lan, d.model]), [['nvr-1', 'lan-1', 'NVR1016H'], ['nvr-2', 'lan-2', 'NVR1016H']]);
  const banner = sink.stdout.join('\n');
  t.match(banner, /scenario "generated: 20 cameras, 2 NVRs" is up \(22 devices\)/);
  t.match(banner, /^ {2}nvr-1 channels: cam-1, cam-2, .*cam-10$/m);
  t.match(banner, /log in as admin \/ Vigi#Admin1/);
  t.same(sink.stderr, []);
});

t.test('a large topology: the banner shows the first devices and where the rest are', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies();
  t.equal(await upCommand(['--cameras', '1000', '--nvrs', '20'], sink, deps), 0);
  t.equal(calls.started[0]?.scenario.devices.length, 1020);
  const rows = sink.stdout.filter((line) => /^ {2}(cam|nvr)-\d+ +(camera|nvr) /.test(line));
  t.equal(rows.length, 39);
  t.ok(sink.stdout.includes('  ... and 981 more: http://127.0.0.1:9090/__sim/devices'));
  t.equal(sink.stdout.filter((line) => / channels: /.test(line)).length, 9);
  t.ok(sink.stdout.includes('  ... and 11 more NVRs with channels'));
});

t.test('up with a file and --cameras, or --nvrs alone, is a usage error', async (t) => {
  for (const [argv, message] of [
    [[quickstart, '--cameras', '3'], `vigi-sim: up takes a scenario file or --cameras, not both (got ${quickstart} and --cameras 3)`],
    [['--nvrs', '3'], 'vigi-sim: --nvrs goes with --cameras (e.g. --cameras 16 --nvrs 2)'],
    [['--cameras', '0'], 'vigi-sim: --cameras "0" is not a whole number from 1 to 20000'],
  ] as const) {
    const sink = memorySink();
    const { deps, calls } = fakeDependencies();
    t.equal(await upCommand(argv, sink, deps), 2, argv.join(' '));
    t.equal(sink.stderr[0], message);
    t.equal(calls.started.length, 0);
  }
});

t.test('usage errors exit 2 before anything is loaded', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies();
  t.equal(await upCommand(['--state-dir', ''], sink, deps), 2);
  t.equal(sink.stderr[0], 'vigi-sim: --state-dir must not be empty');
  t.equal(calls.started.length, 0);
});

t.test('up --shard k/n starts only that slice of the topology, each device at its address in the whole', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies();
  t.equal(await upCommand(['--cameras', '6', '--nvrs', '3', '--seed', '5', '--shard', '2/3', '--control', '127.0.0.1:0'], sink, deps), 0);
  const scenario = calls.started[0]?.scenario;
  t.same(scenario?.devices.map((d) => [d.id, d.lan, d.ip]), [['cam-3', 'lan-2', '127.77.0.3'], ['cam-4', 'lan-2', '127.77.0.4'], ['nvr-2', 'lan-2', '127.77.0.8']]);
  t.equal(scenario?.name, 'generated: 6 cameras, 3 NVRs (shard 2/3)');
});

t.test('up --shard refuses a cut the topology cannot make, and starts nothing', async (t) => {
  const sink = memorySink();
  const { deps, calls } = fakeDependencies();
  t.equal(await upCommand(['--cameras', '6', '--shard', '1/2'], sink, deps), 2);
  t.equal(calls.started.length, 0);
  t.match(sink.stderr.join('\n'), /--shard 1\/2: the topology has 1 LAN \(default\)/);
});
