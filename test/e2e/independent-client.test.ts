import t from 'tap';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/**
 * A client that shares no code with the emulator (Python stdlib and the openssl command,
 * written from the public facts and the contract) activates the factory-fresh quickstart
 * camera, logs in, gets locked out, and resets the password by questions, mail and support.
 */
const python = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['--version']).status === 0);
const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

t.test('the independent client passes every check', { skip: !python || !haveOpenssl ? 'needs python3 and openssl' : false }, async (t) => {
  const fx = await startTestEmulator();
  t.teardown(() => fx.emulator.close());
  await fx.control('POST', '/__sim/devices/cam-backyard/factory-reset');
  const cam = fx.device('cam-backyard');
  const script = new URL('./independent-client.py', import.meta.url).pathname;
  // Asynchronously: the emulator answers from this very process.
  const run = await promisify(execFile)(python!, [script, fx.emulator.controlUrl, cam.ip, String(cam.ports.https), 'fresh'], { encoding: 'utf8', timeout: 60_000 })
    .then((r) => ({ ...r, status: 0 }))
    .catch((e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? String(e), status: e.code ?? 1 }));
  const lines = run.stdout.split('\n').filter(Boolean);
  for (const line of lines) t.ok(line.startsWith('ok '), line);
  t.ok(lines.length >= 20, `ran ${lines.length} checks`);
  t.equal(run.status, 0, run.stderr || 'exit 0');
});
