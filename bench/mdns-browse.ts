import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatNumber, median, type Benchmark, type BenchOptions, type BenchResult, type BenchTarget } from './bench-result.js';
import { startEmulatorProcess } from './emulator-process.js';
import { AvahiClient, missingTools } from './mdns-avahi.js';
import { MdnsCapture, type CapturedPacket } from './mdns-capture.js';
import { browseVigi } from '../protocol/discovery/mdns-browser.js';
import { MDNS_MAX_PAYLOAD, MDNS_PAYLOAD_LIMIT } from '../protocol/discovery/mdns-packets.js';

/**
 * Issue #6, mDNS: "a browse of 1,000 devices completes within 2 s with packets that respect
 * RFC 6762 size limits (measure with an independent client such as avahi-browse on loopback)".
 *
 * avahi only speaks on port 5353, and 5353 on the host's loopback may be taken (a running
 * quickstart, a test). So the benchmark makes a network namespace of its own (`ip netns add`,
 * only `lo` inside, nothing leaves it) and runs itself again inside it (`--inner`): the emulator
 * child on port 5353, a private avahi-daemon with avahi-browse, a packet capture and the
 * project's own browser, all on that namespace's loopback. Needs root, iproute2, avahi-daemon,
 * avahi-utils and dbus (`apt-get install -y avahi-daemon avahi-utils dbus`).
 */
const THIS_FILE = fileURLToPath(import.meta.url);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const COMMAND = 'npx tsx bench/mdns-browse.ts';
const TITLE = 'mDNS: browsing 1,000 devices';
const TARGET_MS = 2000;
const BROWSE_QUESTION = '_vigi._tcp.local PTR';

interface ClientRun {
  client: string;
  run: number;
  ptrs: number;
  resolved: number;
  /** ms from the browse query on the wire to the last PTR / last fully resolved service. */
  ptrMs: number | undefined;
  resolvedMs: number | undefined;
  /** ms from starting the client to the last resolved service (the user's wait). */
  wallMs: number | undefined;
  replies: CapturedPacket[];
  queries: number;
  drops: number;
}

export const run: Benchmark = async (options) => {
  const missing = [...missingTools(), ...missingTools(['ip'])];
  const root = process.getuid?.() === 0;
  if (missing.length > 0 || !root) return notRun(options, `${missing.length > 0 ? `missing ${missing.join(', ')}` : ''}${!root ? `${missing.length > 0 ? '; ' : ''}not root (ip netns needs it)` : ''}`);
  const namespace = `vigi-bench-mdns-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const ip = (...args: string[]): void => {
    const done = spawnSync('ip', args, { encoding: 'utf8' });
    if (done.status !== 0) throw new Error(`ip ${args.join(' ')}: ${done.stderr.trim()}`);
  };
  ip('netns', 'add', namespace);
  try {
    ip('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up');
    ip('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'multicast', 'on');
    options.log(`mdns-browse: network namespace ${namespace}`);
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', THIS_FILE, '--inner', ...(options.quick ? ['--quick'] : [])],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      for (const line of chunk.toString().split('\n')) if (line.startsWith('mdns-browse:')) options.log(line);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.quick ? 60_000 : 300_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the benchmark inside ${namespace} exited with ${code}: ${stderr}`);
    return JSON.parse(stdout) as BenchResult;
  } finally {
    spawnSync('ip', ['netns', 'del', namespace]);
  }
};

/** Everything measured, from inside the namespace. */
async function inner(options: BenchOptions): Promise<BenchResult> {
  const devices = options.quick ? 50 : 1000;
  const runs = options.quick ? 1 : 3;
  const timeoutMs = options.quick ? 8000 : 20_000;
  const capture = await MdnsCapture.open(5353);
  const avahi = await AvahiClient.open();
  const emulator = await startEmulatorProcess({ args: ['--cameras', String(devices)], mdnsPort: 5353 });
  const results: ClientRun[] = [];
  try {
    options.log(`mdns-browse: ${devices} cameras healthy after ${formatNumber(emulator.healthyAfterMs)} ms`);
    // Start-up announcements go out at once and a second later: let them pass, so that every
    // client below starts with an empty cache and hears only answers to its own browse.
    await sleep(2500);
    for (let i = 1; i <= runs; i++) {
      await avahi.restart();
      await sleep(300);
      const drops = udpReceiveErrors();
      const browse = await avahi.browse(devices, timeoutMs);
      await sleep(300); // late packets into the capture
      const last = (values: Iterable<number>): number => Math.max(...values);
      const measured = window(capture.since(browse.startedAt), browse.startedAt);
      const resolvedAll = browse.resolved.size >= devices ? last([...browse.resolved.values()].map((r) => r.at)) : undefined;
      results.push({
        client: 'avahi-browse -r', run: i, ptrs: browse.added.size, resolved: distinctAddresses([...browse.resolved.values()].map((r) => r.address)),
        ptrMs: browse.added.size >= devices && measured.queryAt !== undefined ? last(browse.added.values()) - measured.queryAt : undefined,
        resolvedMs: resolvedAll !== undefined && measured.queryAt !== undefined ? resolvedAll - measured.queryAt : undefined,
        wallMs: resolvedAll !== undefined ? resolvedAll - browse.startedAt : undefined,
        replies: measured.replies, queries: measured.queries, drops: udpReceiveErrors() - drops,
      });
      options.log(`mdns-browse: avahi run ${i}: ${browse.added.size} PTR, ${browse.resolved.size} resolved, ${describe(results.at(-1)!)}`);
    }
    await avahi.restart(); // an idle daemon, so the runs below are not skewed by the last one's resolvers
    for (let i = 1; i <= runs; i++) {
      await sleep(500);
      const drops = udpReceiveErrors();
      const startedAt = performance.now();
      const found = await browseVigi({ port: 5353, timeoutMs: timeoutMs, expected: devices });
      const doneAt = performance.now();
      await sleep(300);
      const measured = window(capture.since(startedAt), startedAt);
      const complete = found.length >= devices;
      results.push({
        client: 'vigi-sim browseVigi', run: i, ptrs: found.length, resolved: distinctAddresses(found.map((f) => f.ip)),
        ptrMs: undefined, resolvedMs: complete && measured.queryAt !== undefined ? doneAt - measured.queryAt : undefined,
        wallMs: complete ? doneAt - startedAt : undefined, replies: measured.replies, queries: measured.queries, drops: udpReceiveErrors() - drops,
      });
      options.log(`mdns-browse: node run ${i}: ${found.length} found, ${describe(results.at(-1)!)}`);
    }
  } finally {
    await emulator.stop();
    await avahi.close();
    await capture.close();
  }
  return report(options, devices, results);
}

/** The browse query (first question for `_vigi._tcp.local` PTR) and every response after it. */
function window(packets: readonly CapturedPacket[], startedAt: number): { queryAt: number | undefined; replies: CapturedPacket[]; queries: number } {
  const query = packets.find((p) => !p.response && p.questions.includes(BROWSE_QUESTION) && p.at >= startedAt);
  const after = query ? packets.filter((p) => p.at >= query.at) : [];
  return { queryAt: query?.at, replies: after.filter((p) => p.response), queries: after.filter((p) => !p.response).length };
}

function distinctAddresses(addresses: readonly string[]): number {
  return new Set(addresses.filter((a) => a.length > 0)).size;
}

/** Datagrams the kernel dropped in this namespace because a socket's receive buffer was full. */
function udpReceiveErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  const index = names?.indexOf('RcvbufErrors') ?? -1;
  return index > 0 ? Number(values?.[index] ?? 0) : 0;
}

const ms = (value: number | undefined): string => (value === undefined ? 'incomplete' : `${formatNumber(value)} ms`);
const sizes = (run: ClientRun): number[] => run.replies.map((p) => p.size);

function describe(run: ClientRun): string {
  return `query→resolved ${ms(run.resolvedMs)}, ${run.replies.length} reply packets, ${run.queries} queries, ${run.drops} UDP buffer drops`;
}

function report(options: BenchOptions, devices: number, results: readonly ClientRun[]): BenchResult {
  const avahi = results.filter((r) => r.client.startsWith('avahi'));
  const allSizes = results.flatMap(sizes);
  const maxSize = allSizes.length > 0 ? Math.max(...allSizes) : 0;
  const complete = avahi.length > 0 && avahi.every((r) => r.resolvedMs !== undefined && r.resolved >= devices);
  const avahiMedian = median(avahi.map((r) => r.resolvedMs ?? Number.POSITIVE_INFINITY));
  const speed: BenchTarget = {
    name: `${formatNumber(devices)} devices browsed and resolved by avahi-browse`,
    target: `< ${formatNumber(TARGET_MS / 1000)} s`,
    measured: complete ? `${formatNumber(avahiMedian / 1000, 2)} s (median of ${avahi.length}, query on the wire → last service resolved)` : 'not every device seen',
    met: complete && avahiMedian < TARGET_MS,
    ...(complete && avahiMedian < TARGET_MS ? {} : {
      gap: complete
        ? `${formatNumber((avahiMedian - TARGET_MS) / 1000, 2)} s over; see the drops and queries columns: answers lost in the client's socket buffer are only recovered by its next query.`
        : `only ${Math.min(...avahi.map((r) => r.resolved))} of ${devices} resolved within the run's time limit.`,
    }),
  };
  const size: BenchTarget = {
    name: 'reply packets within RFC 6762 size limits',
    target: `≤ ${formatNumber(MDNS_PAYLOAD_LIMIT)} bytes of DNS message (link MTU, §17), hence ≤ 9,000 with headers`,
    measured: `${formatNumber(maxSize)} bytes at most over ${formatNumber(allSizes.length)} packets`,
    met: maxSize > 0 && maxSize <= MDNS_PAYLOAD_LIMIT && maxSize <= MDNS_MAX_PAYLOAD,
    ...(maxSize > MDNS_PAYLOAD_LIMIT ? { gap: `the largest reply is ${maxSize - MDNS_PAYLOAD_LIMIT} bytes over.` } : maxSize === 0 ? { gap: 'no reply captured.' } : {}),
  };
  return {
    title: TITLE,
    command: `${COMMAND}${options.quick ? ' --quick' : ''}`,
    method: [
      `\`vigi-sim up --cameras ${devices}\` answers mDNS on port 5353 inside a network namespace made for the run (only \`lo\`), so avahi can take part without touching the host's port 5353.`,
      'Each avahi run starts a fresh avahi-daemon (empty cache; private D-Bus) once the emulator\'s start-up announcements are over, then `avahi-browse -r -p _vigi._tcp` until every service is resolved.',
      'A plain dgram socket on the group (4 MiB buffer) captures every packet: times are from the browse query on the wire to the last `+` (PTR) and `=` (resolved: SRV, TXT, A) line of avahi-browse, packet sizes are DNS message bytes.',
      'The project\'s own browser (`browseVigi`, stopping once every device is complete) is measured the same way for comparison.',
    ].join(' '),
    tables: [{
      title: `Browse of ${formatNumber(devices)} devices`,
      headers: ['client', 'run', 'services', 'query → all PTR', 'query → all resolved', 'client start → all resolved', 'reply packets', 'max / median bytes', 'client queries', 'UDP buffer drops'],
      rows: results.map((r) => [
        r.client, String(r.run), `${formatNumber(r.resolved)} / ${formatNumber(devices)}`, r.client.startsWith('avahi') ? ms(r.ptrMs) : 'n/a', ms(r.resolvedMs), ms(r.wallMs),
        formatNumber(r.replies.length), r.replies.length > 0 ? `${formatNumber(Math.max(...sizes(r)))} / ${formatNumber(median(sizes(r)))}` : '-',
        formatNumber(r.queries), formatNumber(r.drops),
      ]),
    }],
    targets: [speed, size],
    notes: [
      `Size limit checked: ${MDNS_PAYLOAD_LIMIT} bytes of DNS message, the responder's own cap (RFC 6762 §17: stay within the interface MTU; 1,500-byte Ethernet minus IPv6 and UDP headers, with a margin). The loopback MTU (64 KiB) would allow the §17 maximum of 9,000 bytes, but the emulator is meant to behave as it would on a LAN.`,
      'Names are compressed (RFC 1035 §4.1.4, RFC 6762 §18.14), so about five devices (PTR + SRV + TXT + A) fit in one packet instead of three.',
      '"UDP buffer drops" is the namespace\'s RcvbufErrors: datagrams dropped because a receiver (avahi-daemon, the browser) did not read fast enough.',
      'avahi-daemon runs with Debian\'s defaults except loopback only, no IPv6, no publishing, and cache-entries-max / objects-per-client-max raised above 1,000 services (the default cache of 4,096 entries is too small for 1,000 devices x 4 records).',
    ],
  };
}

function notRun(options: BenchOptions, why: string): BenchResult {
  options.log(`mdns-browse: not run (${why})`);
  return {
    title: TITLE, command: COMMAND, method: 'Not run on this machine.', tables: [],
    targets: [{ name: '1,000 devices browsed and resolved by avahi-browse', target: '< 2 s', measured: 'not measured', met: false, gap: `not run: ${why}.` }],
    notes: [`Needs root (for \`ip netns\`) and Debian's avahi-daemon, avahi-utils and dbus: \`apt-get install -y avahi-daemon avahi-utils dbus\`.`],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const result = process.argv.includes('--inner') ? await inner({ quick, log }) : await run({ quick, log });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
