import t from 'tap';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';
import { DEVICES, Envelope, REAL_PASSWORD } from './device-actions.js';
import { FuzzClient, type Exchange, type FuzzTarget } from './fuzz-client.js';
import { caseIndexes, fuzzConfig, replayHint } from './fuzz-config.js';
import { startFuzzEmulator, staticSecrets } from './fuzz-emulator.js';
import { checkExchange, haystack, SecretScanner, type Finding } from './reply-checks.js';
import { generateRequest, type FuzzRequest } from './request-generator.js';

/**
 * ≥ 10,000 malformed and adversarial requests to the quickstart's cameras and NVR over real
 * keep-alive HTTP and HTTPS connections (docs/fuzzing.md). Every reply is checked as it
 * arrives; secrets that only exist once the run is over (mailed codes, support codes, reset
 * tokens) are looked for in every reply at the end. Replay one case with the line printed next
 * to a failure: FUZZ_SEED=<seed> FUZZ_ONLY=<index>.
 */
const FILE = 'test/fuzz/device-api.fuzz.test.ts';
const config = fuzzConfig({ count: 10_000, concurrency: 24, maxSeconds: 240 });
const indexes = caseIndexes(config);
t.setTimeout((config.maxSeconds + 60) * 1000);
t.comment(`device API fuzz: seed ${config.seed}, ${config.only ? `only ${indexes.length} case(s)` : `${indexes.length} cases`}, ${config.concurrency} in flight`);

t.test('device web API: malformed requests to cameras and the NVR', async (t) => {
  const fx = await startFuzzEmulator();
  t.teardown(() => fx.close());
  const targets: FuzzTarget[] = DEVICES.map((id) => {
    const summary = fx.emulator.devices.find((d) => d.id === id);
    if (!summary) throw new Error(`the quickstart has no ${id}`);
    return { id, ip: summary.ip, uuid: summary.uuid, ports: summary.ports };
  });
  const secrets = new SecretScanner(staticSecrets(fx.scenario));

  interface TranscriptEntry { readonly index: number; readonly label: string; readonly sent: string; readonly body: string }
  const transcript: TranscriptEntry[] = [];
  const findings: Finding[] = [];
  const stats = {
    sent: 0, aux: 0, byStatus: new Map<string, number>(), byFamily: new Map<string, number>(), garbage: 0, garbageClosed: 0,
    garbageClosedWithoutReply: 0, msByFamily: new Map<string, number>(), msByLabel: new Map<string, number>(), silentCloses: new Map<string, number>(), byErrorCode: new Map<string, number>(), clockJumps: 0, realLogins: 0, realLoginsLocked: 0, slowest: { ms: 0, label: '' },
  };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const record = (index: number, label: string, method: string, path: string, exchange: Exchange, garbage: boolean, raw: boolean) => {
    findings.push(...checkExchange({ index, label, method, path, garbage, raw }, exchange, secrets));
    transcript.push({ index, label, sent: exchange.sent.length > 200_000 ? exchange.sent.slice(0, 200_000) : exchange.sent, body: exchange.body });
    const status = exchange.status !== undefined ? String(exchange.status) : exchange.error !== undefined ? 'no reply' : 'closed';
    bump(stats.byStatus, status);
    if (exchange.ms > stats.slowest.ms) stats.slowest = { ms: exchange.ms, label: `#${index} ${label}` };
  };

  const client = new FuzzClient(targets, {
    onAux: (label, exchange) => {
      stats.aux++;
      record(-1, `aux ${label}`, 'POST', '/', exchange, false, false);
    },
  });
  t.teardown(() => client.close());

  // Clock jumps: fuzzed logins lock devices out (5 failures, 30 minutes). When a real login meets
  // the lock, move the virtual clock past it, a bounded number of times, so the authenticated
  // paths keep being exercised with live stoks.
  const MAX_CLOCK_JUMPS = 12;
  let lastJumpAt = -Infinity;
  let jumping: Promise<void> | undefined;
  const jumpClock = async (at: number) => {
    if (jumping || stats.clockJumps >= MAX_CLOCK_JUMPS || at - lastJumpAt < 400) return;
    lastJumpAt = at;
    jumping = (async () => {
      const reply = await fx.control('POST', '/__sim/clock/advance', { ms: 1_801_000 });
      if (reply.status !== 200) findings.push({ kind: 'status-5xx', index: at, label: 'clock jump', detail: `control plane answered ${reply.status}` });
      stats.clockJumps++;
      client.forgetSessions();
    })();
    await jumping;
    jumping = undefined;
  };

  const run = async (request: FuzzRequest, position: number) => {
    const { exchange, stok } = await client.send(request);
    stats.sent++;
    const family = request.label.split(' ')[0]!;
    bump(stats.byFamily, family);
    stats.msByFamily.set(family, (stats.msByFamily.get(family) ?? 0) + exchange.ms);
    const what = request.label.split(' ').slice(0, 2).join(' ');
    stats.msByLabel.set(what, (stats.msByLabel.get(what) ?? 0) + exchange.ms);
    if (request.garbage) {
      stats.garbage++;
      if (exchange.error !== undefined || exchange.closedByServer) stats.garbageClosed++;
      if ((exchange.error !== undefined || exchange.closedByServer) && exchange.statuses.length === 0) {
      stats.garbageClosedWithoutReply++;
      bump(stats.silentCloses, request.label.replace(/^raw /, '').split(' ')[0]!);
    }
    }
    const path = stok !== undefined ? request.path.split('{stok}').join(stok) : request.path;
    record(request.index, request.label, request.method, path, exchange, request.garbage, request.transport === 'raw');
    const { errorCode } = client.observe(request, exchange, stok);
    if (errorCode !== undefined) bump(stats.byErrorCode, String(errorCode));
    if (request.effect === 'login') {
      stats.realLogins++;
      if (errorCode === -40404) {
        stats.realLoginsLocked++;
        await jumpClock(position);
      }
    }
  };

  // Prime a session on every device, then fuzz with a bounded pool of workers and a deadline.
  for (const device of DEVICES) {
    const password = new Envelope({ device, password: REAL_PASSWORD, nonce: 'fresh', staleNonce: '', encode: true });
    await run({
      index: -1, label: `prime login ${device}`, device, scheme: 'https', transport: 'agent', method: 'POST', path: '/',
      headers: { 'Content-Type': 'application/json' }, body: { json: { method: 'do', login: { username: 'admin', password, passwdType: 'md5', encrypt_type: '2' } } },
      garbage: false, effect: 'login',
    }, 0);
  }
  const started = Date.now();
  const deadline = started + config.maxSeconds * 1000;
  let next = 0;
  let timedOut = false;
  const worker = async () => {
    while (next < indexes.length) {
      if (Date.now() > deadline) {
        timedOut = true;
        return;
      }
      const position = next++;
      await run(generateRequest(config.seed, indexes[position]!), position);
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  const elapsedMs = Date.now() - started;

  // ---- after the run ------------------------------------------------------------------------

  const health = await fx.control('GET', '/__sim/health');

  // Secrets that exist only now: codes that were mailed, codes behind the support QRs that were
  // handed out, and reset tokens (each may appear only in the reply that issued it).
  const mail = await fx.control('GET', '/__sim/mail');
  const mailed = Array.isArray(mail.json) ? (mail.json as { text?: string; html?: string }[]) : [];
  const codes = new Set(mailed.flatMap((m) => [...`${m.text ?? ''} ${m.html ?? ''}`.matchAll(/\b(\d{6})\b/g)].map((x) => x[1]!)));
  const qrcodes = new Set<string>();
  const tokens = new Map<string, number>();
  for (const entry of transcript) {
    for (const m of entry.body.matchAll(/"qrcode":"([^"]+)"/g)) qrcodes.add(decodeURIComponent(m[1]!));
    for (const m of entry.body.matchAll(/"reset_token":"([^"]+)"/g)) tokens.set(decodeURIComponent(m[1]!), entry.index);
  }
  let supportCodes = 0;
  for (const qrcode of [...qrcodes].slice(-40)) {
    const reply = await fx.control('POST', '/__sim/cloud/support/code', { qrcode });
    const code = (reply.json as { code?: unknown } | undefined)?.code;
    if (reply.status === 200 && typeof code === 'string') {
      codes.add(code);
      supportCodes++;
    }
  }
  const late = new SecretScanner([...codes]);
  for (const entry of transcript) {
    const request = haystack(entry.sent);
    const reply = haystack(entry.body);
    const code = late.find(reply, request);
    if (code) findings.push({ kind: 'secret', index: entry.index, label: entry.label, detail: `the code ${code} (mailed or support) in ${entry.body.slice(0, 200)}` });
    for (const [token, issuedTo] of tokens) {
      if (issuedTo !== entry.index && entry.body.includes(encodeURIComponent(token)) && !request.includes(token)) {
        findings.push({ kind: 'secret', index: entry.index, label: entry.label, detail: `reset token issued to #${issuedTo} appears here` });
      }
    }
  }

  // Every device still logs in with the quickstart password, once any lock has passed.
  await fx.control('POST', '/__sim/clock/advance', { ms: 1_801_000 });
  const logins: Record<string, number> = {};
  for (const { id, ip, ports } of targets) {
    const device = new VigiWebClient(httpTransport(`https://${ip}:${ports.https}`));
    logins[id] = (await device.login(REAL_PASSWORD)).error_code;
  }

  // ---- report -------------------------------------------------------------------------------

  const sorted = (map: Map<string, number>) => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
  t.comment(`sent ${stats.sent} requests (+${stats.aux} challenges for envelopes) in ${(elapsedMs / 1000).toFixed(1)} s (${Math.round(stats.sent / (elapsedMs / 1000))}/s), seed ${config.seed}`);
  t.comment(`replies by status: ${JSON.stringify(sorted(stats.byStatus))}`);
  t.comment(`error_code of the replies: ${JSON.stringify(Object.fromEntries([...stats.byErrorCode].sort((a, b) => b[1] - a[1])))}`);
  t.comment(`by family: ${JSON.stringify(sorted(stats.byFamily))}`);
  t.comment(`mean ms by family: ${JSON.stringify(Object.fromEntries([...stats.byFamily].map(([f, n]) => [f, Math.round((stats.msByFamily.get(f) ?? 0) / n)])))}`);
  t.comment(`most time in flight: ${[...stats.msByLabel].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ')}`);
  t.comment(`transport garbage: ${stats.garbage} sent, ${stats.garbageClosed} connections closed by the server (${stats.garbageClosedWithoutReply} without any status line: ${JSON.stringify(sorted(stats.silentCloses))})`);
  t.comment(`real logins ${stats.realLogins} (${stats.realLoginsLocked} met a lockout), live stoks used ${client.stokUse.live} times (${client.stokUse.fallback} found none), clock jumps ${stats.clockJumps}, mails ${mailed.length}, support codes ${supportCodes}, reset tokens ${tokens.size}, slowest ${stats.slowest.ms} ms (${stats.slowest.label})`);

  const describe = (finding: Finding) => {
    const replay = finding.index >= 0 ? `\n    replay: ${replayHint(config, FILE, finding.index)}` : '';
    const sent = transcript.find((e) => e.index === finding.index)?.sent ?? '';
    return `#${finding.index} [${finding.kind}] ${finding.label}: ${finding.detail}${replay}\n    request: ${sent.slice(0, 400).replace(/\n/g, '⏎')}`;
  };

  t.equal(timedOut, false, `all ${indexes.length} cases ran within FUZZ_MAX_SECONDS=${config.maxSeconds}`);
  if (!config.only) t.ok(stats.sent >= Math.min(config.count, 10_000), `at least ${Math.min(config.count, 10_000)} requests were sent`);
  const kinds = [...new Set(findings.map((f) => f.kind))];
  for (const kind of ['status-5xx', 'dropped', 'hung', 'not-json', 'no-error-code', 'stack-trace', 'system-error', 'secret'] as const) {
    const of = findings.filter((f) => f.kind === kind);
    for (const finding of of.slice(0, 15)) t.comment(describe(finding));
    t.equal(of.length, 0, `no ${kind} (seed ${config.seed})${of.length > 15 ? `: ${of.length}, the first 15 above` : ''}`);
  }
  t.same(kinds.filter((k) => !['status-5xx', 'dropped', 'hung', 'not-json', 'no-error-code', 'stack-trace', 'system-error', 'secret'].includes(k)), [], 'no other kind of finding');
  t.same(fx.errors.slice(0, 10), [], 'the emulator logged no handler failure');
  t.equal(health.status, 200, 'GET /__sim/health is still 200');
  t.same(logins, Object.fromEntries(DEVICES.map((id) => [id, 0])), `every device still logs in with ${REAL_PASSWORD}`);
});
