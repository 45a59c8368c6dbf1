import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';

/**
 * The baseline of the challenge benchmark: a bare fastify app with one `POST /` route that
 * answers a fixed JSON body of a given byte length, with the same content type as a camera's
 * reply. It runs in a child process of its own, like the emulator, so the load client (the
 * bench process) measures both the same way. Run directly it is the child:
 * `npx tsx bench/baseline-server.ts --size 344` prints `listening <port>` on stdout.
 */
export interface BaselineServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);
const JSON_TYPE = 'application/json; charset=UTF-8';

/**
 * A JSON object of exactly `size` bytes (utf8): `{"error_code":0,"data":"xxx…"}`, the padding
 * string sized to make up the rest. Throws if `size` is below the smallest such object.
 */
export function jsonBodyOfSize(size: number): string {
  const empty = JSON.stringify({ error_code: 0, data: '' });
  if (!Number.isInteger(size) || size < empty.length) throw new RangeError(`a JSON body of ${size} bytes is below the smallest (${empty.length})`);
  return JSON.stringify({ error_code: 0, data: 'x'.repeat(size - empty.length) });
}

/** Starts the baseline child on 127.0.0.1 (a free port), answering `size`-byte JSON bodies. */
export async function startBaselineServer(options: { size: number; nodeArgs?: readonly string[]; timeoutMs?: number }): Promise<BaselineServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', SELF, '--size', String(options.size)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baseline server not listening within ${options.timeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      lines.close();
      resolve(Number(match[1]));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baseline server exited with ${code}: ${stderr}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child: listen, say where, serve until SIGTERM. */
async function serve(size: number): Promise<void> {
  const body = jsonBodyOfSize(size);
  const app = Fastify({ logger: false });
  app.post('/', (_request, reply) => reply.type(JSON_TYPE).send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`listening ${port}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const index = process.argv.indexOf('--size');
  const size = Number(index >= 0 ? process.argv[index + 1] : NaN);
  if (!Number.isInteger(size)) {
    process.stderr.write('usage: npx tsx bench/baseline-server.ts --size <bytes>\n');
    process.exit(2);
  }
  await serve(size);
}
