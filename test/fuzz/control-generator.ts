import { FuzzRandom, ALNUM, PRINTABLE } from './fuzz-random.js';
import { detectionTypes } from '../../devices/camera/camera-detection.js';
import { badlyEncoded, objectWith, protoObject, RawJson, randomText, toJsonText, weirdNumber, weirdValue } from './fuzz-values.js';
import { DEVICES } from './device-actions.js';

/**
 * Seeded generator of malformed control-plane requests (docs/control-plane.md): bad JSON, wrong
 * types in fault / clock / cloud bodies, unknown routes and methods, odd device ids and query
 * strings, wrong content types, bodies over the 1 MiB limit, mutated QR codes. Case `index` of
 * `seed` is a pure function of both.
 *
 * What stays valid is kept harmless: a fault that happens to be valid is cleared by the test
 * right after (`restore`), the clock only moves forward by small steps, a factory reset or
 * `POST /__sim/reset` is rare, and the test ends with `POST /__sim/reset`.
 */
export interface ControlRequest {
  readonly index: number;
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Requests to send after this one if it succeeded (clear a fault it applied). */
  readonly restore?: readonly { readonly method: string; readonly path: string }[];
}

/** Real QR payloads fetched from the devices at the start (the test fills these in). */
export interface ControlSamples {
  readonly appQr: string;
  readonly supportQr: string;
}

const FAULT_TYPES = ['power-off', 'offline', 'no-internet', 'latency', 'mdns-silent', 'smtp-down'];
const JSON_TYPE = { 'content-type': 'application/json' };

function deviceId(r: FuzzRandom): string {
  return r.weighted<string>([
    [6, r.pick(DEVICES)], [1, 'nope'], [1, ''], [1, '__proto__'], [1, 'constructor'], [1, 'hasOwnProperty'], [1, '%00'], [1, '..'],
    [1, '%2e%2e'], [1, 'cam-front%2Ffaults'], [1, encodeURIComponent(randomText(r, 20))], [1, 'a'.repeat(r.pick([300, 5000]))], [1, 'CAM-FRONT'], [1, '%zz'],
  ]);
}

function faultBody(r: FuzzRandom): unknown {
  const body: Record<string, unknown> = { type: r.pick(FAULT_TYPES) };
  if (r.chance(0.5)) body.ms = r.chance(0.5) ? r.between(1, 60_000) : weirdNumber(r);
  if (r.chance(0.4)) body.probability = r.chance(0.5) ? r.pick([0, 0.5, 1, 1.5, -1]) : weirdValue(r);
  const how = r.weighted<string>([[30, 'field'], [10, 'plain'], [10, 'whole'], [6, 'proto'], [4, 'extra']]);
  if (how === 'field') {
    const key = r.pick(['type', 'ms', 'probability', 'device']);
    body[key] = weirdValue(r);
  } else if (how === 'whole') {
    return weirdValue(r);
  } else if (how === 'proto') {
    return objectWith([...Object.entries(body), ...Object.entries(protoObject(r))]);
  } else if (how === 'extra') {
    body[r.pick(['extra', 'device', 'source', '__proto__'])] = weirdValue(r);
  }
  return body;
}

function mutateQr(r: FuzzRandom, qr: string): unknown {
  const at = r.int(qr.length);
  return r.pick<unknown>([
    qr.slice(0, at), qr.slice(0, at) + r.string(1, ALNUM) + qr.slice(at + 1), `${qr}:extra`, qr.replace('vigi-reset:1:', 'vigi-reset:2:'),
    ` ${qr} `, qr.toUpperCase(), `vigi-reset:1:${Buffer.from('{"p":"support","i":0,"v":1e999}').toString('base64url')}:AAAAAAAAAAAAAAAAAAAAAA`,
    'vigi-reset:1:', 'vigi-reset:1::', qr.split(':').reverse().join(':'), weirdValue(r), [qr], { qrcode: qr }, r.string(r.pick([10, 3000]), PRINTABLE),
  ]);
}

/** A body as text: valid JSON of `value` mostly, else broken. */
function bodyText(r: FuzzRandom, value: unknown): string {
  const text = toJsonText(value);
  if (!r.chance(0.15)) return text;
  const at = r.int(text.length + 1);
  return r.pick([text.slice(0, at), `${text}}`, text.replace(/"/g, "'"), `\ufeff${text}`, '', ' ', 'null', '{', '{"ms":}', 'NaN', `${text}${text}`]);
}

function contentType(r: FuzzRandom): Record<string, string> {
  return r.weighted<Record<string, string>>([
    [10, JSON_TYPE], [1, {}], [1, { 'content-type': 'text/plain' }], [1, { 'content-type': 'application/x-www-form-urlencoded' }],
    [1, { 'content-type': 'application/json; charset=utf-16' }], [1, { 'content-type': ';;' }], [1, { 'content-type': 'multipart/form-data; boundary=x' }],
    [1, { 'content-type': 'application/octet-stream' }], [1, { 'content-type': 'APPLICATION/JSON' }], [1, { 'content-type': 'application/json; charset=latin1' }],
  ]);
}

export function generateControlRequest(seed: string | number, index: number, samples: ControlSamples): ControlRequest {
  const r = new FuzzRandom(`control/${seed}/${index}`);
  const kind = r.weighted<string>([
    [18, 'device-fault'], [8, 'global-fault'], [8, 'clear-fault'], [10, 'clock'], [10, 'cloud'], [8, 'events'], [6, 'device'],
    [10, 'unknown-route'], [8, 'wrong-method'], [6, 'raw-body'], [3, 'huge'], [2, 'factory-reset'], [1, 'reset'], [2, 'proto-path'],
    [4, 'checkpoint'], [3, 'openapi-password'], [3, 'requests'], [4, 'detection'],
  ]);
  const post = (label: string, path: string, value: unknown, extra: Partial<ControlRequest> = {}): ControlRequest => ({
    index, label, method: 'POST', path, headers: contentType(r), body: bodyText(r, value), ...extra,
  });
  switch (kind) {
    case 'device-fault': {
      const id = deviceId(r);
      return post(`POST faults ${id.slice(0, 20)}`, `/__sim/devices/${id}/faults`, faultBody(r), { restore: [{ method: 'DELETE', path: `/__sim/devices/${id}/faults` }] });
    }
    case 'global-fault': return post('POST global fault', '/__sim/faults', faultBody(r), { restore: [{ method: 'DELETE', path: '/__sim/faults/smtp-down' }] });
    case 'clear-fault': {
      const type = r.pick([...FAULT_TYPES, 'nope', '', '%zz', '__proto__', 'a'.repeat(300)]);
      const path = r.chance(0.5) ? `/__sim/devices/${deviceId(r)}/faults/${type}` : `/__sim/faults/${type}`;
      return { index, label: `DELETE ${path.slice(0, 40)}`, method: 'DELETE', path, headers: r.chance(0.2) ? JSON_TYPE : {}, ...(r.chance(0.2) ? { body: bodyText(r, weirdValue(r)) } : {}) };
    }
    case 'clock': {
      // Valid advances stay small (at most ten seconds); everything else is refused.
      const ms = r.weighted<unknown>([[2, r.between(0, 10_000)], [6, weirdValue(r)], [3, weirdNumber(r)], [1, -1], [1, new RawJson('1e999')], [1, 10 * 365 * 86_400_000 + 1]]);
      const safeMs = typeof ms === 'number' && ms >= 0 && ms <= 10_000 ? ms : typeof ms === 'number' && ms >= 0 ? -1 : ms;
      const body = r.chance(0.8) ? { ms: safeMs } : r.chance(0.5) ? weirdValue(r) : objectWith([['__proto__', { ms: 5 }]]);
      return post('POST clock/advance', '/__sim/clock/advance', body);
    }
    case 'cloud': {
      const which = r.pick(['app/scan', 'support/code']);
      const qr = which === 'app/scan' ? samples.appQr : samples.supportQr;
      const value = r.chance(0.85) ? { qrcode: mutateQr(r, r.chance(0.8) ? qr : r.pick([samples.appQr, samples.supportQr])) } : weirdValue(r);
      return post(`POST cloud/${which}`, `/__sim/cloud/${which}`, value);
    }
    case 'events': {
      const params = Array.from({ length: r.between(0, 4) }, () => {
        const key = r.pick(['since', 'limit', 'types', 'device', 'types', 'device', 'x', '__proto__']);
        const value = r.pick(['', '0', '-1', '1e9', 'abc', 'NaN', '99999999999999999999', 'fault-applied,mail-sent', '%zz', '%00', encodeURIComponent(randomText(r, 10)), 'cam-front']);
        return `${key}=${value}`;
      });
      return { index, label: `GET events ?${params.join('&').slice(0, 40)}`, method: r.pick(['GET', 'GET', 'HEAD']), path: `/__sim/events${params.length ? `?${params.join('&')}` : ''}`, headers: {} };
    }
    case 'device': {
      const id = deviceId(r);
      return { index, label: `GET device ${id.slice(0, 20)}`, method: r.pick(['GET', 'HEAD']), path: r.pick([`/__sim/devices/${id}`, `/__sim/devices/${id}/`, `/__sim/devices/${id}?x=1`]), headers: {} };
    }
    case 'unknown-route': {
      const path = r.pick([
        '/', '/__sim', '/__sim/', '/__sim/nope', '/__sim/health/', '/__sim//health', '/__sim/../__sim/health', '/__sim/%2e%2e/health', '/__sim/mail/1',
        '/__sim/devices/cam-front/nope', '/__sim/clock/rewind', '/__sim/cloud', '/__sim/cloud/app', '/%', '/__sim/%zz', `/__sim/${'x'.repeat(r.pick([100, 8000]))}`,
        '/__sim/health?%zz', '/__sim/devices?limit=-1', '/__sim/events/1', '/favicon.ico', '/__SIM/health', '/__sim/health%00', '/__sim/faults/smtp-down/x',
      ]);
      return { index, label: `${path.slice(0, 40)}`, method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']), path, headers: r.chance(0.3) ? JSON_TYPE : {}, ...(r.chance(0.3) ? { body: bodyText(r, weirdValue(r)) } : {}) };
    }
    case 'wrong-method': {
      const path = r.pick(['/__sim/health', '/__sim/devices', '/__sim/clock', '/__sim/clock/advance', '/__sim/mail', '/__sim/faults', '/__sim/cloud/app/scan', '/__sim/reset', `/__sim/devices/${r.pick(DEVICES)}`, `/__sim/devices/${r.pick(DEVICES)}/factory-reset`]);
      // The methods a route does not take (a DELETE of /__sim/mail empties the mailbox, which is harmless).
      const method = r.pick(['PUT', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']);
      return { index, label: `${method} ${path}`, method, path, headers: JSON_TYPE, ...(r.chance(0.5) ? { body: bodyText(r, weirdValue(r)) } : {}) };
    }
    case 'raw-body': {
      const path = r.pick(['/__sim/faults', '/__sim/clock/advance', '/__sim/cloud/app/scan', '/__sim/cloud/support/code', `/__sim/devices/${r.pick(DEVICES)}/faults`]);
      const body = r.pick<string | Buffer>([r.bytes(r.pick([1, 64, 4096])), badlyEncoded(r), '{"type":"latency","ms":1e999}', '{"type":"smtp-down","probability":"0.5"}', '[{"type":"smtp-down"}]', '{"__proto__":{"type":"smtp-down"}}']);
      return { index, label: `raw body ${path}`, method: 'POST', path, headers: contentType(r), body, restore: [{ method: 'DELETE', path: path.includes('/devices/') ? path : '/__sim/faults/smtp-down' }] };
    }
    case 'huge': {
      // The control plane's body limit is 1 MiB: some under, some over.
      const size = r.pick([100_000, 1_000_000, 1_100_000]);
      const path = r.pick(['/__sim/faults', '/__sim/clock/advance', '/__sim/cloud/app/scan']);
      return post(`huge ${size} ${path}`, path, r.chance(0.5) ? { type: 'x'.repeat(size) } : { qrcode: 'q'.repeat(size), ms: 1 }, { restore: [{ method: 'DELETE', path: '/__sim/faults/smtp-down' }] });
    }
    case 'factory-reset': {
      const id = r.chance(0.2) ? r.pick(DEVICES) : deviceId(r);
      return { index, label: `factory-reset ${id.slice(0, 20)}`, method: 'POST', path: `/__sim/devices/${id}/factory-reset`, headers: contentType(r), ...(r.chance(0.5) ? { body: bodyText(r, weirdValue(r)) } : {}) };
    }
    case 'checkpoint': {
      const name = r.weighted<unknown>([[4, r.pick(['a', 'set-up', 'x.1', 'A_b-c'])], [3, weirdValue(r)], [1, '..'], [1, 'a'.repeat(r.pick([64, 65, 5000]))], [1, '%2e%2e'], [1, '__proto__']]);
      const text = typeof name === 'string' ? name : 'a';
      const action = r.pick(['take', 'take', 'restore', 'delete', 'list']);
      if (action === 'take') return post(`POST checkpoints ${text.slice(0, 20)}`, '/__sim/checkpoints', r.chance(0.85) ? { name } : weirdValue(r));
      if (action === 'list') return { index, label: 'GET checkpoints', method: r.pick(['GET', 'HEAD']), path: '/__sim/checkpoints', headers: {} };
      const path = `/__sim/checkpoints/${encodeURIComponent(text)}${action === 'restore' ? '/restore' : ''}`;
      return { index, label: `${action} checkpoint ${text.slice(0, 20)}`, method: action === 'restore' ? 'POST' : 'DELETE', path, headers: {} };
    }
    case 'requests': {
      const params = Array.from({ length: r.between(0, 4) }, () => {
        const key = r.pick(['device', 'module', 'action', 'since', 'limit', 'limit', 'x', '__proto__']);
        const value = r.pick(['cam-front', 'forget_password', '0', '1', '-1', '10001', '1e3', '%zz', '', 'a'.repeat(300)]);
        return `${key}=${value}`;
      });
      if (r.chance(0.1)) return { index, label: 'DELETE requests', method: 'DELETE', path: '/__sim/requests', headers: {} };
      return { index, label: `GET requests ?${params.join('&').slice(0, 40)}`, method: r.pick(['GET', 'GET', 'HEAD']), path: `/__sim/requests${params.length ? `?${params.join('&')}` : ''}`, headers: {} };
    }
    case 'detection': {
      const id = deviceId(r);
      const type = r.weighted<unknown>([[4, r.pick(detectionTypes)], [2, weirdValue(r)], [1, 'peopledetection'], [1, 'x'.repeat(300)]]);
      return post(`POST detections ${id.slice(0, 20)}`, `/__sim/devices/${id}/detections`, r.chance(0.85) ? { type } : weirdValue(r));
    }
    case 'openapi-password': {
      const password = r.weighted<unknown>([[3, `Fuzz#${r.string(r.between(1, 12), ALNUM)}`], [3, weirdValue(r)], [1, ''], [1, 'p'.repeat(r.pick([256, 257, 100_000]))]]);
      return post('POST openapi/passwords', '/__sim/openapi/passwords', r.chance(0.85) ? { password } : weirdValue(r));
    }
    case 'reset': return { index, label: 'POST reset', method: 'POST', path: '/__sim/reset', headers: contentType(r), ...(r.chance(0.7) ? { body: bodyText(r, weirdValue(r)) } : {}) };
    default: {
      const part = r.pick(['__proto__', 'constructor', 'prototype', 'toString', '%5F%5Fproto%5F%5F']);
      const path = r.pick([`/__sim/devices/${part}`, `/__sim/devices/${part}/faults`, `/__sim/faults/${part}`, `/__sim/${part}`]);
      return { index, label: `proto path ${path}`, method: r.pick(['GET', 'POST', 'DELETE']), path, headers: JSON_TYPE, body: bodyText(r, r.chance(0.5) ? faultBody(r) : protoObject(r)) };
    }
  }
}
