import { FuzzRandom, ALNUM, UNICODE } from './fuzz-random.js';
import { badlyEncoded, deepNesting, hugeString, objectWith, protoObject, RawJson, randomText, toJsonText, weirdNumber, weirdValue } from './fuzz-values.js';
import { NVR } from './device-actions.js';
import { detectionTypes } from '../../devices/camera/camera-detection.js';
import { NVR_REALM } from '../../devices/openapi/nvr-openapi.js';
import { type SlotMod, slot, type DigestSpec, type HttpCase, type RawCase, type DetectCase, type ClockCase, type OpenApiCase, type Family, JSON_TYPE, TOKEN_PATH, DEVICES_PATH, SWITCH_KINDS, cameraDigest, hex, type Base, type Draft, http, camera, call$, brokenJson } from './openapi-case-parts.js';
import { bearer, digestBroken, nvrRoute, refresh, tokenValid } from './openapi-nvr-cases.js';

// The test reads the case types and slots from here.
export * from './openapi-case-parts.js';

/**
 * Seeded generator of VIGI OpenAPI cases (docs/openapi.md) for the cameras' `doAuth` and
 * `/stok=<stok>` calls, the NVR's Digest token, refresh and Bearer calls, and transport garbage,
 * interleaved with control-plane detections and small clock steps. Case `index` of `seed` is a
 * pure function of both.
 *
 * What only the running emulator knows (a fresh nonce, the live stok, a Bearer token, the digest
 * over a nonce) is written as a slot, `⟦name|mod…⟧`, that the test fills in just before sending
 * (see `SLOT` and `applyMods`). Each case says what a correct emulator must answer where that is
 * certain: `denied` (no stok, token, success or stream may come back), `granted` (a valid login,
 * counted, never asserted: the clock may move in between) or `any`.
 */
const FAMILIES: readonly (readonly [number, Family])[] = [
  [5, 'doauth-valid'], [4, 'doauth-challenge'], [12, 'doauth-broken'], [12, 'call'], [7, 'switch'], [6, 'subscribe'],
  [5, 'camera-route'], [9, 'camera-body'], [2, 'oversized'],
  [3, 'token-valid'], [11, 'digest-broken'], [6, 'bearer'], [4, 'refresh'], [4, 'nvr-route'],
  [4, 'raw'], [4, 'detect'], [2, 'clock'],
];

export function generateOpenApiCase(seed: string | number, index: number): OpenApiCase {
  const r = new FuzzRandom(`openapi/${seed}/${index}`);
  const family = r.weighted(FAMILIES);
  const base = { index, family };
  switch (family) {
    case 'doauth-valid': return doAuthValid(r, base);
    case 'doauth-challenge': return doAuthChallenge(r, base);
    case 'doauth-broken': return doAuthBroken(r, base);
    case 'call': return call(r, base);
    case 'switch': return switchCall(r, base);
    case 'subscribe': return subscribe(r, base);
    case 'camera-route': return cameraRoute(r, base);
    case 'camera-body': return cameraBody(r, base);
    case 'oversized': return oversized(r, base);
    case 'token-valid': return tokenValid(r, base);
    case 'digest-broken': return digestBroken(r, base);
    case 'bearer': return bearer(r, base);
    case 'refresh': return refresh(r, base);
    case 'nvr-route': return nvrRoute(r, base);
    case 'raw': return raw(r, base);
    case 'detect': return detect(r, base);
    default: return clock(r, base);
  }
}

// ---- cameras: doAuth ---------------------------------------------------------------------------

function doAuthValid(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const response = r.chance(0.2) ? slot('response', 'upper') : slot('response');
  const params: Record<string, unknown> = r.chance(0.5) ? { nonce: slot('nonce'), response } : { response, nonce: slot('nonce') };
  if (r.chance(0.2)) params[r.pick(['username', 'extra', 'cnonce'])] = weirdValue(r, 2);
  let body = call$('doAuth', params);
  if (r.chance(0.15)) body = ` \n${body.replace(/,/g, ' , ')}\t`;
  const headers = r.weighted<readonly (readonly [string, string])[]>([[6, [JSON_TYPE]], [1, []], [1, [['Content-Type', 'text/plain']]], [1, [['Content-Type', 'application/json; charset=UTF-8']]]]);
  return http(base, { label: `doAuth valid ${device}${response.includes('upper') ? ' (upper-case hex)' : ''}`, device, path: '/', headers, body, fresh: true, digest: cameraDigest, expect: 'granted' });
}

function doAuthChallenge(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const how = r.pick(['null', 'missing', 'null-extra', 'wrong-case', 'trailing-space', 'params-first', 'method-null']);
  const body = {
    null: () => call$('doAuth', null),
    missing: () => call$('doAuth'),
    'null-extra': () => toJsonText({ method: 'doAuth', params: null, [r.pick(['nonce', 'stok', 'response', '__proto__'])]: weirdValue(r, 2) }),
    'wrong-case': () => call$(r.pick(['DoAuth', 'doauth', 'DOAUTH', 'do_auth', 'doAuth2']), null),
    'trailing-space': () => call$(r.pick(['doAuth ', ' doAuth', 'doAuth\u0000', 'doAuth\n']), null),
    'params-first': () => '{"params":null,"method":"doAuth"}',
    'method-null': () => toJsonText({ method: r.pick<unknown>([null, 1, true, ['doAuth'], { doAuth: null }, '']), params: null }),
  }[how]!();
  return http(base, { label: `doAuth challenge ${how} ${device}`, device, path: '/', body, expect: 'denied' });
}

function wrongResponse(r: FuzzRandom): { value: unknown; digest?: DigestSpec } {
  return r.weighted<{ value: unknown; digest?: DigestSpec }>([
    [3, { value: slot('response'), digest: { ...cameraDigest, password: r.pick(['vigi#admin1', 'Vigi#Admin', 'Vigi#Admin1 ', '', 'admin', 'Old#Pass0']) } }],
    [2, { value: slot('response'), digest: { ...cameraDigest, user: r.pick(['Admin', 'root', '', 'admin ']) } }],
    [2, { value: slot('response'), digest: { ...cameraDigest, realm: r.pick([NVR_REALM, 'TP-LINK IP-CAMERA', '', 'TP-LINK IP-Camera ']) } }],
    [2, { value: slot('response'), digest: { ...cameraDigest, uri: r.pick(['/', 'doauth', '/doAuth', '']), method: r.pick(['POST', 'GET']) } }],
    [2, { value: slot('response', r.pick<SlotMod>(['cut', 'flip', 'dup', 'space', 'pct', 'nul'])), digest: cameraDigest }],
    [2, { value: hex(r, r.pick([0, 1, 32, 63, 64, 65, 128])) }],
    [1, { value: r.string(64, 'ghijklmnopqrstuvwxyzGHIJKLMNOP!@') }],
    [1, { value: `${'0'.repeat(64)}` }],
    [3, { value: weirdValue(r, 1) }],
    [1, { value: hugeString(r) }],
  ]);
}

function doAuthBroken(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const how = r.weighted<string>([
    [5, 'bad-response'], [4, 'nonce-type'], [3, 'used-nonce'], [3, 'unknown-nonce'], [2, 'garbled-nonce'], [3, 'params-type'],
    [3, 'proto'], [1, 'huge'], [1, 'missing-field'], [1, 'on-stok'], [1, 'duplicate-keys'],
  ]);
  const draft = (label: string, params: unknown, extra: Partial<Draft> = {}): HttpCase =>
    http(base, { label: `doAuth ${label} ${device}`, device, path: '/', body: call$('doAuth', params), expect: 'denied', ...extra });
  switch (how) {
    case 'bad-response': {
      const wrong = wrongResponse(r);
      return draft(`bad response ${String(typeof wrong.value === 'string' ? wrong.value : typeof wrong.value).slice(0, 24)}`, { nonce: slot('nonce'), response: wrong.value }, { fresh: true, ...(wrong.digest ? { digest: wrong.digest } : {}) });
    }
    case 'nonce-type': return draft('nonce of a wrong type', { nonce: r.chance(0.2) ? [slot('nonce')] : weirdValue(r, 1), response: slot('response') }, { fresh: true, digest: cameraDigest });
    case 'used-nonce': return draft('used nonce', { nonce: slot('used-nonce'), response: slot('response') }, { digest: { ...cameraDigest, over: 'used-nonce' } });
    case 'unknown-nonce': {
      const nonce = r.pick([hex(r, 32), hex(r, 31), '', '0'.repeat(32), 'f'.repeat(32), hex(r, 64)]);
      return draft('unknown nonce', { nonce, response: slot('response') }, { digest: { ...cameraDigest, over: { literal: nonce } } });
    }
    case 'garbled-nonce': {
      const mod = r.pick<SlotMod>(['upper', 'cut', 'flip', 'dup', 'pct', 'space', 'nul', 'badpct']);
      return draft(`nonce|${mod}`, { nonce: slot('nonce', mod), response: slot('response') }, { fresh: true, digest: cameraDigest });
    }
    case 'params-type': return draft('params of a wrong type', r.pick<unknown>([[slot('nonce'), slot('response')], slot('nonce'), 0, true, '', 'null', weirdNumber(r), [], [{ nonce: slot('nonce'), response: slot('response') }]]), { fresh: true, digest: cameraDigest });
    case 'proto': {
      const params = r.pick([
        objectWith([['__proto__', { nonce: slot('nonce'), response: slot('response') }]]),
        objectWith([['constructor', { nonce: slot('nonce') }], ['response', slot('response')]]),
        objectWith([['nonce', objectWith([['__proto__', slot('nonce')]])], ['response', slot('response')]]),
        protoObject(r),
      ]);
      return draft('__proto__ params', params, { fresh: true, digest: cameraDigest });
    }
    case 'huge': return draft('huge field', r.chance(0.5) ? { nonce: hugeString(r), response: slot('response') } : { nonce: slot('nonce'), response: hugeString(r) }, { fresh: true, digest: cameraDigest });
    case 'missing-field': return draft('a field missing', r.pick([{ nonce: slot('nonce') }, { response: slot('response') }, {}, { nonce: slot('nonce'), response: null }]), { fresh: true, digest: cameraDigest });
    case 'on-stok': return draft('on a stok path', { nonce: slot('nonce'), response: slot('response') }, { fresh: true, digest: cameraDigest, path: `/stok=${slot('stok')}` });
    default: {
      // JSON.parse keeps the last duplicate: this one is a real login, so anything goes.
      const body = r.chance(0.5)
        ? `{"method":"doAuth","params":{"nonce":"${slot('nonce')}","response":"${hex(r, 64)}","response":"${slot('response')}"}}`
        : `{"method":"getStreamPort","params":{"nonce":"${slot('nonce')}","response":"${slot('response')}"},"method":"doAuth"}`;
      return http(base, { label: `doAuth duplicate keys ${device}`, device, path: '/', body, fresh: true, digest: cameraDigest, expect: 'any' });
    }
  }
}

// ---- cameras: calls on /stok=<stok> ------------------------------------------------------------

/** A stok for the path, and whether it certainly is not a live one. */
function stokPath(r: FuzzRandom, liveShare = 0.5): { path: string; denied: boolean; label: string } {
  if (r.chance(liveShare)) {
    const how = r.weighted<string>([[10, ''], [2, 'pct'], [2, '/'], [1, '?x=1'], [1, '?%zz']]);
    const stok = how === 'pct' ? slot('stok', 'pct') : slot('stok');
    return { path: `/stok=${stok}${how === '/' || how.startsWith('?') ? how : ''}`, denied: false, label: `live${how ? ` ${how}` : ''}` };
  }
  const how = r.weighted<string>([
    [3, 'other-stok'], [3, 'dead-stok'], [2, 'random'], [2, 'empty'], [4, 'garbled'], [1, 'huge'], [1, 'bad-escape'], [1, 'word'], [1, 'double'],
  ]);
  const value = {
    'other-stok': () => slot('other-stok'),
    'dead-stok': () => slot('dead-stok'),
    random: () => hex(r, r.pick([32, 31, 33, 16])),
    empty: () => '',
    garbled: () => slot('stok', r.pick<SlotMod>(['upper', 'cut', 'flip', 'dup', 'badpct', 'nul'])),
    huge: () => 'a'.repeat(r.pick([300, 5000])),
    'bad-escape': () => badlyEncoded(r),
    word: () => r.pick(['__proto__', 'constructor', 'null', 'undefined', 'true', '0', '%5F%5Fproto%5F%5F', 'stok']),
    double: () => `${slot('stok')}=${slot('stok')}`,
  }[how]!();
  return { path: `/stok=${value}`, denied: true, label: value.startsWith('⟦') ? value.slice(1, -1) : how };
}

function someMethod(r: FuzzRandom): string {
  const kind = r.pick(SWITCH_KINDS);
  return r.weighted<string>([
    [10, 'getStreamPort'], [2, 'doAuth'], [2, r.pick(['getDeviceInfo', 'reboot', 'getMULTITRANS', 'getRtspUrl', 'setStreamPort', 'logout'])],
    [2, r.pick(['getstreamport', 'GetStreamPort', ' getStreamPort', 'getStreamPort ', 'getStreamPort\u0000', 'getStreamPort\n'])],
    [2, r.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'])],
    [2, r.pick(['getSwitch', 'setSwitch', 'getDetectionSwitch', `get${kind}DetectionSwitchSwitch`, `get${kind.toLowerCase()}DetectionSwitch`, `get${kind}Detectionswitch`, `GET${kind}DetectionSwitch`, `get${kind}Switch`, 'getUnicornDetectionSwitch'])],
    [2, randomText(r, 30)], [1, r.string(r.between(1, 12), UNICODE)], [1, 'x'.repeat(r.pick([81, 5000]))], [1, badlyEncoded(r)],
  ]);
}

function someParams(r: FuzzRandom): unknown {
  return r.weighted<unknown>([[5, {}], [2, undefined], [2, null], [5, weirdValue(r)], [1, protoObject(r)]]);
}

function call(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const stok = stokPath(r);
  const method = someMethod(r);
  return http(base, { label: `call ${JSON.stringify(method.slice(0, 30))} on ${stok.label} ${device}`, device, path: stok.path, body: call$(method, someParams(r)), expect: stok.denied ? 'denied' : 'any', holdMs: 0 });
}

function switchCall(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const stok = stokPath(r, 0.85);
  const kind = r.weighted<string>([[8, r.pick(SWITCH_KINDS)], [1, r.pick(['Unicorn', 'people', 'PEOPLE', 'Motion ', 'Detection', ''])]]);
  const method = `${r.pick(['get', 'set'])}${kind}DetectionSwitch`;
  if (method.startsWith('set') && r.chance(0.3)) {
    // A valid switch: off is put back on right after, so pushes keep flowing.
    const value = r.pick(['on', 'off']);
    return http(base, {
      label: `${method} ${value} on ${stok.label} ${device}`, device, path: stok.path, body: call$(method, { msg_push_enabled: value }),
      expect: stok.denied ? 'denied' : 'any', ...(value === 'off' && !stok.denied ? { restoreSwitch: method } : {}),
    });
  }
  const params = r.weighted<unknown>([
    [4, { msg_push_enabled: r.pick<unknown>(['ON', 'On', ' on', 'on ', 'off\u0000', 'true', true, 1, 0, null, ['on'], { on: true }, '', 'enabled', weirdValue(r)]) }],
    [2, someParams(r)], [1, objectWith([['__proto__', { msg_push_enabled: 'off' }]])], [1, [{ msg_push_enabled: 'off' }]],
    [1, { msg_push_enabled: 'on', extra: weirdValue(r, 2) }], [1, { MSG_PUSH_ENABLED: 'off' }],
  ]);
  return http(base, { label: `${method} weird params on ${stok.label} ${device}`, device, path: stok.path, body: call$(method, params), expect: stok.denied ? 'denied' : 'any' });
}

function subscribe(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const stok = stokPath(r, 0.8);
  const kinds = () => Array.from({ length: r.between(1, 3) }, () => r.pick(detectionTypes));
  const params = r.weighted<unknown>([
    [4, { event_type: ['all'], heartbeat: r.between(1, 30) }], [2, { event_type: kinds(), heartbeat: r.pick([1, 15, 600, 3600]) }], [1, {}], [1, null], [1, undefined],
    [1, { event_type: ['all'] }], [1, { heartbeat: 1 }],
    [3, { event_type: r.pick<unknown>(['all', [], ['ALL'], ['all', 'Sharks'], ['motiondetection'], [null], [['all']], weirdValue(r)]), heartbeat: 15 }],
    [3, { event_type: ['all'], heartbeat: r.pick<unknown>([0, -1, 1.5, '15', 3601, null, true, [15], weirdNumber(r), new RawJson('1e999'), new RawJson('15.0')]) }],
    [1, { event_type: Array.from({ length: r.pick([100, 2000]) }, () => r.pick(detectionTypes)), heartbeat: 15 }],
    [2, protoObject(r)], [1, objectWith([['__proto__', { heartbeat: 0, event_type: 'x' }], ['heartbeat', 5]])],
    [2, weirdValue(r)], [1, [{ event_type: ['all'], heartbeat: 15 }]],
  ]);
  const holdMs = r.weighted<number>([[5, 0], [3, 50], [2, 200], [1, 600]]);
  const body = params === undefined ? call$('subscribeMsg') : call$(r.chance(0.95) ? 'subscribeMsg' : r.pick(['subscribemsg', 'SubscribeMsg', 'subscribeMsg ']), params);
  return http(base, { label: `subscribeMsg ${toJsonText(params ?? null).slice(0, 40)} on ${stok.label} ${device}`, device, path: stok.path, body, expect: stok.denied ? 'denied' : 'any', holdMs });
}

function cameraRoute(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const wrongMethod = r.chance(0.55);
  const method = wrongMethod
    ? r.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'REPORT', 'NOTIFY', 'SUBSCRIBE', 'M-SEARCH', 'LINK', 'QUERY'])
    : 'POST';
  const path = r.pick([
    '/', `/stok=${slot('stok')}`, `/stok=${slot('stok')}/ds`, `//stok=${slot('stok')}`, `/STOK=${slot('stok')}`, `/stok%3D${slot('stok')}`, '/stok', '/stok=',
    TOKEN_PATH, DEVICES_PATH, '/ds', '/index.html', '/..', '/%2e%2e/', '/%zz', '/%00', '/?a=%zz', '/?', '/#x', `/${'x'.repeat(r.pick([100, 8000]))}`,
    `/stok=${slot('stok')}/stok=${slot('other-stok')}`, '/api/doAuth', '/openapi', '/MULTITRANS',
  ]);
  const body = r.chance(0.6) ? r.pick([call$('doAuth', null), call$('getStreamPort', {}), call$('subscribeMsg', { event_type: ['all'], heartbeat: 15 })]) : undefined;
  // Only POST / and POST /stok=<stok>[/][?…] are routes: anything else never succeeds.
  const routed = method === 'POST' && (path === '/' || /^\/stok=⟦stok⟧(?:\/?$|\?)/.test(path) || /^\/(?:\?|#)/.test(path));
  return http(base, {
    label: `${method} ${path.slice(0, 40)} ${device}`, device, method, path, headers: body !== undefined ? [JSON_TYPE] : [],
    ...(body !== undefined ? { body } : {}), expect: routed ? 'any' : 'denied',
  });
}


function contentType(r: FuzzRandom): readonly (readonly [string, string])[] {
  return r.weighted<readonly (readonly [string, string])[]>([
    [3, [JSON_TYPE]], [2, []], [1, [['Content-Type', 'text/plain']]], [1, [['Content-Type', 'application/x-www-form-urlencoded']]],
    [1, [['Content-Type', 'multipart/form-data; boundary=x']]], [1, [['Content-Type', 'application/json; charset=utf-16']]], [1, [['Content-Type', ';;;']]],
    [1, [['Content-Type', 'application/octet-stream']]], [1, [['Content-Type', `application/json; x=${'a'.repeat(2000)}`]]], [1, [['Content-Type', 'APPLICATION/JSON']]],
    [1, [['Content-Type', 'application/json'], ['Content-Type', 'text/html']]], [1, [JSON_TYPE, ['Content-Encoding', r.pick(['gzip', 'br', 'deflate', 'identity', 'x'])]]],
    [1, [JSON_TYPE, ['Expect', '100-continue']]], [1, [JSON_TYPE, ['Connection', r.pick(['keep-alive', 'close', 'Upgrade'])]]], [1, [['Content-Type', '']]],
  ]);
}

function cameraBody(r: FuzzRandom, base: Base): HttpCase {
  const device = camera(r);
  const onStok = r.chance(0.5);
  const good = onStok ? r.pick([call$('getStreamPort', {}), call$('getPeopleDetectionSwitch', {}), call$('subscribeMsg', { event_type: ['all'], heartbeat: 15 })]) : call$('doAuth', null);
  const how = r.weighted<string>([[8, 'broken'], [3, 'content-type'], [2, 'bytes'], [1, 'deep'], [2, 'chunked'], [1, 'empty'], [1, 'no-body']]);
  const body = how === 'broken' ? brokenJson(r, good) : how === 'bytes' ? r.bytes(r.pick([1, 16, 300, 4000])) : how === 'deep' ? toJsonText({ method: 'getStreamPort', params: deepNesting(r, 20_000) }) : how === 'empty' ? '' : good;
  const headers = how === 'content-type' || how === 'bytes' ? contentType(r) : [JSON_TYPE];
  return http(base, {
    label: `body ${how} ${onStok ? 'stok' : '/'} ${device}`, device, path: onStok ? `/stok=${slot('stok')}` : '/', headers,
    ...(how === 'no-body' ? {} : { body }), ...(how === 'chunked' ? { chunks: r.between(1, 6) } : {}), expect: 'any', holdMs: 0,
  });
}

function oversized(r: FuzzRandom, base: Base): HttpCase {
  const nvr = r.chance(0.2);
  const device = nvr ? NVR : camera(r);
  // The limit is 64 KiB: bodies just under, at and just over it, and well over.
  const size = r.pick([65_000, 65_535, 65_536, 65_537, 66_000, 100_000, 300_000]);
  const shell = call$('getStreamPort', { pad: '' });
  const pad = Math.max(0, size - shell.length);
  const body = r.pick([
    () => shell.replace('"pad":""', `"pad":"${'A'.repeat(pad)}"`),
    () => `${call$('doAuth', null)}${' '.repeat(pad)}`,
    () => call$('doAuth', { nonce: 'n'.repeat(pad), response: 'r' }),
    () => r.string(size, ALNUM),
  ])();
  return http(base, {
    label: `${body.length} bytes ${device}`, device, method: nvr ? r.pick(['GET', 'POST']) : 'POST', path: nvr ? TOKEN_PATH : r.pick(['/', `/stok=${slot('stok')}`]),
    body, ...(r.chance(0.2) ? { chunks: r.between(2, 8) } : {}), expect: 'any', holdMs: 0,
  });
}

// ---- transport garbage -------------------------------------------------------------------------

function raw(r: FuzzRandom, base: Base): RawCase {
  const device = r.chance(0.7) ? camera(r) : NVR;
  const body = call$('doAuth', null);
  const ok = device === NVR ? `GET ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\n\r\n` : `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const cases: Record<string, () => Buffer | string> = {
    'random-bytes': () => r.bytes(r.pick([1, 10, 100, 2000, 20_000])),
    nothing: () => '',
    'no-http': () => r.pick(['hello\r\n\r\n', '\r\n\r\n', '{"method":"doAuth","params":null}\r\n\r\n']),
    'bad-request-line': () => r.pick(['POST\r\n\r\n', 'POST /\r\n\r\n', 'POST / HTTP/1.1 extra\r\n\r\n', ' POST / HTTP/1.1\r\n\r\n', 'POST  /  HTTP/1.1\r\n\r\n', 'post / http/1.1\r\n\r\n']),
    'bad-header': () => 'POST / HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n',
    'bad-version': () => `POST / HTTP/${r.pick(['9.9', '1.x', '0.9', '2.0', ''])}\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`,
    'bad-length': () => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${r.pick(['-1', 'abc', '1e3', '99999999999999999999', '2, 3', ' '])}\r\n\r\n{}`,
    'two-lengths': () => 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 60\r\n\r\n{}',
    'bad-chunk': () => `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${r.pick(['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}', 'ffffffffffffffffff\r\n', '-1\r\n', '2;x\r\n{}\r\n0\r\n\r\n'])}`,
    smuggling: () => 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n',
    'short-body': () => `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${r.pick([100, 5000, 70_000])}\r\n\r\n{"method":"doAuth",`,
    'cut-headers': () => ok.slice(0, r.between(1, ok.indexOf('\r\n\r\n') + 2)),
    'huge-header': () => `${ok.split('\r\n')[0]}\r\nHost: x\r\nX-Big: ${'b'.repeat(r.pick([17_000, 40_000]))}\r\n\r\n`,
    'many-headers': () => `${ok.split('\r\n')[0]}\r\nHost: x\r\n${Array.from({ length: 2500 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n`,
    'raw-bytes-path': () => Buffer.from('POST /stok=\u00e9\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
    'space-path': () => 'POST /stok=a b HTTP/1.1\r\nHost: x\r\n\r\n',
    pipelined: () => `${ok}${r.pick(['GARBAGE\r\n\r\n', ok, '\u0000\u0001', ok.slice(0, 20)])}`,
    http10: () => ok.replace('HTTP/1.1', 'HTTP/1.0'),
    'no-host': () => ok.replace('Host: x\r\n', ''),
    connect: () => 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n',
    upgrade: () => `${ok.split('\r\n')[0]}\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    h2: () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    'lf-only': () => ok.replace(/\r\n/g, '\n'),
    'obs-fold': () => 'POST / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nContent-Length: 2\r\n\r\n{}',
    'nul-header': () => 'POST / HTTP/1.1\r\nHost: x\u0000y\r\nContent-Length: 2\r\n\r\n{}',
    'header-injection': () => `GET ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Digest username="admin"\rrealm="x"\r\n\r\n`,
    'expect-no-body': () => 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 40\r\n\r\n',
    'bad-method-token': () => `${r.pick(['FOO', 'PRI', 'G ET', 'GET\u0000', 'BREW', 'get'])} / HTTP/1.1\r\nHost: x\r\n\r\n`,
  };
  const name = r.pick([...Object.keys(cases), 'tls-record', 'corrupt-record', 'corrupt-record']);
  const record = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, 0x03, r.pick([0x01, 0x03, 0x04]), body.length >> 8, body.length & 0xff]), body]);
  if (name === 'tls-record') {
    // Plain bytes that look like TLS: a handshake record cut short, a bad length, an alert, SSLv2.
    const bytes = r.pick([
      () => record(0x16, r.bytes(r.pick([4, 40, 300]))).subarray(0, r.between(3, 40)), () => Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 0x01]),
      () => record(0x15, Buffer.from([0x02, 0x28])), () => Buffer.from([0x80, 0x2e, 0x01, 0x00, 0x02]), () => record(0x17, r.bytes(64)), () => record(0x16, Buffer.alloc(0)),
    ])();
    return { ...base, action: 'raw', label: `raw tls-record (no TLS) ${device}`, device, bytes, tls: false };
  }
  if (name === 'corrupt-record') {
    // After the handshake, under the TLS layer: the server must drop the connection, not wedge it (finding 7 of the web ports).
    const corrupt = r.pick([() => record(0x17, r.bytes(64)), () => record(0x15, Buffer.from([0x02, 0x14])), () => record(0x14, Buffer.from([0x01])), () => r.bytes(r.pick([1, 7, 500]))])();
    const bytes = r.chance(0.7) ? ok : ok.slice(0, r.between(1, ok.length - 1));
    return { ...base, action: 'raw', label: `raw corrupt-record after ${bytes.length} bytes ${device}`, device, bytes: Buffer.from(bytes, 'utf8'), tls: true, corrupt };
  }
  const bytes = cases[name]!();
  // Inside TLS mostly; sometimes plain bytes straight at the TLS listener.
  const tls = r.chance(0.8);
  return { ...base, action: 'raw', label: `raw ${name}${tls ? '' : ' (no TLS)'} ${device}`, device, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), tls };
}

// ---- the control plane, interleaved ------------------------------------------------------------

function detect(r: FuzzRandom, base: Base): DetectCase {
  const device = r.weighted<string>([[12, camera(r)], [1, NVR], [1, 'cam-nowhere']]);
  const type = r.weighted<unknown>([[12, r.pick(detectionTypes)], [1, weirdValue(r, 2)], [1, 'peopledetection']]);
  return { ...base, action: 'detect', label: `detect ${String(type).slice(0, 30)} on ${device}`, device, body: toJsonText({ type }) };
}

function clock(r: FuzzRandom, base: Base): ClockCase {
  // Small steps mostly; now and then past a nonce's 5 minutes or a stok's and token's 30.
  const ms = r.weighted<number>([[16, r.between(0, 10_000)], [2, 5 * 60_000 + 1000], [1, 30 * 60_000 + 1000]]);
  return { ...base, action: 'clock', label: `clock +${ms} ms`, ms };
}
