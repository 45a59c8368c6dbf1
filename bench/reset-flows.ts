import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { formatNumber, median, type BenchResult, type BenchTable, type Benchmark } from './bench-result.js';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
import { FLOW_REQUESTS, questionResetFlow, type FlowOutcome, type FlowTarget } from './flow-client.js';
import { RawHttpPool } from './raw-http-transport.js';
import { startBaselineServer } from './baseline-server.js';
import { emulatorNodeArgs, ownCpuSeconds, processCpuSeconds } from './process-cpu.js';
import { VigiWebClient } from '../protocol/client/vigi-web-client.js';
import { httpTransport } from '../protocol/client/http-transport.js';

/**
 * Issue #6, target 2: at least 1,000 complete reset flows per second across many cameras, by
 * the security-question path (bench/flow-client.ts: methods, questions, answers, challenge,
 * reset, challenge, login with the new password), every flow checked.
 *
 * `vigi-sim up --cameras N` runs in a child process; this process runs many flows at once over
 * keep-alive connections. A camera carries one flow at a time (its next flow starts from the
 * password the last one set), and cameras are taken round-robin from those with questions.
 */
const TARGET_FLOWS_PER_SECOND = 1_000;
/** The generated topology's answers (scenarios/generated-topology.ts). */
const ANSWERS = ['rex', 'lyon', 'alien'] as const;

interface Settings {
  readonly cameras: number;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly windows: number;
  readonly windowMs: number;
  /** How many cameras are logged into again at the end, with the last password they got. */
  readonly spotChecks: number;
  /** Seconds of the machine-speed reference run (bare fastify, autocannon). */
  readonly referenceSeconds: number;
}

const FULL: Settings = { cameras: 1000, concurrency: 64, warmupMs: 2_000, windows: 3, windowMs: 5_000, spotChecks: 20, referenceSeconds: 3 };
const QUICK: Settings = { cameras: 30, concurrency: 8, warmupMs: 300, windows: 2, windowMs: 750, spotChecks: 3, referenceSeconds: 0.5 };

/** Hard bound on flows started per run, whatever the speed (the time bound normally ends it). */
const MAX_FLOWS = 2_000_000;
/** In-flight flows get this long to finish once no new flow starts. */
const DRAIN_MS = 15_000;
/** The untimed first round (one flow per camera, keys made) must end within this. */
const FIRST_ROUND_LIMIT_MS = 120_000;

interface DeviceSummary {
  readonly id: string;
  readonly kind: string;
  readonly ip: string;
  readonly ports: { readonly http: number };
}

/**
 * Cameras with security questions in the generated topology: cam-1, cam-3, cam-4, cam-6…
 * (every camera but cam-2, cam-5, cam-8…, which have a reset email only).
 */
export function hasQuestions(id: string): boolean {
  const number = /^cam-(\d+)$/.exec(id)?.[1];
  return number !== undefined && (Number(number) - 1) % 3 !== 1;
}

interface Window {
  readonly index: number;
  flows: number;
  failures: number;
  serverCpu: number;
  clientCpu: number;
}

export const run: Benchmark = async (options) => {
  const settings = options.quick ? QUICK : FULL;
  let emulator: EmulatorProcess | undefined;
  const pool = new RawHttpPool();
  try {
    options.log('reset flows: machine-speed reference (bare fastify route)');
    const reference = await referenceRate(settings.referenceSeconds);
    options.log(`reset flows: starting ${settings.cameras} cameras`);
    emulator = await startEmulatorProcess({ args: ['--cameras', String(settings.cameras)], nodeArgs: emulatorNodeArgs() });
    const devices = await emulator.control<DeviceSummary[]>('/__sim/devices');
    const targets: FlowTarget[] = devices.filter((d) => d.kind === 'camera' && hasQuestions(d.id)).map((d) => ({ ip: d.ip, port: d.ports.http, answers: ANSWERS }));
    if (targets.length < settings.concurrency) throw new Error(`${targets.length} cameras with questions for ${settings.concurrency} concurrent flows`);
    const lastPassword = new Map<FlowTarget, string>();

    let flowSeq = 0;
    let started = 0;
    const failures: { step: string; detail: string }[] = [];
    let failureCount = 0;
    const durations: number[] = [];
    const windows: Window[] = Array.from({ length: settings.windows }, (_, index) => ({ index, flows: 0, failures: 0, serverCpu: 0, clientCpu: 0 }));
    let warmupFlows = 0;

    const runFlow = async (target: FlowTarget): Promise<{ outcome: FlowOutcome; began: number; ended: number }> => {
      started++;
      const password = `Bench#${++flowSeq}`;
      const began = performance.now();
      const outcome = await questionResetFlow(target, pool.transport(target.ip, target.port), password);
      if (outcome.ok) lastPassword.set(target, password);
      else {
        failureCount++;
        if (failures.length < 5) failures.push({ step: outcome.step, detail: outcome.detail });
      }
      return { outcome, began, ended: performance.now() };
    };

    // First round: one flow on every camera, not timed. A camera makes its RSA key on its first
    // challenge (several ms each) and the client parses each key once; that is start-up, not rate.
    options.log(`reset flows: first round, one flow on each of ${targets.length} cameras (keys are made on first use)`);
    const firstRoundStart = performance.now();
    const firstRound = [...targets];
    await Promise.all(Array.from({ length: settings.concurrency }, async () => {
      for (let target = firstRound.shift(); target; target = firstRound.shift()) {
        if (performance.now() - firstRoundStart > FIRST_ROUND_LIMIT_MS) throw new Error(`the first round took over ${FIRST_ROUND_LIMIT_MS} ms`);
        await runFlow(target);
      }
    }));
    const firstRoundMs = performance.now() - firstRoundStart;

    const measureFrom = performance.now() + settings.warmupMs;
    const stopAt = measureFrom + settings.windows * settings.windowMs;
    const record = ({ outcome, began, ended }: { outcome: FlowOutcome; began: number; ended: number }) => {
      if (ended < measureFrom) {
        if (outcome.ok) warmupFlows++;
        return;
      }
      const window = windows[Math.floor((ended - measureFrom) / settings.windowMs)];
      if (!window) return; // finished after the last window (drain)
      if (outcome.ok) {
        window.flows++;
        durations.push(ended - began);
      } else {
        window.failures++;
      }
    };

    // CPU of the emulator and of this process, sampled at each window edge.
    const pid = emulator.child.pid;
    const cpuMarks: { server: number; client: number }[] = [];
    const sampler = (async () => {
      for (let edge = 0; edge <= settings.windows; edge++) {
        const wait = measureFrom + edge * settings.windowMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        cpuMarks.push({ server: processCpuSeconds(pid), client: ownCpuSeconds() });
      }
    })();

    // Cameras not in a flow, in round-robin order: a flow takes the head and puts it back at the tail.
    const free = [...targets];
    const worker = async () => {
      while (performance.now() < stopAt && started < MAX_FLOWS) {
        const target = free.shift();
        if (!target) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        record(await runFlow(target));
        free.push(target);
      }
    };
    options.log(`reset flows: ${settings.concurrency} concurrent flows over ${targets.length} cameras with questions; warm-up ${settings.warmupMs} ms, then ${settings.windows} × ${settings.windowMs} ms`);
    const drained = Promise.all(Array.from({ length: settings.concurrency }, () => worker()));
    let drainTimer: NodeJS.Timeout | undefined;
    const drainLimit = new Promise<'timeout'>((resolve) => {
      drainTimer = setTimeout(() => resolve('timeout'), stopAt - performance.now() + DRAIN_MS);
    });
    const finished = await Promise.race([drained.then(() => 'done' as const), drainLimit]);
    clearTimeout(drainTimer);
    await sampler;
    if (finished === 'timeout') throw new Error(`flows still running ${DRAIN_MS} ms after the end of the run`);
    for (const window of windows) {
      const [from, to] = [cpuMarks[window.index], cpuMarks[window.index + 1]];
      if (from && to) {
        window.serverCpu = to.server - from.server;
        window.clientCpu = to.client - from.client;
      }
    }

    // Spot checks: a fresh connection logs into a few cameras with the last password they got.
    const checked = [...lastPassword].slice(0, settings.spotChecks);
    let spotOk = 0;
    for (const [target, password] of checked) {
      const reply = await new VigiWebClient(httpTransport(`http://${target.ip}:${target.port}`)).login(password);
      if (reply.error_code === 0) spotOk++;
    }
    options.log(`reset flows: ${started} flows, ${failureCount} failed; spot checks ${spotOk}/${checked.length}`);
    return report({ settings, reference, targets: targets.length, firstRoundMs, windows, warmupFlows, started, failureCount, failures, durations, spotOk, spotChecks: checked.length, quick: options.quick });
  } finally {
    pool.destroy();
    await emulator?.stop();
  }
};

/** Requests per second of a bare fastify JSON route right now: how fast this machine is during the run. */
async function referenceRate(seconds: number): Promise<number> {
  const baseline = await startBaselineServer({ size: 340 });
  try {
    const result = await autocannon({ url: `${baseline.url}/`, method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, connections: 10, duration: seconds });
    return result.requests.total / seconds;
  } finally {
    await baseline.stop();
  }
}

interface Tally {
  readonly settings: Settings;
  readonly reference: number;
  readonly targets: number;
  readonly firstRoundMs: number;
  readonly windows: readonly Window[];
  readonly warmupFlows: number;
  readonly started: number;
  readonly failureCount: number;
  readonly failures: readonly { step: string; detail: string }[];
  readonly durations: number[];
  readonly spotOk: number;
  readonly spotChecks: number;
  readonly quick: boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(tally: Tally): BenchResult {
  const { settings, windows } = tally;
  const seconds = settings.windowMs / 1000;
  const rates = windows.map((w) => w.flows / seconds);
  const rate = median(rates);
  const measuredFlows = windows.reduce((sum, w) => sum + w.flows, 0);
  const sorted = [...tally.durations].sort((a, b) => a - b);
  const serverCpuPerFlow = median(windows.map((w) => (w.flows > 0 ? (w.serverCpu * 1e6) / w.flows : Number.NaN)));
  const clientCpuPerFlow = median(windows.map((w) => (w.flows > 0 ? (w.clientCpu * 1e6) / w.flows : Number.NaN)));
  const allGood = tally.failureCount === 0 && tally.spotOk === tally.spotChecks;
  const met = rate >= TARGET_FLOWS_PER_SECOND && allGood;

  const windowTable: BenchTable = {
    title: `Each ${formatNumber(seconds, 1)} s window`,
    headers: ['window', 'flows completed', 'flows/s', 'requests/s', 'failed flows', 'emulator CPU (cores)', 'client CPU (cores)'],
    rows: windows.map((w, i) => [String(i + 1), formatNumber(w.flows), formatNumber(rates[i]!), formatNumber(rates[i]! * FLOW_REQUESTS), String(w.failures), formatNumber(w.serverCpu / seconds, 2), formatNumber(w.clientCpu / seconds, 2)]),
  };
  const summaryTable: BenchTable = {
    title: 'Summary',
    headers: ['', 'value'],
    rows: [
      ['flows/s (median of windows)', formatNumber(rate)],
      ['flows completed in the windows', formatNumber(measuredFlows)],
      ['flows started in all (warm-up and drain included)', formatNumber(tally.started)],
      ['failed flows (all, warm-up and drain included)', String(tally.failureCount)],
      ['flow duration p50 / p99 (ms)', `${formatNumber(percentile(sorted, 50), 1)} / ${formatNumber(percentile(sorted, 99), 1)}`],
      ['emulator CPU per flow (µs, median of windows)', formatNumber(serverCpuPerFlow)],
      ['client CPU per flow (µs, median of windows)', formatNumber(clientCpuPerFlow)],
      ['spot checks (fresh login with the last password set)', `${tally.spotOk} / ${tally.spotChecks}`],
      ['machine-speed reference: bare fastify JSON route, requests/s', formatNumber(tally.reference)],
    ],
  };
  const measured = `${formatNumber(rate)} flows/s (median of ${settings.windows} × ${formatNumber(seconds, 1)} s windows, ${formatNumber(rate * FLOW_REQUESTS)} requests/s), ${tally.failureCount} failed`;
  return {
    title: 'Complete reset flows per second, many cameras',
    command: `npx tsx bench/reset-flows.ts${tally.quick ? ' --quick' : ''}`,
    method: [
      `\`vigi-sim up --cameras ${settings.cameras}\` in a child process; the bench process runs ${settings.concurrency} flows at once over plain HTTP with keep-alive `,
      `(one connection per camera, bench/raw-http-transport.ts), across the ${tally.targets} cameras that have security questions, taken round-robin, one flow per camera at a time. `,
      `A flow is the question path as VIGI Security Manager takes it (scenarios/suites/security-manager-1-questions.yaml), ${FLOW_REQUESTS} requests through protocol/client: `,
      '`get_methods`, `get_sec_questions`, `sec_answer_check` (rex, lyon, alien), a challenge and `password_reset` with a new password in an RSA envelope, ',
      'a challenge and `login` with the new password; it counts only if every reply is right and the login returns a stok. ',
      `First one untimed flow on every camera (each makes its RSA key on its first challenge), then after a ${formatNumber(settings.warmupMs / 1000, 1)} s warm-up, flows completed are counted in ${settings.windows} windows of ${formatNumber(seconds, 1)} s; the figure is their median.`,
    ].join(''),
    tables: [summaryTable, windowTable],
    targets: [{
      name: 'Complete reset flows per second (question path, new-password login)',
      target: `≥ ${formatNumber(TARGET_FLOWS_PER_SECOND)} flows/s, none failed`,
      measured,
      met,
      ...(met ? {} : {
        gap: !allGood
          ? `${tally.failureCount} flows failed${tally.failures[0] ? ` (first at ${tally.failures[0].step}: ${tally.failures[0].detail})` : ''}; spot checks ${tally.spotOk}/${tally.spotChecks}.`
          : `${formatNumber(TARGET_FLOWS_PER_SECOND - rate)} flows/s short: the emulator (one thread) spends ${formatNumber(serverCpuPerFlow)} µs of CPU per flow (${FLOW_REQUESTS} requests, two RSA-1024 decryptions) and the client ${formatNumber(clientCpuPerFlow)} µs, on two cores that the bare-fastify reference found ${formatNumber(tally.reference)} requests/s fast (about 60,000 on a quiet machine).`,
      }),
    }],
    notes: [
      'No control-plane call and no clock change is needed between flows: the question path has no rate limit for right answers (only wrong answers lock it), a reset token is single use and a new one comes with each flow, and a camera keeps 16 challenges, of which a flow uses two. A camera is never in two flows at once, since a reset voids the password the other flow would log in with.',
      `The machine-speed reference is a bare fastify route answering 340 bytes of JSON (bench/baseline-server.ts) under autocannon, 10 connections, measured just before the flows; TOOLING.md notes ~60,000 requests/s for it on a quiet machine of this kind, so a lower figure means the run shared the CPU with other work.`,
      'Each flow sets a new password (`Bench#<n>`); the next flow on that camera needs none of the old one. The emulator is stopped afterwards, so no camera is left changed.',
      `The untimed first round (${formatNumber(tally.targets)} flows, one per camera, RSA keys made on the way) took ${formatNumber(tally.firstRoundMs / 1000, 1)} s; flows completed during the warm-up after it: ${formatNumber(tally.warmupFlows)}. Neither counts in the rate; their failures do.`,
      ...tally.failures.map((f) => `A failed flow, at ${f.step}: ${f.detail}`),
      ...(tally.quick ? ['Quick run: a smoke test of the code paths, not a measurement.'] : []),
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
