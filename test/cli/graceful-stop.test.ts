import t from 'tap';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import dnsPacket from 'dns-packet';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';

/**
 * SIGTERM on a real `vigi-sim up` under load: goodbyes go out on mDNS, listeners close, and
 * the process exits 0 within a few seconds.
 */
const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

t.test('SIGTERM under load: goodbye on mDNS, exit 0 within 5 s', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-stop-'));
  const [https, http, control] = [await freePort(), await freePort(), await freePort()];
  const ip = '127.77.250.1';
  const scenario = join(dir, 'stop.yaml');
  writeFileSync(scenario, `version: 1\nports: { https: ${https}, http: ${http} }\ndevices:\n  - id: cam-stop\n    kind: camera\n    ip: ${ip}\n    mac: 40-AE-30-77-77-01\n    password: Vigi#Admin1\n`);
  const child = spawn(process.execPath, ['bin/vigi-sim.js', 'up', scenario, '--control', `127.0.0.1:${control}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const deadline = Date.now() + 20_000;
  let healthy = false;
  while (!healthy && Date.now() < deadline && child.exitCode === null) {
    healthy = await fetch(`http://127.0.0.1:${control}/__sim/health`).then((r) => r.status === 200, () => false);
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!healthy) throw new Error(`the emulator did not become ready: ${stderr}`);

  const listener = createSocket({ type: 'udp4', reuseAddr: true });
  const goodbyes: string[] = [];
  listener.on('message', (message) => {
    try {
      const packet = dnsPacket.decode(message);
      for (const answer of packet.answers ?? []) if (answer.type === 'A' && answer.ttl === 0 && answer.data === ip) goodbyes.push(answer.name);
    } catch {
      // not a DNS packet
    }
  });
  await new Promise<void>((resolve) => listener.bind(5353, '0.0.0.0', () => resolve()));
  listener.addMembership('224.0.0.251', '127.0.0.1');
  t.teardown(() => listener.close());

  const client = new VigiWebClient(httpTransport(`https://${ip}:${https}`, { timeoutMs: 2000 }));
  let stopLoad = false;
  let answered = 0;
  const load = Array.from({ length: 4 }, async () => {
    while (!stopLoad) await client.challenge().then(() => answered++, () => undefined);
  });
  // Under a busy machine the first answers take a while (TLS, the camera's RSA key): wait for some.
  const loadDeadline = Date.now() + 15_000;
  while (answered < 5 && Date.now() < loadDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
  t.ok(answered > 0, `the camera answered ${answered} requests under load`);

  const stoppedAt = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  const took = Date.now() - stoppedAt;
  stopLoad = true;
  await Promise.all(load);
  t.equal(code, 0, `exit 0 (stderr: ${stderr.slice(0, 300)})`);
  t.ok(took < 5000, `stopped in ${took} ms`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(goodbyes.length > 0, 'an mDNS goodbye (TTL 0) went out for the camera');
});
