import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { passwordEnvelope, VigiWebClient } from '../protocol/client/vigi-web-client.js';
import { httpTransport } from '../protocol/client/http-transport.js';

/**
 * The crash test of `--state-dir`: runs `vigi-sim up` as a child process, changes a camera's
 * password in a loop through the public web API (challenge, login, `change_user_info` with both
 * envelopes under one challenge), kills the child with SIGKILL at a random (seeded) moment,
 * restarts it on the same state directory and ports, and checks that the camera logs in with
 * the last password whose change was acknowledged (error_code 0), or, when a change was in
 * flight at the kill, with that one. Anything else is a lost change.
 *
 *   npx tsx scripts/crash-test.ts [--rounds 50] [--seed s] [--max-kill-ms 1000] [--https] [--verbose]
 *
 * The last line is `N rounds, N kills, N acknowledged changes, N lost`; exit 0 iff nothing
 * was lost and nothing else went wrong. Only loopback is used; every wait is bounded.
 */
export interface CrashTestOptions {
  rounds: number;
  seed: number;
  /** Each round kills the child this long, at most, after it starts changing passwords. */
  maxKillMs: number;
  /** Change passwords over HTTPS instead of plain HTTP (slower, so fewer changes per round). */
  https: boolean;
  log: (line: string) => void;
  verbose: boolean;
}

export interface CrashTestResult {
  rounds: number;
  kills: number;
  acknowledged: number;
  lost: number;
  /** Kills that came while a change was sent and not yet answered, and how those ended. */
  inFlight: { total: number; applied: number; notApplied: number };
  /** Temp files found after a kill (killed mid-save), all removed by the next start. */
  tempFilesAfterKill: number;
  /** Time from spawning the child to health 200, in ms. */
  startMs: { min: number; max: number; mean: number };
  /** Time of one acknowledged change (challenge + change_user_info), in ms. */
  changeMs: { mean: number; p99: number };
  elapsedMs: number;
  failure?: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CAMERA = { id: 'cam-crash', ip: '127.77.252.1', password: 'Crash#Start0' };
const HEALTH_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;
const MAX_CHANGES_PER_ROUND = 100_000;

export async function runCrashTest(options: CrashTestOptions): Promise<CrashTestResult> {
  const began = Date.now();
  const random = mulberry32(options.seed);
  const work = mkdtempSync(join(tmpdir(), 'vigi-crash-'));
  const stateDir = join(work, 'state');
  const ports = { https: await freeTcpPort(), http: await freeTcpPort(), control: await freeTcpPort(), mdns: await freeUdpPort(), wsd: await freeUdpPort() };
  const scenario = join(work, 'crash.yaml');
  writeFileSync(scenario, [
    'version: 1',
    'name: crash-test',
    `ports: { https: ${ports.https}, http: ${ports.http} }`,
    'devices:',
    `  - id: ${CAMERA.id}`,
    '    kind: camera',
    `    ip: ${CAMERA.ip}`,
    '    mac: 40-AE-30-FF-00-01',
    `    password: "${CAMERA.password}"`,
    '',
  ].join('\n'));
  const base = options.https ? `https://${CAMERA.ip}:${ports.https}` : `http://${CAMERA.ip}:${ports.http}`;
  const client = () => new VigiWebClient(httpTransport(base, { timeoutMs: REQUEST_TIMEOUT_MS }));

  const result: CrashTestResult = {
    rounds: 0, kills: 0, acknowledged: 0, lost: 0, inFlight: { total: 0, applied: 0, notApplied: 0 },
    tempFilesAfterKill: 0, startMs: { min: 0, max: 0, mean: 0 }, changeMs: { mean: 0, p99: 0 }, elapsedMs: 0,
  };
  const startTimes: number[] = [];
  const changeTimes: number[] = [];
  /** The password the camera must have, and the one a killed, unanswered change may have set. */
  let acknowledged = CAMERA.password;
  let inFlight: string | undefined;
  let changes = 0;
  let child: Emulator | undefined;
  // Interrupted (Ctrl+C, a test timeout's SIGTERM): take the emulator down too.
  const interrupted = () => {
    child?.process.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);

  const start = async (): Promise<Emulator> => {
    const at = Date.now();
    const started = await startChild(scenario, stateDir, ports);
    startTimes.push(Date.now() - at);
    return started;
  };
  /** After a restart: the camera must log in with the acknowledged or the in-flight password. */
  const verify = async (round: number): Promise<VigiWebClient | undefined> => {
    const session = client();
    const withAcknowledged = await session.login(acknowledged);
    if (withAcknowledged.error_code === 0) {
      if (inFlight !== undefined) result.inFlight.notApplied++;
      inFlight = undefined;
      return session;
    }
    if (inFlight !== undefined) {
      const withInFlight = await session.login(inFlight);
      if (withInFlight.error_code === 0) {
        result.inFlight.applied++;
        acknowledged = inFlight;
        inFlight = undefined;
        return session;
      }
    }
    result.lost++;
    result.failure = `round ${round}: after the restart the camera logs in with neither the last acknowledged password${inFlight !== undefined ? ' nor the one in flight at the kill' : ''} (login answered ${withAcknowledged.error_code})`;
    return undefined;
  };

  try {
    for (let round = 1; round <= options.rounds; round++) {
      child = await start();
      const session = await verify(round);
      if (!session) break;
      const leftovers = readdirSync(stateDir).filter((name) => name.includes('.tmp-'));
      if (leftovers.length > 0) throw new Error(`round ${round}: temp files survived the restart: ${leftovers.join(', ')}`);

      // Change passwords until the kill lands, at a seeded random moment.
      const killAfter = Math.floor(random() * options.maxKillMs);
      const running = child;
      let killed = false;
      let stopped: Promise<number | null> | undefined;
      const timer = setTimeout(() => {
        killed = true;
        stopped = running.stop('SIGKILL');
      }, killAfter);
      const roundChanges = await (async () => {
        let count = 0;
        while (!killed && count < MAX_CHANGES_PER_ROUND) {
          const next = `Crash#${options.seed}-${++changes}`;
          const at = Date.now();
          let reply;
          try {
            const { key, nonce } = await session.challenge();
            inFlight = next;
            reply = await session.call({ method: 'do', user_management: { change_user_info: {
              old_passwd: passwordEnvelope(key, acknowledged, nonce), new_passwd: passwordEnvelope(key, next, nonce), encrypt_type: '2' } } });
          } catch (error) {
            if (killed) return count;
            throw new Error(`round ${round}: a request failed before the kill: ${error instanceof Error ? error.message : String(error)}`);
          }
          if (reply.error_code !== 0) {
            throw new Error(`round ${round}: change_user_info answered ${reply.error_code}${typeof reply.msg === 'string' ? ` (${reply.msg})` : ''}`);
          }
          acknowledged = next;
          inFlight = undefined;
          count++;
          changeTimes.push(Date.now() - at);
        }
        return count;
      })().finally(() => clearTimeout(timer));
      if (!killed || !stopped) throw new Error(`round ${round}: ${MAX_CHANGES_PER_ROUND} changes before the kill`);
      await stopped;
      child = undefined;
      result.kills++;
      result.rounds = round;
      result.acknowledged += roundChanges;
      if (inFlight !== undefined) result.inFlight.total++;
      result.tempFilesAfterKill += readdirSync(stateDir).filter((name) => name.includes('.tmp-')).length;
      if (options.verbose) options.log(`round ${round}: killed after ${killAfter} ms, ${roundChanges} acknowledged changes${inFlight !== undefined ? ', one in flight' : ''}`);
    }
    if (result.lost === 0) {
      // The last kill is checked by one more start, which then stops cleanly.
      child = await start();
      const session = await verify(options.rounds + 1);
      if (session) {
        const code = await child.stop('SIGTERM');
        child = undefined;
        if (code !== 0) throw new Error(`the last start did not stop cleanly on SIGTERM (exit ${code})`);
      }
    }
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
  } finally {
    if (child) await child.stop('SIGKILL').catch(() => undefined);
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    rmSync(work, { recursive: true, force: true });
  }
  result.startMs = { min: Math.min(...startTimes), max: Math.max(...startTimes), mean: Math.round(mean(startTimes)) };
  const sorted = [...changeTimes].sort((a, b) => a - b);
  result.changeMs = { mean: Math.round(mean(changeTimes) * 10) / 10, p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0 };
  result.elapsedMs = Date.now() - began;
  return result;
}

interface Emulator {
  process: ChildProcess;
  /** Sends the signal and resolves with the exit code (null when a signal ended it); bounded. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

async function startChild(scenario: string, stateDir: string, ports: { control: number; mdns: number; wsd: number }): Promise<Emulator> {
  const child = spawn(process.execPath, [
    'bin/vigi-sim.js', 'up', scenario, '--state-dir', stateDir, '--control', `127.0.0.1:${ports.control}`,
    '--mdns-port', String(ports.mdns), '--wsd-port', String(ports.wsd),
  ], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const emulator: Emulator = {
    process: child,
    stop: (signal) => {
      child.kill(signal);
      return withTimeout(exited, EXIT_TIMEOUT_MS, `vigi-sim up did not exit on ${signal}`);
    },
  };
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vigi-sim up exited with ${child.exitCode} before it was ready:\n${stderr}`);
    const status = await fetch(`http://127.0.0.1:${ports.control}/__sim/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0);
    if (status === 200) return emulator;
    await sleep(25);
  }
  await emulator.stop('SIGKILL').catch(() => undefined);
  throw new Error(`vigi-sim up was not ready within ${HEALTH_TIMEOUT_MS} ms:\n${stderr}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '0.0.0.0', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4').once('error', reject);
    socket.bind(0, '0.0.0.0', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A small seeded PRNG: the same seed kills at the same offsets. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function summaryLine(result: CrashTestResult): string {
  return `${result.rounds} rounds, ${result.kills} kills, ${result.acknowledged} acknowledged changes, ${result.lost} lost`;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { rounds: { type: 'string' }, seed: { type: 'string' }, 'max-kill-ms': { type: 'string' }, https: { type: 'boolean' }, verbose: { type: 'boolean' } },
    strict: true,
  });
  const whole = (text: string | undefined, fallback: number, name: string, min: number, max: number): number => {
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const options: CrashTestOptions = {
    rounds: whole(values.rounds, 50, 'rounds', 1, 100_000),
    seed: whole(values.seed, Math.floor(Math.random() * 2 ** 31), 'seed', 0, 2 ** 32 - 1),
    maxKillMs: whole(values['max-kill-ms'], 1000, 'max-kill-ms', 1, 600_000),
    https: values.https === true,
    verbose: values.verbose === true,
    log: (line) => console.log(line),
  };
  console.log(`crash test: ${options.rounds} rounds, seed ${options.seed}, kill within ${options.maxKillMs} ms, over ${options.https ? 'HTTPS' : 'HTTP'}`);
  const result = await runCrashTest(options);
  const { inFlight, startMs, changeMs } = result;
  console.log(`in flight at a kill: ${inFlight.total} (found applied ${inFlight.applied}, not applied ${inFlight.notApplied}); temp files left by kills: ${result.tempFilesAfterKill}`);
  console.log(`start to ready: ${startMs.mean} ms mean (${startMs.min} to ${startMs.max}); one change: ${changeMs.mean} ms mean, ${changeMs.p99} ms p99; total ${(result.elapsedMs / 1000).toFixed(1)} s`);
  if (result.failure) console.log(`FAILED: ${result.failure}`);
  console.log(summaryLine(result));
  return result.lost === 0 && !result.failure ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    console.error(`crash test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
