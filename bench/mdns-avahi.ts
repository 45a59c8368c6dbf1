import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/**
 * avahi (Debian avahi-daemon + avahi-utils) as the independent mDNS client of the browse
 * benchmark. It runs inside the benchmark's own network namespace (only `lo` there), with a
 * private D-Bus system bus in a temporary directory and a private tmpfs on /run/avahi-daemon
 * (the namespace's own mount namespace), so it neither needs nor touches a system avahi/D-Bus.
 */
export const AVAHI_TOOLS = ['avahi-daemon', 'avahi-browse', 'dbus-daemon', 'stdbuf'] as const;

export function missingTools(tools: readonly string[] = AVAHI_TOOLS): string[] {
  return tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
}

const DBUS_CONFIG = (socket: string): string => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

/**
 * Debian's defaults, except: loopback only, no IPv6, no publishing of our own (so the daemon
 * stays quiet), no wide-area, and caps raised above 1,000 services (the default cache of 4,096
 * entries is one record short of 1,000 devices x 4 records plus the enumeration PTR, and one
 * avahi-browse -r client opens a resolver per service).
 */
const AVAHI_CONFIG = `[server]
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
cache-entries-max=16384
objects-per-client-max=8192
[wide-area]
enable-wide-area=no
[publish]
disable-publishing=yes
[reflector]
[rlimits]
`;

export interface AvahiBrowseResult {
  /** Bench clock: avahi-browse spawned. */
  readonly startedAt: number;
  /** Bench clock of the first `+` (PTR) line per service, and of the first `=` (resolved) line. */
  readonly added: Map<string, number>;
  readonly resolved: Map<string, { at: number; address: string; port: number }>;
  readonly stderr: string;
}

export class AvahiClient {
  readonly #dir: string;
  readonly #env: NodeJS.ProcessEnv;
  #dbus: ChildProcess | undefined;
  #daemon: ChildProcess | undefined;

  private constructor(dir: string) {
    this.#dir = dir;
    this.#env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(dir, 'bus')}` };
  }

  /** A private bus and a tmpfs for avahi's pid file; the daemon itself starts per run (`restart`). */
  static async open(): Promise<AvahiClient> {
    const dir = mkdtempSync(join(tmpdir(), 'vigi-bench-avahi-'));
    writeFileSync(join(dir, 'dbus.conf'), DBUS_CONFIG(join(dir, 'bus')));
    writeFileSync(join(dir, 'avahi.conf'), AVAHI_CONFIG);
    const client = new AvahiClient(dir);
    spawnSync('mkdir', ['-p', '/run/avahi-daemon']);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', 'vigi-bench-avahi', '/run/avahi-daemon'], { encoding: 'utf8' });
    if (mounted.status !== 0) throw new Error(`cannot mount a private /run/avahi-daemon: ${mounted.stderr}`);
    client.#dbus = spawn('dbus-daemon', [`--config-file=${join(dir, 'dbus.conf')}`, '--nofork', '--nopidfile'], { stdio: 'ignore' });
    await waitFor(() => spawnSync('test', ['-S', join(dir, 'bus')]).status === 0, 5000, 'the private D-Bus socket');
    return client;
  }

  /** The running avahi-daemon's process id (to read its sockets' drop counters). */
  get daemonPid(): number | undefined {
    return this.#daemon?.exitCode === null ? this.#daemon.pid : undefined;
  }

  /** A fresh avahi-daemon (empty cache), resolved once it says "Server startup complete". */
  async restart(): Promise<void> {
    await this.#stopDaemon();
    const daemon = spawn('avahi-daemon', ['--no-drop-root', '--no-chroot', '--no-rlimits', '--no-proc-title', '-f', join(this.#dir, 'avahi.conf')],
      { env: this.#env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.#daemon = daemon;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`avahi-daemon did not start within 10 s: ${log}`)), 10_000);
      daemon.stderr!.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-2000);
        if (log.includes('Server startup complete')) {
          clearTimeout(timer);
          resolve();
        }
      });
      daemon.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`avahi-daemon exited with ${code}: ${log}`));
      });
    });
    daemon.stderr!.resume();
  }

  /**
   * `avahi-browse -r -p _vigi._tcp` (line-buffered through stdbuf) until `expected` services are
   * resolved or `timeoutMs` passes; with `resolve: false`, plain `avahi-browse -p` until
   * `expected` services are listed (PTR only, no resolver per service). Names in -p output are escaped (`\\032` for a space).
   */
  async browse(expected: number, timeoutMs: number, options: { resolve?: boolean } = {}): Promise<AvahiBrowseResult> {
    const resolving = options.resolve ?? true;
    const added = new Map<string, number>();
    const resolved = new Map<string, { at: number; address: string; port: number }>();
    const startedAt = performance.now();
    const child = spawn('stdbuf', ['-oL', 'avahi-browse', ...(resolving ? ['-r'] : []), '-p', '_vigi._tcp'], { env: this.#env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2000); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      lines.on('line', (line) => {
        const at = performance.now();
        const fields = line.split(';');
        if (fields[0] === '+' && fields[3] && !added.has(fields[3])) {
          added.set(fields[3], at);
          if (!resolving && added.size >= expected) {
            clearTimeout(timer);
            resolve();
          }
        }
        if (fields[0] === '=' && fields[3] && !resolved.has(fields[3])) {
          resolved.set(fields[3], { at, address: fields[7] ?? '', port: Number(fields[8]) });
          if (resolved.size >= expected) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    child.kill('SIGTERM');
    await exited;
    return { startedAt, added, resolved, stderr };
  }

  async #stopDaemon(): Promise<void> {
    const daemon = this.#daemon;
    this.#daemon = undefined;
    if (!daemon || daemon.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
    daemon.kill('SIGTERM');
    const timer = setTimeout(() => daemon.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.#stopDaemon();
    this.#dbus?.kill('SIGTERM');
    spawnSync('umount', ['/run/avahi-daemon']);
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
