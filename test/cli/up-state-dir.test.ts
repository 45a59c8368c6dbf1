import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { upCommand, type UpDependencies } from '../../cli/commands/up-command.js';
import { parseUpArgs } from '../../cli/commands/up-args.js';
import type { EmulatorOptions, RunningEmulator } from '../../protocol/emulator.js';
import { FileFlashStore } from '../../protocol/state/file-flash-store.js';
import { md5Form } from '../../devices/credentials/md5-form.js';
import { memorySink } from './memory-sink.js';

/** `vigi-sim up --state-dir`: passed to the emulator; a damaged directory stops the start. */
const quickstart = fileURLToPath(new URL('../../scenarios/quickstart.yaml', import.meta.url));

function fakeDependencies() {
  const started: EmulatorOptions[] = [];
  const deps: UpDependencies = {
    defaultScenario: quickstart,
    env: {},
    createLogger: async () => undefined,
    waitForStop: async () => undefined,
    startEmulator: async (options) => {
      started.push(options);
      const emulator = {
        controlUrl: 'http://127.0.0.1:9090',
        smtp: { host: '127.0.0.1', port: 2525 },
        devices: options.scenario.devices.map((device, index) => ({
          id: device.id, kind: device.kind, model: device.model, ip: `127.77.0.${index + 1}`, ports: { http: 8080, https: 8443 }, activated: device.activated,
        })),
        close: async () => undefined,
      };
      return emulator as unknown as RunningEmulator;
    },
  };
  return { deps, started };
}

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-up-state-'));
  made.push(dir);
  return dir;
};
t.teardown(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

t.test('--state-dir parses, and the hidden discovery ports with it', async (t) => {
  const parsed = parseUpArgs(['--state-dir', 'state', '--mdns-port', '15353', '--wsd-port', '13702']);
  t.match(parsed, { ok: true, value: { stateDir: 'state', mdnsPort: 15353, wsDiscoveryPort: 13702 } });
  t.notOk(parseUpArgs([]).ok && 'stateDir' in (parseUpArgs([]) as { value: object }).value, 'absent by default');
});

t.test('up --state-dir passes the directory to the emulator and says so in the banner', async (t) => {
  const dir = join(tempDir(), 'new-state');
  const sink = memorySink();
  const { deps, started } = fakeDependencies();
  t.equal(await upCommand([quickstart, '--state-dir', dir, '--mdns-port', '15353', '--wsd-port', '13702'], sink, deps), 0);
  t.match(started[0], { stateDir: dir, mdnsPort: 15353, wsDiscoveryPort: 13702 });
  t.match(sink.stdout.join('\n'), new RegExp(`^  State dir {6}${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(nothing saved for these devices yet`, 'm'));
  t.same(sink.stderr, []);
});

t.test('the banner counts the devices resumed from the directory', async (t) => {
  const dir = tempDir();
  const opened = await FileFlashStore.open(dir);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  await opened.store.save('cam-front', { kind: 'camera', flash: { status: 'factory-fresh' } });
  const sink = memorySink();
  const { deps } = fakeDependencies();
  t.equal(await upCommand([quickstart, '--state-dir', dir], sink, deps), 0);
  t.match(sink.stdout.join('\n'), /State dir .*\(1 of 5 devices resumed from it; their passwords may differ from the scenario's\)/);
});

t.test('a damaged state file: each problem with its path on stderr, nothing started, exit 1, the file untouched', async (t) => {
  const dir = tempDir();
  const opened = await FileFlashStore.open(dir);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  const secret = md5Form('Vigi#Admin1');
  await opened.store.save('cam-front', { kind: 'camera', flash: { status: 'activated', adminMd5: secret } });
  const file = opened.store.fileOf('cam-front');
  writeFileSync(file, '{"format":"vigi-sim-flash","version":1,"deviceId":"cam-front","record":{"kind":"camera","flash":{"status":"activated","adminMd5":"' + secret);
  const sink = memorySink();
  const { deps, started } = fakeDependencies();
  t.equal(await upCommand([quickstart, '--state-dir', dir], sink, deps), 1);
  t.equal(started.length, 0, 'the emulator was not started');
  t.same(sink.stdout, []);
  t.match(sink.stderr[0], `${file}: is not valid JSON`);
  t.match(sink.stderr[1], /^vigi-sim: the state directory .* cannot be used \(1 problem\); nothing was started$/);
  t.notMatch(sink.stderr.join('\n'), secret, 'the MD5 form is not printed');
  t.same(readdirSync(dir), ['cam-front.json'], 'nothing replaced or added');
});
