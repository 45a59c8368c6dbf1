import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { formatNumber, median, type BenchResult, type BenchTable, type Benchmark } from './bench-result.js';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
import { startBaselineServer, type BaselineServer } from './baseline-server.js';
import { emulatorNodeArgs, ownCpuSeconds, processCpuSeconds } from './process-cpu.js';

/**
 * Issue #6, target 1: login challenges per second against one camera, at least 0.7× a bare
 * fastify route answering a JSON body of the same size, measured side by side in one run.
 *
 * The camera (`vigi-sim up --cameras 1`) and the baseline (bench/baseline-server.ts) each run
 * in a child process; autocannon runs in this process, with the same connections and
 * pipelining against both, over plain HTTP with keep-alive. Runs alternate camera, baseline,
 * camera, baseline… so load from anything else on the machine falls on both alike.
 */
const CHALLENGE_BODY = '{"method":"do","user_management":{"get_encrypt_info":null}}';
const TARGET_RATIO = 0.7;

interface Settings {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly pipelining: number;
}

const FULL: Settings = { rounds: 5, seconds: 5, warmupSeconds: 2, connections: 10, pipelining: 1 };
const QUICK: Settings = { rounds: 3, seconds: 1, warmupSeconds: 0.5, connections: 10, pipelining: 1 };

interface Run {
  readonly server: 'camera' | 'baseline';
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly failures: number;
  /** Responses (headers and body) whose size differed from the first one's. */
  readonly oddSizes: number;
  readonly responseBytes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU per answered request, in microseconds. */
  readonly serverCpuUs: number;
  /** Load-client (this process) CPU, in cores. */
  readonly clientCores: number;
}

interface Load {
  readonly url: string;
  readonly pid: number | undefined;
}

/** One autocannon run: every answer must be a 200 without error or timeout, all of one size. */
async function measure(load: Load, settings: Settings, seconds: number): Promise<Omit<Run, 'server' | 'round'>> {
  const serverCpuBefore = processCpuSeconds(load.pid);
  const clientCpuBefore = ownCpuSeconds();
  let responseBytes = -1;
  let oddSizes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: load.url,
      method: 'POST',
      body: CHALLENGE_BODY,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      connections: settings.connections,
      pipelining: settings.pipelining,
      duration: seconds,
      timeout: 10,
    }, (error, outcome) => (error ? reject(error) : resolve(outcome)));
    instance.on('response', (_client, _status, bytes) => {
      if (responseBytes < 0) responseBytes = bytes;
      else if (bytes !== responseBytes) oddSizes++;
    });
  });
  const serverCpu = processCpuSeconds(load.pid) - serverCpuBefore;
  const clientCpu = ownCpuSeconds() - clientCpuBefore;
  const answered = result.requests.total;
  return {
    requestsPerSecond: answered / seconds,
    requests: answered,
    failures: result.errors + result.timeouts + result.non2xx,
    oddSizes,
    responseBytes,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    serverCpuUs: answered > 0 ? (serverCpu * 1e6) / answered : Number.NaN,
    clientCores: clientCpu / seconds,
  };
}

/** The camera's challenge reply, checked: error_code -40401 with data.code 0, a key and a nonce. */
async function challengeReply(url: string): Promise<string> {
  const reply = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: CHALLENGE_BODY });
  const text = await reply.text();
  const parsed = JSON.parse(text) as { error_code?: number; data?: { code?: number; key?: string; nonce?: string } };
  if (reply.status !== 200 || parsed.error_code !== -40401 || parsed.data?.code !== 0 || !parsed.data.key || parsed.data.nonce?.length !== 8) {
    throw new Error(`the camera's challenge is not what a client expects: HTTP ${reply.status} ${text.slice(0, 200)}`);
  }
  return text;
}

export const run: Benchmark = async (options) => {
  const settings = options.quick ? QUICK : FULL;
  let emulator: EmulatorProcess | undefined;
  let baseline: BaselineServer | undefined;
  try {
    options.log('challenge throughput: starting one camera and the baseline');
    emulator = await startEmulatorProcess({ args: ['--cameras', '1'], nodeArgs: emulatorNodeArgs() });
    const [camera] = await emulator.control<{ id: string; ip: string; ports: { http: number } }[]>('/__sim/devices');
    if (!camera) throw new Error('the emulator lists no device');
    const cameraUrl = `http://${camera.ip}:${camera.ports.http}/`;
    const reply = await challengeReply(cameraUrl);
    const bodyBytes = Buffer.byteLength(reply);
    baseline = await startBaselineServer({ size: bodyBytes });
    const baselineUrl = `${baseline.url}/`;
    const baselineBody = await (await fetch(baselineUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: CHALLENGE_BODY })).text();
    if (Buffer.byteLength(baselineBody) !== bodyBytes) throw new Error(`the baseline answers ${Buffer.byteLength(baselineBody)} bytes, the camera ${bodyBytes}`);

    const loads = { camera: { url: cameraUrl, pid: emulator.child.pid }, baseline: { url: baselineUrl, pid: baseline.child.pid } } as const;
    options.log(`challenge throughput: reply body ${bodyBytes} bytes; warming up both for ${settings.warmupSeconds} s`);
    for (const server of ['camera', 'baseline'] as const) await measure(loads[server], settings, settings.warmupSeconds);

    const runs: Run[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const server of ['camera', 'baseline'] as const) {
        const measured = { server, round, ...(await measure(loads[server], settings, settings.seconds)) };
        runs.push(measured);
        options.log(`challenge throughput: round ${round} ${server}: ${formatNumber(measured.requestsPerSecond)} req/s`);
      }
    }
    const after = await challengeReply(cameraUrl); // the camera still answers a proper challenge
    if (Buffer.byteLength(after) !== bodyBytes) throw new Error(`the camera's challenge changed size during the run (${bodyBytes} → ${Buffer.byteLength(after)} bytes)`);

    return report(runs, settings, bodyBytes, options.quick);
  } finally {
    await Promise.all([emulator?.stop(), baseline?.stop()]);
  }
};

function report(runs: readonly Run[], settings: Settings, bodyBytes: number, quick: boolean): BenchResult {
  const of = (server: Run['server']) => runs.filter((r) => r.server === server);
  const cameraMedian = median(of('camera').map((r) => r.requestsPerSecond));
  const baselineMedian = median(of('baseline').map((r) => r.requestsPerSecond));
  const ratio = cameraMedian / baselineMedian;
  const cpuCamera = median(of('camera').map((r) => r.serverCpuUs));
  const cpuBaseline = median(of('baseline').map((r) => r.serverCpuUs));
  const failures = runs.reduce((sum, r) => sum + r.failures, 0);
  const oddSizes = runs.reduce((sum, r) => sum + r.oddSizes, 0);
  const met = ratio >= TARGET_RATIO && failures === 0;

  const runsTable: BenchTable = {
    title: 'Each run, in the order measured',
    headers: ['round', 'server', 'requests/s', 'requests', 'failed', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'client CPU (cores)'],
    rows: runs.map((r) => [String(r.round), r.server, formatNumber(r.requestsPerSecond), formatNumber(r.requests), String(r.failures), String(r.p50Ms), String(r.p99Ms), formatNumber(r.serverCpuUs, 1), formatNumber(r.clientCores, 2)]),
  };
  const ratioTable: BenchTable = {
    title: 'Medians',
    headers: ['', 'camera', 'bare fastify', 'ratio'],
    rows: [
      ['requests/s', formatNumber(cameraMedian), formatNumber(baselineMedian), `${formatNumber(ratio, 2)} (camera ÷ fastify)`],
      ['server CPU µs/request', formatNumber(cpuCamera, 1), formatNumber(cpuBaseline, 1), `${formatNumber(cpuBaseline / cpuCamera, 2)} (fastify ÷ camera)`],
    ],
  };
  const measured = `${formatNumber(ratio, 2)}× (camera ${formatNumber(cameraMedian)} req/s, bare fastify ${formatNumber(baselineMedian)} req/s; medians of ${settings.rounds} alternating ${settings.seconds} s runs)`;
  return {
    title: 'Login challenges per second, one camera',
    command: `npx tsx bench/challenge-throughput.ts${quick ? ' --quick' : ''}`,
    method: [
      `The first request a client sends to log in, the login challenge \`${CHALLENGE_BODY}\` (\`user_management.get_encrypt_info\`: RSA key, fresh nonce, failure count), `,
      'as `POST /` over plain HTTP to one camera of `vigi-sim up --cameras 1`, and the same request to a bare fastify app (bench/baseline-server.ts) ',
      `whose one \`POST /\` route answers a fixed JSON body of the same ${bodyBytes} bytes; each server is a child process, autocannon runs in the bench process. `,
      `Both get ${settings.connections} keep-alive connections, pipelining ${settings.pipelining}; after a ${settings.warmupSeconds} s warm-up of each, `,
      `${settings.rounds} rounds of ${settings.seconds} s alternate camera and baseline; the ratio is of the medians. `,
      'Every answer must be HTTP 200 with no error or timeout; server CPU comes from /proc.',
    ].join(''),
    tables: [ratioTable, runsTable],
    targets: [{
      name: 'Challenge requests per second vs. a bare fastify route',
      target: `≥ ${TARGET_RATIO}×`,
      measured,
      met,
      ...(met ? {} : { gap: failures > 0 ? `${failures} requests failed.` : `${formatNumber(TARGET_RATIO - ratio, 2)} short of ${TARGET_RATIO}×: the camera spends ${formatNumber(cpuCamera, 1)} µs of CPU per challenge against ${formatNumber(cpuBaseline, 1)} µs for the bare route.` }),
    }],
    notes: [
      `Failed requests over all runs: ${failures}; answers of another size than the first: ${oddSizes} (the camera's reply is ${bodyBytes} bytes of body every time: same key, an 8-character nonce).`,
      'The load client shares the machine\'s two cores with the server: client CPU near 1 core means a run is partly client-bound, which narrows the gap; server CPU per request is the cost comparison that does not depend on it.',
      'Each challenge adds a nonce to the camera\'s outstanding list (16 kept, ours), as it would on the device; nothing else changes between runs.',
      ...(quick ? ['Quick run: a smoke test of the code paths, not a measurement.'] : []),
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
