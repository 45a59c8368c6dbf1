import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { LOCK_FILE, lockStateDir } from '../../../protocol/state/state-dir-lock.js';
import { startEmulator } from '../../../protocol/emulator.js';
import { privateDiscoveryPorts, quickstartScenario } from '../../helpers/emulator-fixture.js';

/**
 * One emulator per state directory: a second one is refused with who holds it, because two
 * writers would overwrite each other's acknowledged changes. A lock left by a process that is
 * gone (SIGKILL) or that nobody refreshed for 30 s is taken over.
 */
const freshDir = (t: Test) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

t.test('a second lock on the same directory in the same process is refused; after release it is free', async (t) => {
  const dir = freshDir(t);
  const first = await lockStateDir(dir);
  t.match(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')), { pid: process.pid, host: hostname(), startedAt: String });
  await t.rejects(lockStateDir(dir), /is in use by another emulator in this process/);
  await first.release();
  t.notOk(existsSync(join(dir, LOCK_FILE)), 'release removes the lock file');
  const second = await lockStateDir(dir);
  await second.release();
  await second.release();
  t.pass('release is idempotent');
});

t.test('a lock held by another live process is refused with its pid and host', async (t) => {
  const dir = freshDir(t);
  // A live process that is not us: a sleeping child.
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  t.teardown(() => child.kill('SIGKILL'));
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, host: hostname(), startedAt: '2026-11-25T10:00:00.000Z' }));
  await t.rejects(lockStateDir(dir), new RegExp(`in use by vigi-sim pid ${child.pid} on ${hostname()} \\(since 2026-11-25T10:00:00.000Z\\)`));
  t.ok(existsSync(join(dir, LOCK_FILE)), 'the holder keeps its lock');
});

t.test('stale locks are taken over: a dead pid, an unreadable file, another host silent for 30 s', async (t) => {
  const dir = freshDir(t);
  const file = join(dir, LOCK_FILE);
  const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => dead.on('exit', resolve));
  writeFileSync(file, JSON.stringify({ pid: dead.pid, host: hostname(), startedAt: 'then' }));
  let lock = await lockStateDir(dir);
  t.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid, 'a dead pid (as after SIGKILL): taken over');
  await lock.release();

  writeFileSync(file, '{"pid":');
  lock = await lockStateDir(dir);
  t.pass('a half-written lock: taken over');
  await lock.release();

  writeFileSync(file, JSON.stringify({ pid: 1, host: 'another-container', startedAt: 'then' }));
  await t.rejects(lockStateDir(dir), /in use by vigi-sim pid 1 on another-container/, 'another host, refreshed recently: held');
  const old = new Date(Date.now() - 31_000);
  utimesSync(file, old, old);
  lock = await lockStateDir(dir);
  t.pass('another host, not refreshed for 31 s: taken over');
  await lock.release();
});

t.test('startEmulator refuses a state directory another emulator uses, and frees it on close', async (t) => {
  const dir = freshDir(t);
  const options = { scenario: quickstartScenario(), control: { host: '127.0.0.1', port: 0 }, devicePorts: { http: 0, https: 0 }, stateDir: dir };
  const first = await startEmulator({ ...options, ...privateDiscoveryPorts() });
  await t.rejects(startEmulator({ ...options, ...privateDiscoveryPorts() }), /the state directory cannot be used: .* is in use by another emulator in this process/);
  t.equal((await fetch(`${first.controlUrl}/__sim/health`)).status, 200, 'the first keeps running');
  await first.close();
  const again = await startEmulator({ ...options, ...privateDiscoveryPorts() });
  t.pass('after close the directory can be used again');
  await again.close();
});
