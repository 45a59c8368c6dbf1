import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/**
 * `vigi-sim up` in a child process, as a user starts it, on ports of its own: a free control
 * port, free device ports (`--device-ports 0,0` unless given) and private mDNS / WS-Discovery
 * ports, so a benchmark never disturbs, or hears, an emulator the user is running. The bench
 * process stays the client: one core for the emulator, one for the load, as the issue asks.
 */
export const VIGI_SIM_BIN = fileURLToPath(new URL('../bin/vigi-sim.js', import.meta.url));

export interface EmulatorProcess {
  readonly child: ChildProcess;
  readonly controlUrl: string;
  /** Milliseconds from spawn to the first `GET /__sim/health` answered 200. */
  readonly healthyAfterMs: number;
  readonly mdnsPort: number;
  readonly wsDiscoveryPort: number;
  /** The child's resident set size now, in bytes (from /proc). */
  rss(): number;
  /** `GET` on the control plane, parsed as JSON. */
  control<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface EmulatorProcessOptions {
  /** Arguments after `up`, e.g. `['--cameras', '1000']` or `['scenarios/quickstart.yaml']`. */
  readonly args: readonly string[];
  readonly devicePorts?: { readonly https: number; readonly http: number };
  /** Extra node flags for the child, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /**
   * The mDNS port (default: a private one). 5353 only inside a network namespace of the
   * benchmark's own (bench/mdns-browse.ts), where independent clients such as avahi listen.
   */
  readonly mdnsPort?: number;
  /** Give up after this long without health 200 (default 120 s). */
  readonly timeoutMs?: number;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A private UDP port for discovery (never 5353 / 3702), random in 20000–39999 per call. */
function privatePort(): number {
  return 20_000 + Math.floor(Math.random() * 20_000);
}

export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const controlPort = await freePort();
  const mdnsPort = options.mdnsPort ?? privatePort();
  const wsDiscoveryPort = privatePort();
  const ports = options.devicePorts ?? { https: 0, http: 0 };
  const started = performance.now();
  const child = spawn(process.execPath, [
    ...(options.nodeArgs ?? []), VIGI_SIM_BIN, 'up', ...options.args,
    '--control', `127.0.0.1:${controlPort}`, '--mdns-port', String(mdnsPort), '--wsd-port', String(wsDiscoveryPort),
    '--device-ports', `${ports.https},${ports.http}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const controlUrl = `http://127.0.0.1:${controlPort}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = started + (options.timeoutMs ?? 120_000);
  let healthyAfterMs = -1;
  while (healthyAfterMs < 0) {
    if (child.exitCode !== null) throw new Error(`vigi-sim up exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vigi-sim up not healthy within ${options.timeoutMs ?? 120_000} ms: ${stderr}`);
    }
    try {
      const reply = await fetch(`${controlUrl}/__sim/health`);
      await reply.arrayBuffer();
      if (reply.status === 200) healthyAfterMs = performance.now() - started;
    } catch {
      // not listening yet
    }
    if (healthyAfterMs < 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  return {
    child,
    controlUrl,
    healthyAfterMs,
    mdnsPort,
    wsDiscoveryPort,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    control: async <T>(path: string, init?: RequestInit): Promise<T> => {
      const reply = await fetch(`${controlUrl}${path}`, init);
      return (await reply.json()) as T;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
