import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatNumber, median, type Benchmark, type BenchOptions, type BenchResult, type BenchTarget } from './bench-result.js';
import { startEmulatorProcess } from './emulator-process.js';
import { AvahiClient, missingTools } from './mdns-avahi.js';
import { MdnsCapture, type CapturedPacket } from './mdns-capture.js';
import { browseVigi } from '../protocol/discovery/mdns-browser.js';
import { MDNS_LOOPBACK_PAYLOAD, MDNS_MAX_PAYLOAD, MDNS_PAYLOAD_LIMIT, payloadLimitFor } from '../protocol/discovery/mdns-packets.js';

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
const AVAHI = 'avahi-browse -r';
const AVAHI_WARM = 'avahi-browse -r, warm cache';
const AVAHI_LIST = 'avahi-browse (no -r)';

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
  /** Datagrams dropped in the client's own socket (avahi-daemon's, or browseVigi's), and in the whole namespace. */
  clientDrops: number;
  drops: number;
  /** CPU time (user + system) avahi-daemon spent during the run, ms; undefined for browseVigi. */
  daemonCpuMs: number | undefined;
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
    const avahiRun = async (client: string, run: number, resolve = true): Promise<void> => {
      const drops = udpReceiveErrors();
      const daemon = avahi.daemonPid;
      const daemonDrops = socketDrops([daemon]);
      const daemonCpu = cpuMs(daemon);
      const browse = await avahi.browse(devices, timeoutMs, { resolve });
      await sleep(300); // late packets into the capture
      const clientDrops = socketDrops([daemon]) - daemonDrops;
      const daemonCpuMs = cpuMs(daemon) - daemonCpu;
      const last = (values: Iterable<number>): number => Math.max(...values);
      const measured = window(capture.since(browse.startedAt), browse.startedAt);
      // Without -r, "resolved" is the listing itself: every PTR heard and printed.
      const done = resolve ? browse.resolved : new Map([...browse.added].map(([name, at]) => [name, { at, address: name }]));
      const resolvedAll = done.size >= devices ? last([...done.values()].map((r) => r.at)) : undefined;
      results.push({
        client, run, ptrs: browse.added.size, resolved: distinctAddresses([...done.values()].map((r) => r.address)),
        ptrMs: browse.added.size >= devices && measured.queryAt !== undefined ? last(browse.added.values()) - measured.queryAt : undefined,
        resolvedMs: resolvedAll !== undefined && measured.queryAt !== undefined ? resolvedAll - measured.queryAt : undefined,
        wallMs: resolvedAll !== undefined ? resolvedAll - browse.startedAt : undefined,
        replies: measured.replies, queries: measured.queries, clientDrops, drops: udpReceiveErrors() - drops, daemonCpuMs,
      });
      options.log(`mdns-browse: avahi${client === AVAHI_WARM ? ' (warm cache)' : client === AVAHI_LIST ? ' (no -r)' : ''} run ${run}: ${browse.added.size} PTR, ${browse.resolved.size} resolved, ${describe(results.at(-1)!)}`);
    };
    for (let i = 1; i <= runs; i++) {
      await avahi.restart();
      await sleep(300);
      await avahiRun(AVAHI, i);
    }
    // The client's own floor: the same browse again on the last daemon, every record already in
    // its cache, so the network has nothing left to do (its query carries every known answer and
    // gets no reply) and what remains is avahi-daemon and avahi-browse resolving over D-Bus.
    await sleep(300);
    await avahiRun(AVAHI_WARM, 1);
    // The browse alone, without a resolver per service: PTRs listed, as `avahi-browse` without -r.
    await avahi.restart();
    await sleep(300);
    await avahiRun(AVAHI_LIST, 1, false);
    await avahi.restart(); // an idle daemon, so the runs below are not skewed by the last one's resolvers
    for (let i = 1; i <= runs; i++) {
      await sleep(500);
      const drops = udpReceiveErrors();
      // The browser's socket is gone when it returns: its drops are the namespace's minus those of
      // the sockets that outlive it (the emulator's, the idle avahi-daemon's, the capture's).
      const others = [emulator.child.pid, avahi.daemonPid, process.pid];
      const othersDrops = socketDrops(others);
      const startedAt = performance.now();
      const found = await browseVigi({ port: 5353, timeoutMs: timeoutMs, expected: devices });
      const doneAt = performance.now();
      await sleep(300);
      const measured = window(capture.since(startedAt), startedAt);
      const complete = found.length >= devices;
      const allDrops = udpReceiveErrors() - drops;
      results.push({
        client: 'vigi-sim browseVigi', run: i, ptrs: found.length, resolved: distinctAddresses(found.map((f) => f.ip)),
        ptrMs: undefined, resolvedMs: complete && measured.queryAt !== undefined ? doneAt - measured.queryAt : undefined,
        wallMs: complete ? doneAt - startedAt : undefined, replies: measured.replies, queries: measured.queries,
        clientDrops: allDrops - (socketDrops(others) - othersDrops), drops: allDrops, daemonCpuMs: undefined,
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

/**
 * Datagrams dropped so far in the UDP sockets of these processes (the `drops` column of
 * /proc/net/udp, this namespace's, matched to the processes' socket inodes). Sockets that closed
 * take their count with them: read it while the client still runs.
 */
function socketDrops(pids: ReadonlyArray<number | undefined>): number {
  const inodes = new Set<string>();
  for (const pid of pids) {
    if (pid === undefined) continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  let drops = 0;
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 13 && inodes.has(fields[9]!)) drops += Number(fields[12]);
  }
  return drops;
}

/** CPU time a process has used so far (user + system), ms; 0 when it is gone. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** USER_HZ: 100 on every Linux build that matters here. */
const CLOCK_TICKS = 100;

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
  return `query→resolved ${ms(run.resolvedMs)}, ${run.replies.length} reply packets, ${run.queries} queries, ${run.clientDrops} drops in the client's socket (${run.drops} in the namespace)${run.daemonCpuMs !== undefined ? `, avahi-daemon CPU ${formatNumber(run.daemonCpuMs)} ms` : ''}`;
}

function report(options: BenchOptions, devices: number, results: readonly ClientRun[]): BenchResult {
  const avahi = results.filter((r) => r.client === AVAHI);
  const warm = results.filter((r) => r.client === AVAHI_WARM);
  const allSizes = results.flatMap(sizes);
  const maxSize = allSizes.length > 0 ? Math.max(...allSizes) : 0;
  const complete = avahi.length > 0 && avahi.every((r) => r.resolvedMs !== undefined && r.resolved >= devices);
  const avahiMedian = median(avahi.map((r) => r.resolvedMs ?? Number.POSITIVE_INFINITY));
  // What the client needs with nothing left to fetch: below the target or not, it bounds the figure.
  // From avahi-browse's start: a warm daemon may send no query at all (its querier is still running).
  const warmMs = warm.length > 0 && warm.every((r) => r.wallMs !== undefined) ? median(warm.map((r) => r.wallMs!)) : undefined;
  const lost = avahi.reduce((sum, r) => sum + r.clientDrops, 0);
  const list = results.find((r) => r.client === AVAHI_LIST);
  const floor = [
    warmMs !== undefined ? `The same browse on a daemon that already holds every record (no network work left) takes ${formatNumber(warmMs / 1000, 2)} s from avahi-browse's start: that much is avahi-daemon and avahi-browse resolving over D-Bus (see the avahi-daemon CPU column).` : '',
    list?.resolvedMs !== undefined ? `Without -r (no resolver per service) avahi-browse lists all ${formatNumber(devices)} in ${formatNumber(list.resolvedMs / 1000, 2)} s.` : '',
    lost > 0 ? `${lost} datagrams were dropped in avahi-daemon's socket over the runs; each loss waits for its next query (1 s, 2 s, 4 s... after the first).` : 'No datagram was dropped in avahi-daemon\'s socket.',
  ].filter(Boolean).join(' ');
  const speed: BenchTarget = {
    name: `${formatNumber(devices)} devices browsed and resolved by avahi-browse`,
    target: `< ${formatNumber(TARGET_MS / 1000)} s`,
    measured: complete ? `${formatNumber(avahiMedian / 1000, 2)} s (median of ${avahi.length}, query on the wire → last service resolved)` : 'not every device seen',
    met: complete && avahiMedian < TARGET_MS,
    ...(complete && avahiMedian < TARGET_MS ? {} : {
      gap: complete
        ? `${formatNumber((avahiMedian - TARGET_MS) / 1000, 2)} s over. ${floor}`
        : `only ${Math.min(...avahi.map((r) => r.resolved))} of ${devices} resolved within the run's time limit.`,
    }),
  };
  // The emulator joins the group on 127.0.0.1 (loopback, MTU 65,536): §17 then allows up to the
  // 9,000-byte maximum, headers included; the responder uses 7,600 there (see
  // MDNS_LOOPBACK_PAYLOAD) and 1,400 on any other interface.
  const limit = Math.min(payloadLimitFor('127.0.0.1'), MDNS_MAX_PAYLOAD);
  const size: BenchTarget = {
    name: 'reply packets within RFC 6762 size limits',
    target: `≤ ${formatNumber(limit)} bytes of DNS message on loopback, the responder's cap there (§17: within the interface MTU, 65,536 on \`lo\`, and never over 9,000 bytes with the IPv4 and UDP headers); ${formatNumber(MDNS_PAYLOAD_LIMIT)} on other interfaces`,
    measured: `${formatNumber(maxSize)} bytes at most over ${formatNumber(allSizes.length)} packets`,
    met: maxSize > 0 && maxSize <= limit,
    ...(maxSize > limit ? { gap: `the largest reply is ${maxSize - limit} bytes over.` } : maxSize === 0 ? { gap: 'no reply captured.' } : {}),
  };
  return {
    title: TITLE,
    command: `${COMMAND}${options.quick ? ' --quick' : ''}`,
    method: [
      `\`vigi-sim up --cameras ${devices}\` answers mDNS on port 5353 inside a network namespace made for the run (only \`lo\`), so avahi can take part without touching the host's port 5353.`,
      'Each avahi run starts a fresh avahi-daemon (empty cache; private D-Bus) once the emulator\'s start-up announcements are over, then `avahi-browse -r -p _vigi._tcp` until every service is resolved.',
      'A plain dgram socket on the group (4 MiB buffer) captures every packet: times are from the browse query on the wire to the last `+` (PTR) and `=` (resolved: SRV, TXT, A) line of avahi-browse, packet sizes are DNS message bytes.',
      'Two more avahi rows, outside the target: the same `avahi-browse -r` again on the last daemon with every record cached (the client\'s own floor: its query carries every known answer and gets no reply), and plain `avahi-browse -p` (no -r) on a fresh daemon, until every service is listed.',
      'The project\'s own browser (`browseVigi`, stopping once every device is complete) is measured the same way for comparison.',
    ].join(' '),
    tables: [{
      title: `Browse of ${formatNumber(devices)} devices`,
      headers: ['client', 'run', 'services', 'query → all PTR', 'query → all resolved', 'client start → all resolved', 'reply packets', 'max / median bytes', 'client queries', 'client socket drops', 'all socket drops', 'avahi-daemon CPU'],
      rows: results.map((r) => [
        r.client, String(r.run), `${formatNumber(r.resolved)} / ${formatNumber(devices)}`, r.client === AVAHI_WARM && r.resolvedMs === undefined && r.resolved >= devices ? 'n/a (no query sent)' : r.client.startsWith('avahi') ? ms(r.ptrMs) : 'n/a',
        r.client === AVAHI_WARM && r.resolvedMs === undefined && r.resolved >= devices ? 'n/a (no query sent)' : ms(r.resolvedMs), ms(r.wallMs),
        formatNumber(r.replies.length), r.replies.length > 0 ? `${formatNumber(Math.max(...sizes(r)))} / ${formatNumber(median(sizes(r)))}` : '-',
        formatNumber(r.queries), formatNumber(r.clientDrops), formatNumber(r.drops), r.daemonCpuMs === undefined ? 'n/a' : ms(r.daemonCpuMs),
      ]),
    }],
    targets: [speed, size],
    notes: [
      `Size limit checked: ${formatNumber(MDNS_LOOPBACK_PAYLOAD)} bytes of DNS message, the responder's cap on loopback, where this runs (RFC 6762 §17: within the interface MTU, 65,536 on \`lo\`, never over 9,000 bytes with headers; 7,600 rather than 8,972 because Linux charges a datagram of up to ~7,800 bytes as 8 KiB against the receiver's socket buffer and a larger one as 16 KiB). On any other interface the responder keeps to ${formatNumber(MDNS_PAYLOAD_LIMIT)} bytes (a 1,500-byte LAN).`,
      'Names are compressed (RFC 1035 §4.1.4, RFC 6762 §18.14): about 33 devices (PTR + SRV + TXT + A) fit in a loopback packet, about six in a LAN one.',
      '"client socket drops": datagrams the kernel dropped because the client\'s own socket buffer was full (avahi-daemon\'s sockets, from /proc/net/udp; for browseVigi, the namespace\'s RcvbufErrors minus those of the sockets that outlive it). "all socket drops" is the namespace\'s RcvbufErrors, which also counts the emulator\'s own socket (it hears its own multicast) and, in the browseVigi runs, the idle avahi-daemon.',
      '"avahi-daemon CPU": user + system time the daemon used during the run (from /proc): resolving 1,000 services over D-Bus costs it seconds of CPU even when every record is already in its cache.',
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
