import t from 'tap';
import http from 'node:http';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';
import { caseIndexes, fuzzConfig, replayHint } from './fuzz-config.js';
import { startFuzzEmulator, staticSecrets } from './fuzz-emulator.js';
import { generateControlRequest, type ControlRequest } from './control-generator.js';
import { haystack, SecretScanner, stackTraceIn } from './reply-checks.js';

/**
 * ≥ 2,000 malformed requests to the control plane (docs/fuzzing.md): never a 5xx, a JSON
 * `{"error":{"message"}}` with every 4xx, no stack trace, no handler failure disguised as a
 * 400 ("The request could not be handled: ..."), health 200 after, and the topology back to its
 * start after `POST /__sim/reset`.
 */
const FILE = 'test/fuzz/control-plane.fuzz.test.ts';
const config = fuzzConfig({ count: 2000, concurrency: 4, maxSeconds: 120 });
const indexes = caseIndexes(config);
t.setTimeout((config.maxSeconds + 60) * 1000);
t.comment(`control plane fuzz: seed ${config.seed}, ${indexes.length} cases`);

t.test('control plane: malformed requests', async (t) => {
  const fx = await startFuzzEmulator();
  t.teardown(() => fx.close());
  const base = new URL(fx.emulator.controlUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  t.teardown(() => agent.destroy());
  // The control plane is the tester's own view (its mailbox shows reset emails): only passwords and answers are secret here.
  const secrets = new SecretScanner(staticSecrets(fx.scenario).filter((s) => !s.includes('@')));

  // Real QR payloads to mutate: the app path of cam-garage (no internet) and a support QR of cam-front.
  const deviceClient = (id: string) => {
    const d = fx.emulator.devices.find((x) => x.id === id)!;
    return new VigiWebClient(httpTransport(`http://${d.ip}:${d.ports.http}`));
  };
  const appQr = String(((await deviceClient('cam-garage').forget('send_verification_code')).data as { qrcode?: string } | undefined)?.qrcode ?? '');
  const supportQr = String(((await deviceClient('cam-front').forget('get_support_qrcode')).forget_password as { qrcode?: string } | undefined)?.qrcode ?? '');
  t.ok(appQr.startsWith('vigi-reset:') && supportQr.startsWith('vigi-reset:'), 'real QR codes to mutate');
  const before = await fx.control('GET', '/__sim/devices');

  interface Reply { status?: number; body: string; error?: string; contentType?: string }
  const send = (request: { method: string; path: string; headers?: Readonly<Record<string, string>>; body?: string | Buffer }) => new Promise<Reply>((resolve) => {
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
    let outgoing: http.ClientRequest;
    try {
      outgoing = http.request({
        host: base.hostname, port: Number(base.port), method: request.method, path: request.path, agent, timeout: 15_000,
        headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(response.headers['content-type'] ? { contentType: response.headers['content-type'] } : {}) }));
        response.on('error', (e) => resolve({ body: '', error: e.message }));
      });
    } catch (error) {
      resolve({ body: '', error: `client: ${(error as Error).message}` });
      return;
    }
    outgoing.on('timeout', () => outgoing.destroy(new Error('no reply within 15 s')));
    outgoing.on('error', (e) => resolve({ body: '', error: e.message }));
    outgoing.end(body);
  });

  interface Finding { index: number; label: string; kind: string; detail: string }
  const findings: Finding[] = [];
  const byStatus = new Map<string, number>();
  let restored = 0;

  const check = (request: ControlRequest, reply: Reply): void => {
    const add = (kind: string, detail: string): void => void findings.push({ index: request.index, label: request.label, kind, detail });
    byStatus.set(String(reply.status ?? 'no reply'), (byStatus.get(String(reply.status ?? 'no reply')) ?? 0) + 1);
    if (reply.error !== undefined) return add('dropped', reply.error);
    const status = reply.status!;
    if (status >= 500) add('status-5xx', `HTTP ${status}: ${reply.body.slice(0, 300)}`);
    const sent = haystack(`${request.path}\n${request.body?.toString() ?? ''}`);
    const trace = stackTraceIn(haystack(reply.body), sent);
    if (trace) add('stack-trace', `${JSON.stringify(trace)} in ${reply.body.slice(0, 300)}`);
    const secret = secrets.find(haystack(reply.body), sent);
    if (secret) add('secret', `${secret} in ${reply.body.slice(0, 200)}`);
    if (request.method === 'HEAD' || status === 204) return;
    let json: unknown;
    try {
      json = JSON.parse(reply.body);
    } catch {
      return add('not-json', `HTTP ${status} ${reply.contentType ?? ''}: ${reply.body.slice(0, 200)}`);
    }
    if (status >= 400) {
      const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
      if (typeof message !== 'string') add('no-error-message', `HTTP ${status} without {error:{message}}: ${reply.body.slice(0, 200)}`);
      // The control plane's error handler turns a handler crash into this 400 (control-app.ts).
      else if (message.startsWith('The request could not be handled:')) add('hidden-5xx', `HTTP ${status}: ${message.slice(0, 200)}`);
    }
  };

  const started = Date.now();
  const deadline = started + config.maxSeconds * 1000;
  let next = 0;
  let timedOut = false;
  const samples = { appQr, supportQr };
  const worker = async () => {
    while (next < indexes.length) {
      if (Date.now() > deadline) {
        timedOut = true;
        return;
      }
      const request = generateControlRequest(config.seed, indexes[next++]!, samples);
      const reply = await send(request);
      check(request, reply);
      if (reply.status !== undefined && reply.status < 300 && request.restore) {
        for (const step of request.restore) {
          const undo = await send(step);
          check({ ...request, label: `restore after ${request.label}` }, undo);
          restored++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  const elapsedMs = Date.now() - started;

  const reset = await send({ method: 'POST', path: '/__sim/reset' });
  const health = await fx.control('GET', '/__sim/health');
  const after = await fx.control('GET', '/__sim/devices');
  const logins: Record<string, number> = {};
  for (const d of fx.emulator.devices) logins[d.id] = (await deviceClient(d.id).login('Vigi#Admin1')).error_code;

  t.comment(`sent ${indexes.length} requests (+${restored} restores) in ${(elapsedMs / 1000).toFixed(1)} s; replies by status: ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}`);
  const KINDS = ['status-5xx', 'dropped', 'not-json', 'no-error-message', 'hidden-5xx', 'stack-trace', 'secret'];
  const describe = (f: Finding) => `#${f.index} [${f.kind}] ${f.label}: ${f.detail}\n    replay: ${replayHint(config, FILE, f.index)}`;
  t.equal(timedOut, false, `all ${indexes.length} cases ran within FUZZ_MAX_SECONDS=${config.maxSeconds}`);
  for (const kind of KINDS) {
    const of = findings.filter((f) => f.kind === kind);
    for (const finding of of.slice(0, 10)) t.comment(describe(finding));
    t.equal(of.length, 0, `no ${kind} (seed ${config.seed})${of.length > 10 ? `: ${of.length}, the first 10 above` : ''}`);
  }
  t.same(fx.errors.slice(0, 5), [], 'the emulator logged no handler failure');
  t.equal(reset.status, 200, 'POST /__sim/reset still works');
  t.equal(health.status, 200, 'GET /__sim/health is still 200');
  const stable = (list: unknown) => (list as Record<string, unknown>[]).map(({ id, kind, activated, power, internet, faults, ip }) => ({ id, kind, activated, power, internet, faults, ip }));
  t.same(stable(after.json), stable(before.json), 'after the reset every device is as it started');
  t.same(logins, Object.fromEntries(fx.emulator.devices.map((d) => [d.id, 0])), 'every device still logs in with Vigi#Admin1');
});
