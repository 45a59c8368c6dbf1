import t from 'tap';
import { CameraOpenApiClient, NvrOpenApiClient } from '../../protocol/client/openapi-client.js';
import { md5Form } from '../../devices/credentials/md5-form.js';
import { digestHa1, digestResponse } from '../../devices/openapi/openapi-digest.js';
import { CAMERA_REALM, DO_AUTH_METHOD, DO_AUTH_URI } from '../../devices/openapi/camera-openapi.js';
import { ADMIN_USER, NVR_REALM } from '../../devices/openapi/nvr-openapi.js';
import { detectionTypes } from '../../devices/camera/camera-detection.js';
import { caseIndexes, fuzzConfig, replayHint } from './fuzz-config.js';
import { startFuzzEmulator } from './fuzz-emulator.js';
import { CAMERAS, NVR, REAL_PASSWORD, type DeviceId } from './device-actions.js';
import { SecretScanner } from './reply-checks.js';
import { applyMods, generateOpenApiCase, SLOT, type DigestSpec, type HttpCase, type OpenApiCase, type SlotName } from './openapi-generator.js';
import { dechunk, multipartParts, parseHead, sendWire, type Wire, type WireOptions } from './openapi-wire.js';
import { checkWire, KINDS, type CheckCase, type Finding } from './openapi-checks.js';

/**
 * ~3,000 VIGI OpenAPI cases (docs/fuzzing.md) over real TLS to the quickstart's four cameras and
 * its NVR, a few in flight, each on a connection of its own: broken and valid doAuth, calls on
 * good and garbled stoks, switches and subscribeMsg with odd params, wrong methods and paths,
 * bad bodies, bodies over 64 KiB, transport garbage, malformed Digest headers, Bearer and
 * refresh junk, with control-plane detections and clock steps in between. A real stok and NVR
 * token stay primed (and are primed again when refused), so the authenticated paths run.
 *
 * Checked for every reply: no 5xx; a reply (or, for garbage, a close) within a bound; JSON with
 * a numeric `errCode` (camera) or `error_code` (NVR) and a `msg` on errors; no stack trace, Node
 * system error text or secret; `connection: close` on camera replies, and the camera really
 * closes; no stok, token, success or stream where the credentials were certainly bad; a stream's
 * first part is the reply. After: health 200, login + getStreamPort, token + added_devices, every
 * push switch on, and a stream that delivers a detection.
 */
const FILE = 'test/fuzz/openapi.fuzz.test.ts';
const config = fuzzConfig({ count: 3000, concurrency: 4, maxSeconds: 120 });
const indexes = caseIndexes(config);
t.setTimeout((config.maxSeconds + 90) * 1000);
t.comment(`openapi fuzz: seed ${config.seed}, ${indexes.length} cases, ${config.concurrency} in flight`);

// ---- the test -------------------------------------------------------------------------------------

const sha = (spec: DigestSpec, nonce: string): string => digestResponse({
  ha1: digestHa1(spec.user, spec.realm, spec.password), nonce, method: spec.method, uri: spec.uri, ...(spec.qop ? { qop: spec.qop } : {}),
});

t.test('the checks and the wire reader see what they must', async (t) => {
  const base: Wire = { status: 200, statuses: [200], headers: { connection: 'close' }, body: '', text: '', complete: true, closedByServer: true, keptOpen: false, ms: 1 };
  const { status: _status, ...silent } = base;
  const wire = (over: Partial<Wire>): Wire => ({ ...base, ...over, text: over.text ?? over.body ?? '' });
  const cam: CheckCase = { index: 1, label: 'x', device: 'cam-front', expect: 'any', garbage: false, head: false };
  const nvr: CheckCase = { ...cam, device: NVR };
  const secrets = new SecretScanner([md5Form(REAL_PASSWORD), REAL_PASSWORD]);
  const kinds = (c: CheckCase, w: Wire, sent = 'POST / HTTP/1.1\r\n\r\n{}') => checkWire(c, w, sent, secrets).findings.map((f) => f.kind);
  const status = (code: number) => ({ status: code, statuses: [code] });

  t.same(kinds(cam, wire({ body: '{"errCode":-10020,"authenticate":{"nonce":"ab"}}' })), [], 'the challenge');
  t.same(kinds(cam, wire({ body: '{"method":"x","errCode":-10030,"msg":"no such method"}' })), [], 'a refusal');
  t.same(kinds(nvr, wire({ headers: {}, body: '{"token_type":"bearer","access_token":"a","refresh_token":"b","expires_in":1800}' })), [], 'a token');
  t.same(kinds(nvr, wire({ ...status(401), headers: {}, body: '{"error_code":-10020,"msg":"m"}' })), [], 'an NVR refusal');
  t.same(kinds(cam, wire({ parts: ['{"method":"subscribeMsg","errCode":0}', '{"event_type":"PeopleDetection","time":1}', '{"Heartbeat":{"time":2}}'] })), [], 'a stream');
  t.same(kinds({ ...cam, head: true }, wire({ ...status(404), body: '' })), [], 'HEAD has no body');
  t.same(kinds({ ...cam, garbage: true }, wire({ ...status(400), headers: {}, body: '{"error":"Bad Request","message":"Client Error","statusCode":400}' })), [], "garbage may get the parser's bare 400");
  t.same(kinds({ ...cam, garbage: true }, { ...silent, complete: false }), [], 'or a close');
  t.same(kinds(cam, wire({ body: '{"errCode":-10030,"msg":"no method ECONNRESET"}' }), '{"method":"ECONNRESET"}'), [], 'an echo of the request is no leak');

  t.same(kinds(cam, wire({ ...status(500), body: '{"errCode":-1,"msg":"x"}' })), ['status-5xx']);
  t.same(kinds({ ...cam, garbage: true }, wire({ ...status(502), body: '' })), ['status-5xx'], 'garbage too');
  t.same(kinds(cam, wire({ ...status(400), body: '{"errCode":-10090,"msg":"The request could not be handled."}' })), ['hidden-5xx']);
  t.same(kinds(cam, wire({ ...status(404), body: '{"message":"Route TRACE:/ not found","error":"Not Found","statusCode":404}' })), ['no-error-code']);
  t.same(kinds(nvr, wire({ ...status(400), body: '{"errCode":-10090,"msg":"bad url"}' })), ['wrong-shape']);
  t.same(kinds(nvr, wire({ body: '{"ok":true}' })), ['no-error-code'], 'an NVR 200 is a token or has error_code');
  t.same(kinds(cam, wire({ body: '{"errCode":-10090}' })), ['no-msg']);
  t.same(kinds(cam, wire({ body: '<html>' })), ['not-json']);
  t.same(kinds(cam, wire({ headers: {}, body: '{"errCode":0}' })), ['no-connection-close']);
  t.same(kinds(cam, wire({ keptOpen: true, body: '{"errCode":0}' })), ['kept-open']);
  t.same(kinds(cam, wire({ body: '{"errCode":-1,"msg":"TypeError: x at f (file:///a/b.ts:1:2)"}' })), ['stack-trace']);
  t.same(kinds(cam, wire({ body: '{"errCode":-1,"msg":"read ECONNRESET at node:internal/x"}' })), ['system-error']);
  t.same(kinds(cam, wire({ body: `{"errCode":-1,"msg":"${md5Form(REAL_PASSWORD)}"}` })), ['secret']);
  t.same(kinds({ ...cam, expect: 'denied' }, wire({ body: '{"errCode":0,"stok":"ab"}' })), ['auth-bypass']);
  t.same(kinds({ ...nvr, expect: 'denied' }, wire({ headers: {}, body: '{"error_code":0,"devices":[]}' })), ['auth-bypass']);
  t.same(kinds({ ...cam, expect: 'denied' }, wire({ parts: ['{"method":"subscribeMsg","errCode":0}'] })), ['auth-bypass'], 'a stream on a bad stok');
  t.same(kinds(cam, wire({ parts: ['{"errCode":0}'] })), ['bad-stream']);
  t.same(kinds(cam, { ...base, complete: false, body: '' }), ['dropped']);
  t.same(kinds(cam, { ...silent, hung: 'no reply' }), ['hung']);
  t.same(kinds({ ...cam, garbage: true }, { ...silent, hung: 'still open' }), ['hung'], 'garbage must be closed in time');

  t.same(dechunk(Buffer.from('5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n')), { body: Buffer.from('hello!'), done: true });
  t.equal(dechunk(Buffer.from('5\r\nhel')).done, false);
  const part = (json: string) => `--b\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}\r\n`;
  t.same(multipartParts(Buffer.from(`${part('{"a":1}')}${part('{"b":2}')}--b\r\nContent-Len`), 'b'), ['{"a":1}', '{"b":2}']);
  t.match(parseHead(Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n{}')), { status: 413, headers: { connection: 'close' } });

  for (const index of [0, 1, 777, 2999]) t.same(generateOpenApiCase('7', index), generateOpenApiCase('7', index), `case ${index} is a pure function of (seed, index)`);
  t.not(JSON.stringify(generateOpenApiCase('7', 1)), JSON.stringify(generateOpenApiCase('8', 1)));
  const families = new Set(Array.from({ length: 2000 }, (_, i) => generateOpenApiCase('7', i).family));
  t.equal(families.size, 17, 'every family within 2,000 cases');
  for (const mod of ['upper', 'cut', 'flip', 'dup', 'badpct', 'nul', 'space']) t.not(applyMods('0123456789', [mod]), '0123456789', `${mod} garbles`);
  t.equal(decodeURIComponent(applyMods('9f1c0d3e', ['pct'])), '9f1c0d3e', 'pct decodes back');
});

t.test('VIGI OpenAPI: malformed and adversarial requests over TLS', async (t) => {
  const fx = await startFuzzEmulator();
  t.teardown(() => fx.close());
  const target = (id: string) => {
    const d = fx.emulator.devices.find((x) => x.id === id)!;
    return { ip: d.ip, port: d.ports.openapi! };
  };
  for (const id of [...CAMERAS, NVR]) t.ok(fx.emulator.devices.find((d) => d.id === id)?.ports.openapi, `${id} serves OpenAPI`);
  const staticSecrets = [REAL_PASSWORD, md5Form(REAL_PASSWORD), digestHa1(ADMIN_USER, CAMERA_REALM, REAL_PASSWORD), digestHa1(ADMIN_USER, NVR_REALM, REAL_PASSWORD)];

  const findings: Finding[] = [];
  const byStatus = new Map<string, number>();
  const cameraCodes = new Map<string, number>();
  const nvrCodes = new Map<string, number>();
  const lenient = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const stats = {
    aux: 0, primes: { camera: 0, nvr: 0 }, reprimes: 0, restores: 0, streams: 0, streamParts: 0, granted: { tried: 0, ok: 0 }, denied: 0,
    authenticated: { calls: 0, devices: 0, refreshes: 0 }, garbage: 0, garbageClosedSilently: 0, bareGarbage4xx: 0, detections: 0, clockMs: 0,
  };

  // ---- the primed sessions, and what is certainly dead ----
  const live = { stoks: new Map<string, string>(), token: undefined as { access: string; refresh: string } | undefined };
  const dead = { stoks: new Map<string, string[]>(), access: [] as string[], refresh: [] as string[] };
  const usedNonces = new Map<string, string[]>();
  let lastAuth: string | undefined;
  const remember = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key) ?? [];
    list.push(value);
    map.set(key, list.slice(-20));
  };
  const knownSecrets = () => [...live.stoks.values(), ...(live.token ? [live.token.access, live.token.refresh] : [])];
  const check = (c: CheckCase, wire: Wire, sent: string): void => {
    const verdict = checkWire(c, wire, sent, new SecretScanner([...staticSecrets, ...knownSecrets()]));
    findings.push(...verdict.findings);
    bump(byStatus, verdict.statusKey);
    if (verdict.cameraCode !== undefined) bump(cameraCodes, verdict.cameraCode);
    if (verdict.nvrCode !== undefined) bump(nvrCodes, verdict.nvrCode);
    if (wire.parts) {
      stats.streams++;
      stats.streamParts += wire.parts.length;
    }
    if (c.garbage) {
      stats.garbage++;
      if (wire.status === undefined) stats.garbageClosedSilently++;
      if (verdict.bareGarbage4xx) stats.bareGarbage4xx++;
    }
  };

  // ---- sending ----
  const request = (id: DeviceId, method: string, path: string, headers: readonly (readonly [string, string])[], body?: Buffer, chunks?: number): Buffer => {
    const { ip, port } = target(id);
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${ip}:${port}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
    let framed = body;
    if (body !== undefined && chunks !== undefined) {
      lines.push('Transfer-Encoding: chunked');
      const size = Math.max(1, Math.ceil(body.length / chunks));
      const pieces: Buffer[] = [];
      for (let at = 0; at < body.length; at += size) {
        const piece = body.subarray(at, at + size);
        pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
      }
      framed = Buffer.concat([...pieces, Buffer.from('0\r\n\r\n')]);
    } else if (body !== undefined) {
      lines.push(`Content-Length: ${body.length}`);
    }
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), framed ?? Buffer.alloc(0)]);
  };
  const exchange = (id: DeviceId, bytes: Buffer, options: Partial<WireOptions> = {}) => {
    const { ip, port } = target(id);
    return sendWire(ip, port, bytes, { tls: true, head: false, expectClose: id !== NVR, holdMs: 0, garbage: false, ...options });
  };
  const jsonOf = (wire: Wire): Record<string, unknown> => {
    try {
      return JSON.parse(wire.body) as Record<string, unknown>;
    } catch {
      return {};
    }
  };

  /** An auxiliary exchange (priming, challenges, restores): checked like the rest, under the case that needed it. */
  const aux = async (index: number, label: string, id: DeviceId, method: string, path: string, headers: readonly (readonly [string, string])[], body?: string) => {
    stats.aux++;
    const bytes = request(id, method, path, headers, body === undefined ? undefined : Buffer.from(body, 'utf8'));
    const wire = await exchange(id, bytes);
    check({ index, label: `aux ${label} (for #${index})`, device: id, expect: 'any', garbage: false, head: false }, wire, bytes.toString('utf8'));
    return wire;
  };
  const JSON_TYPE = [['Content-Type', 'application/json']] as const;

  const cameraNonce = async (index: number, id: DeviceId): Promise<string | undefined> => {
    const wire = await aux(index, `doAuth challenge ${id}`, id, 'POST', '/', JSON_TYPE, '{"method":"doAuth","params":null}');
    const nonce = (jsonOf(wire).authenticate as { nonce?: unknown } | undefined)?.nonce;
    return typeof nonce === 'string' ? nonce : undefined;
  };
  const nvrNonce = async (index: number): Promise<string | undefined> => {
    const wire = await aux(index, 'token challenge', NVR, 'GET', '/openapi/token', []);
    return /nonce="([^"]*)"/.exec(wire.headers['www-authenticate'] ?? '')?.[1];
  };
  const nvrAuthorization = (nonce: string): string => {
    const cnonce = nonce.slice(0, 16);
    const response = digestResponse({ ha1: digestHa1(ADMIN_USER, NVR_REALM, REAL_PASSWORD), nonce, method: 'GET', uri: '/openapi/token', qop: { nc: '00000001', cnonce } });
    return `Digest username="${ADMIN_USER}", realm="${NVR_REALM}", nonce="${nonce}", uri="/openapi/token", algorithm=SHA-256, response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}"`;
  };

  const priming = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const running = priming.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = run().finally(() => priming.delete(key));
    priming.set(key, started);
    return started;
  };
  const primeCamera = (index: number, id: DeviceId): Promise<string | undefined> => once(id, async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const nonce = await cameraNonce(index, id);
      if (nonce === undefined) continue;
      const response = sha({ user: ADMIN_USER, realm: CAMERA_REALM, password: REAL_PASSWORD, method: DO_AUTH_METHOD, uri: DO_AUTH_URI, over: 'nonce' }, nonce);
      const wire = await aux(index, `prime ${id}`, id, 'POST', '/', JSON_TYPE, JSON.stringify({ method: 'doAuth', params: { nonce, response } }));
      remember(usedNonces, id, nonce);
      const stok = jsonOf(wire).stok;
      if (typeof stok === 'string') {
        stats.primes.camera++;
        live.stoks.set(id, stok);
        return stok;
      }
    }
    return undefined;
  });
  const primeNvr = (index: number): Promise<{ access: string; refresh: string } | undefined> => once(NVR, async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const nonce = await nvrNonce(index);
      if (nonce === undefined) continue;
      const authorization = nvrAuthorization(nonce);
      const wire = await aux(index, 'prime token', NVR, 'GET', '/openapi/token', [['Authorization', authorization]]);
      remember(usedNonces, NVR, nonce);
      const body = jsonOf(wire);
      if (typeof body.access_token === 'string' && typeof body.refresh_token === 'string') {
        stats.primes.nvr++;
        lastAuth = authorization;
        live.token = { access: body.access_token, refresh: body.refresh_token };
        return live.token;
      }
    }
    return undefined;
  });
  const stokOf = async (index: number, id: DeviceId) => live.stoks.get(id) ?? (await primeCamera(index, id)) ?? '0'.repeat(32);
  const tokenOf = async (index: number) => live.token ?? (await primeNvr(index)) ?? { access: '0'.repeat(48), refresh: '0'.repeat(48) };
  const otherCamera = (id: DeviceId): DeviceId => CAMERAS[(CAMERAS.indexOf(id as (typeof CAMERAS)[number]) + 1) % CAMERAS.length]!;

  /** Fills the case's slots with what the emulator knows now. */
  const resolve = async (c: HttpCase): Promise<Map<SlotName, string>> => {
    const text = [c.path, ...c.headers.map(([, v]) => v), typeof c.body === 'string' ? c.body : ''].join('\n');
    const names = new Set([...text.matchAll(SLOT)].map((m) => m[1] as SlotName));
    const values = new Map<SlotName, string>();
    if (names.has('stok')) values.set('stok', await stokOf(c.index, c.device));
    if (names.has('other-stok')) values.set('other-stok', await stokOf(c.index, otherCamera(c.device)));
    if (names.has('dead-stok')) values.set('dead-stok', dead.stoks.get(c.device)?.at(-1) ?? 'f'.repeat(32));
    if (c.fresh && (names.has('nonce') || (names.has('response') && c.digest?.over === 'nonce'))) {
      values.set('nonce', (await (c.device === NVR ? nvrNonce(c.index) : cameraNonce(c.index, c.device))) ?? 'challenge-failed');
    }
    if (names.has('used-nonce') || c.digest?.over === 'used-nonce') values.set('used-nonce', usedNonces.get(c.device)?.at(-1) ?? '0'.repeat(32));
    if (names.has('response') && c.digest) {
      const over = c.digest.over;
      const nonce = over === 'nonce' ? values.get('nonce') ?? '' : over === 'used-nonce' ? values.get('used-nonce')! : over.literal;
      values.set('response', sha(c.digest, nonce));
    }
    if (names.has('access') || names.has('refresh')) {
      const token = await tokenOf(c.index);
      values.set('access', token.access);
      values.set('refresh', token.refresh);
    }
    if (names.has('dead-access')) values.set('dead-access', dead.access.at(-1) ?? 'e'.repeat(48));
    if (names.has('used-refresh')) values.set('used-refresh', dead.refresh.at(-1) ?? 'd'.repeat(48));
    if (names.has('last-auth')) {
      values.set('last-auth', lastAuth ?? `Digest username="admin", realm="${NVR_REALM}", nonce="${'0'.repeat(32)}", uri="/openapi/token", response="${'0'.repeat(64)}"`);
    }
    return values;
  };
  const fill = (text: string, values: Map<SlotName, string>) => text.replace(SLOT, (_, name: SlotName, mods: string) => applyMods(values.get(name) ?? '', mods.split('|').filter(Boolean)));

  /** What a reply means for the primed sessions. */
  const observe = async (c: HttpCase, wire: Wire, values: Map<SlotName, string>): Promise<void> => {
    const body = jsonOf(wire);
    const liveUse = c.expect !== 'denied';
    if (c.device !== NVR) {
      if (c.expect === 'granted') {
        stats.granted.tried++;
        if (body.errCode === 0) stats.granted.ok++;
      }
      if (body.errCode === 0 && typeof body.stok === 'string') {
        live.stoks.set(c.device, body.stok);
        const nonce = values.get('nonce');
        if (c.family === 'doauth-valid' && nonce !== undefined) remember(usedNonces, c.device, nonce);
      }
      const stok = values.get('stok');
      if (c.path.startsWith('/stok=') && /⟦stok(?:\|pct)?⟧/.test(c.path)) {
        if (body.errCode === 0 && wire.status === 200) stats.authenticated.calls++;
        if (wire.parts) stats.authenticated.calls++;
        if (liveUse && body.errCode === -10002 && stok !== undefined) {
          // Refused: expired (the clock moved) or evicted; log in again on the next use.
          remember(dead.stoks, c.device, stok);
          if (live.stoks.get(c.device) === stok) {
            live.stoks.delete(c.device);
            stats.reprimes++;
          }
        }
      }
      if (c.restoreSwitch && body.errCode === 0) {
        stats.restores++;
        for (let attempt = 0; attempt < 2; attempt++) {
          const wire = await aux(c.index, `restore ${c.restoreSwitch} on`, c.device, 'POST', `/stok=${await stokOf(c.index, c.device)}`, JSON_TYPE, JSON.stringify({ method: c.restoreSwitch, params: { msg_push_enabled: 'on' } }));
          if (jsonOf(wire).errCode === 0) break;
          live.stoks.delete(c.device);
        }
      }
      return;
    }
    if (c.expect === 'granted') {
      stats.granted.tried++;
      if (wire.status === 200) stats.granted.ok++;
    }
    const access = values.get('access');
    const refresh = values.get('refresh');
    const granted = wire.status === 200 && typeof body.access_token === 'string' && typeof body.refresh_token === 'string';
    if (granted && c.lenient) bump(lenient, c.lenient);
    if (c.path.startsWith('/openapi/added_devices') && /Bearer\s+⟦access(?:\|pct)?⟧/i.test(c.headers.map(([, v]) => v).join('\n'))) {
      if (wire.status === 200) stats.authenticated.devices++;
      if (liveUse && wire.status === 401 && access !== undefined) {
        dead.access.push(access);
        if (live.token?.access === access) {
          live.token = undefined;
          stats.reprimes++;
        }
      }
    }
    const refreshUse = c.family === 'refresh' && liveUse && /refresh_token=⟦refresh(?:\|pct)?⟧/.test(c.path);
    if (refreshUse && refresh !== undefined) {
      if (granted) {
        // The old pair dies with its refresh token.
        stats.authenticated.refreshes++;
        if (access !== undefined) dead.access.push(access);
        dead.refresh.push(refresh);
        live.token = { access: body.access_token as string, refresh: body.refresh_token as string };
      } else if (wire.status === 401) {
        dead.refresh.push(refresh);
        if (live.token?.refresh === refresh) {
          live.token = undefined;
          stats.reprimes++;
        }
      }
      return;
    }
    if (granted) {
      live.token = { access: body.access_token as string, refresh: body.refresh_token as string };
      if (c.family === 'token-valid') {
        const nonce = values.get('nonce');
        if (nonce !== undefined) remember(usedNonces, NVR, nonce);
        lastAuth = fill(c.headers.find(([k]) => k === 'Authorization')?.[1] ?? '', values);
      }
    }
  };

  const runCase = async (c: OpenApiCase): Promise<void> => {
    if (c.action === 'clock' || c.action === 'detect') {
      const path = c.action === 'clock' ? '/__sim/clock/advance' : `/__sim/devices/${c.device}/detections`;
      try {
        const reply = await fx.control('POST', path, undefined, { headers: { 'content-type': 'application/json' }, rawBody: c.action === 'clock' ? JSON.stringify({ ms: c.ms }) : c.body });
        bump(byStatus, `control ${reply.status}`);
        if (reply.status >= 500) findings.push({ index: c.index, label: c.label, kind: 'status-5xx', detail: `control plane HTTP ${reply.status}: ${reply.text.slice(0, 200)}`, sent: path });
        if (c.action === 'clock' && reply.status !== 200) findings.push({ index: c.index, label: c.label, kind: 'control-plane', detail: `clock/advance refused: ${reply.text.slice(0, 200)}`, sent: path });
        if (c.action === 'clock') stats.clockMs += c.ms;
        if (c.action === 'detect' && reply.status === 201) stats.detections++;
      } catch (error) {
        findings.push({ index: c.index, label: c.label, kind: 'control-plane', detail: `no reply: ${(error as Error).message}`, sent: path });
      }
      return;
    }
    if (c.action === 'raw') {
      const { ip, port } = target(c.device);
      const wire = await sendWire(ip, port, c.bytes, { tls: c.tls, head: false, expectClose: false, holdMs: 0, garbage: true, ...(c.corrupt ? { corrupt: c.corrupt } : {}) });
      check({ index: c.index, label: c.label, device: c.device, expect: 'any', garbage: true, head: false }, wire, `${c.bytes.toString('latin1')}${c.corrupt ? `\n<then under TLS: ${c.corrupt.toString('hex').slice(0, 80)}>` : ''}`);
      return;
    }
    const values = await resolve(c);
    const path = fill(c.path, values);
    const headers = c.headers.map(([k, v]) => [k, fill(v, values)] as const);
    const body = c.body === undefined ? undefined : Buffer.isBuffer(c.body) ? c.body : Buffer.from(fill(c.body, values), 'utf8');
    const bytes = request(c.device, c.method, path, headers, body, c.chunks);
    const head = c.method === 'HEAD';
    const wire = await exchange(c.device, bytes, { head, holdMs: c.holdMs ?? 0, garbage: c.garbage });
    if (c.expect === 'denied') stats.denied++;
    check({ index: c.index, label: c.label, device: c.device, expect: c.expect, garbage: c.garbage, head }, wire, bytes.toString('utf8'));
    await observe(c, wire, values);
  };

  // A real session on every device before the first case, as a replayed case gets too.
  for (const id of CAMERAS) await primeCamera(-1, id);
  await primeNvr(-1);
  t.equal(live.stoks.size, CAMERAS.length, 'a primed stok on every camera');
  t.ok(live.token, 'a primed NVR token');

  const started = Date.now();
  const deadline = started + config.maxSeconds * 1000;
  let next = 0;
  let timedOut = false;
  const families = new Map<string, number>();
  const worker = async () => {
    while (next < indexes.length) {
      if (Date.now() > deadline) {
        timedOut = true;
        return;
      }
      const c = generateOpenApiCase(config.seed, indexes[next++]!);
      bump(families, c.family);
      await runCase(c);
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  const elapsedMs = Date.now() - started;

  const sorted = (map: Map<string, number>) => JSON.stringify(Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))));
  t.comment(`sent ${indexes.length} cases (+${stats.aux} auxiliary requests: ${stats.primes.camera} camera and ${stats.primes.nvr} NVR primes, challenges, ${stats.restores} switch restores) in ${(elapsedMs / 1000).toFixed(1)} s, seed ${config.seed}`);
  t.comment(`replies by status: ${sorted(byStatus)}`);
  t.comment(`camera errCode: ${sorted(cameraCodes)}; NVR error_code: ${sorted(nvrCodes)}`);
  t.comment(`valid logins ${stats.granted.ok}/${stats.granted.tried}; authenticated: ${stats.authenticated.calls} camera calls, ${stats.authenticated.devices} added_devices, ${stats.authenticated.refreshes} refreshes; ${stats.streams} streams opened (${stats.streamParts} parts); ${stats.denied} cases with bad credentials; ${stats.reprimes} sessions refused and primed again; ${stats.detections} detections; clock +${Math.round(stats.clockMs / 1000)} s`);
  t.comment(`transport garbage: ${stats.garbage} cases, ${stats.garbageClosedSilently} closed without a status line, ${stats.bareGarbage4xx} answered with the HTTP parser's bare 4xx (no errCode/error_code)`);
  if (lenient.size > 0) t.comment(`leniencies (a token despite): ${sorted(lenient)}`);
  t.comment(`families: ${sorted(families)}`);

  t.equal(timedOut, false, `all ${indexes.length} cases ran within FUZZ_MAX_SECONDS=${config.maxSeconds}`);
  const describe = (f: Finding) => `#${f.index} [${f.kind}] ${f.label}: ${f.detail}\n    request: ${JSON.stringify(f.sent.slice(0, 400))}\n    replay: ${replayHint(config, FILE, f.index)}`;
  for (const kind of KINDS) {
    const of = findings.filter((f) => f.kind === kind);
    for (const finding of of.slice(0, 10)) t.comment(describe(finding));
    t.equal(of.length, 0, `no ${kind} (seed ${config.seed})${of.length > 10 ? `: ${of.length}, the first 10 above` : ''}`);
  }
  t.same(fx.errors.slice(0, 5), [], 'the emulator logged no handler failure');
  if (!config.only && indexes.length >= 1000) {
    t.ok(stats.granted.ok > 0 && stats.authenticated.calls > 0 && stats.authenticated.devices > 0 && stats.streams > 0, 'the authenticated paths ran: logins, calls on a live stok, added_devices, streams');
  }

  // ---- after: everything still works ----
  const health = await fx.control('GET', '/__sim/health');
  t.equal(health.status, 200, 'GET /__sim/health is still 200');
  const origin = (id: string) => `https://${target(id).ip}:${target(id).port}`;
  for (const id of CAMERAS) {
    const client = new CameraOpenApiClient(origin(id));
    const login = await client.login(REAL_PASSWORD);
    t.equal(login.errCode, 0, `${id}: a real doAuth login works`);
    t.match(await client.call('getStreamPort'), { errCode: 0, result: { streamPort: '554' } }, `${id}: getStreamPort on the new stok`);
    const off: string[] = [];
    for (const type of detectionTypes) {
      const reply = await client.call(`get${type}Switch`);
      if ((reply.result as { msg_push_enabled?: unknown } | undefined)?.msg_push_enabled !== 'on') off.push(type);
    }
    t.same(off, [], `${id}: every msg_push switch is back on`);
  }
  const nvr = new NvrOpenApiClient(origin(NVR));
  const token = await nvr.token(REAL_PASSWORD);
  t.equal(token.status, 200, 'NVR: a Digest token works');
  const added = await nvr.addedDevices();
  t.equal(added.status, 200, 'NVR: added_devices with the new token');
  t.equal(added.body.error_code, 0);
  t.equal(added.body.devices?.length, 3, 'NVR: its three channels');

  const camera = new CameraOpenApiClient(origin('cam-front'));
  await camera.login(REAL_PASSWORD);
  const stream = await camera.subscribe({ event_type: ['all'], heartbeat: 600 });
  t.teardown(() => stream.close());
  t.same(await stream.next(5000), { method: 'subscribeMsg', errCode: 0 }, 'subscribeMsg still opens a stream');
  const detected = await fx.control('POST', '/__sim/devices/cam-front/detections', { type: 'PeopleDetection' });
  t.equal(detected.status, 201, 'a detection on the control plane');
  t.same(await stream.next(5000), { event_type: 'PeopleDetection', time: (detected.json as { time: number }).time }, 'the stream delivers it');
  stream.close();
});
