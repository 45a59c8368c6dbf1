import { FuzzRandom } from './fuzz-random.js';
import { badlyEncoded, randomText } from './fuzz-values.js';
import { NVR } from './device-actions.js';
import { CAMERA_REALM } from '../../devices/openapi/camera-openapi.js';
import { NVR_REALM } from '../../devices/openapi/nvr-openapi.js';
import { type SlotMod, slot, type DigestSpec, type HttpCase, JSON_TYPE, TOKEN_PATH, DEVICES_PATH, nvrDigest, hex, type Base, type Draft, http, call$, brokenJson } from './openapi-case-parts.js';

/**
 * The NVR's OpenAPI cases for the fuzz (openapi-generator.ts picks them): valid and malformed
 * Digest answers to the token challenge, Bearer calls, refreshes and unknown routes.
 */

type Field = readonly [key: string, value: string, quoted: boolean];

function validFields(r: FuzzRandom, spec: DigestSpec, nonce = slot('nonce'), response = slot('response')): Field[] {
  const fields: Field[] = [
    ['username', spec.user, true], ['realm', spec.realm, true], ['nonce', nonce, true], ['uri', spec.uri, true],
    ['algorithm', 'SHA-256', r.chance(0.2)], ['response', response, true],
  ];
  if (spec.qop) fields.push(['qop', 'auth', r.chance(0.3)], ['nc', spec.qop.nc, false], ['cnonce', spec.qop.cnonce, true]);
  return fields;
}

function digestText(r: FuzzRandom, fields: readonly Field[], scheme = 'Digest'): string {
  const sep = r.weighted<string>([[8, ', '], [1, ','], [1, ' , ']]);
  return `${scheme} ${fields.map(([k, v, q]) => (q ? `${k}="${v}"` : `${k}=${v}`)).join(sep)}`;
}

function tokenCase(base: Base, label: string, authorization: string | undefined, extra: Partial<Draft>): HttpCase {
  return http(base, { label, device: NVR, method: 'GET', path: TOKEN_PATH, headers: authorization === undefined ? [] : [['Authorization', authorization]], fresh: true, expect: 'denied', ...extra });
}

export function tokenValid(r: FuzzRandom, base: Base): HttpCase {
  const full = nvrDigest(r);
  const { qop: _qop, ...noQop } = full;
  const used: DigestSpec = r.chance(0.75) ? full : noQop;
  const fields = validFields(r, used);
  if (r.chance(0.3)) fields.reverse();
  const scheme = r.weighted<string>([[8, 'Digest'], [1, 'digest'], [1, 'DIGEST']]);
  return tokenCase(base, `token valid ${used.qop ? 'qop=auth' : 'no qop'} ${scheme}`, digestText(r, fields, scheme), { digest: used, expect: 'granted', ...(r.chance(0.2) ? { path: `${TOKEN_PATH}?x=1` } : {}) });
}

export function digestBroken(r: FuzzRandom, base: Base): HttpCase {
  const spec = nvrDigest(r);
  const how = r.weighted<string>([
    [4, 'missing-field'], [2, 'algorithm'], [2, 'realm'], [2, 'user'], [2, 'password'], [2, 'uri'], [2, 'uri-mismatch'], [3, 'replayed'],
    [2, 'unknown-nonce'], [3, 'qop'], [3, 'nc'], [1, 'cnonce'], [4, 'syntax'], [1, 'long'], [1, 'scheme'], [1, 'duplicate'], [2, 'weird-values'], [1, 'two-headers'],
  ]);
  const fields = validFields(r, spec);
  const set = (key: string, value: string, quoted = true) => {
    const at = fields.findIndex(([k]) => k === key);
    if (at < 0) fields.push([key, value, quoted]);
    else fields[at] = [key, value, quoted];
  };
  const header = (label: string, extra: Partial<Draft> = {}, list: readonly Field[] = fields) => tokenCase(base, `digest ${label}`, digestText(r, list), { digest: spec, ...extra });
  switch (how) {
    case 'missing-field': {
      const drop = r.pick(['username', 'realm', 'nonce', 'uri', 'response']);
      return header(`without ${drop}`, {}, fields.filter(([k]) => k !== drop));
    }
    case 'algorithm': {
      // The emulator does not look at `algorithm`: a correct SHA-256 answer under another name is counted, not failed.
      set('algorithm', r.pick(['MD5', 'SHA-512-256', 'SHA-256-sess', '', 'sha-256', 'SHA256', 'x'.repeat(200)]), false);
      return header('wrong algorithm', { expect: 'any', lenient: 'digest algorithm other than SHA-256 accepted' });
    }
    case 'realm': {
      const realm = r.pick([CAMERA_REALM, 'TP-LINK nvr', '', ' TP-LINK NVR', 'TP-LINK NVR\u0000']);
      set('realm', realm);
      return header('wrong realm', { digest: { ...spec, realm } });
    }
    case 'user': {
      const user = r.pick(['Admin', 'root', '', 'admin ', 'ADMIN', 'admin\u0000']);
      set('username', user);
      return header('wrong user', { digest: { ...spec, user } });
    }
    case 'password': return header('wrong password', { digest: { ...spec, password: r.pick(['vigi#admin1', 'Old#Pass0', '', 'Vigi#Admin1 ']) } });
    case 'uri': {
      // A response computed over the uri it names: RFC 7616 wants that uri to be the request's.
      const uri = r.pick([DEVICES_PATH, '/', '/openapi/token?x=1', '*', '', 'doAuth']);
      set('uri', uri);
      return header('another uri, consistent response', { digest: { ...spec, uri }, expect: 'any', lenient: 'digest uri other than the request path accepted' });
    }
    case 'uri-mismatch': {
      set('uri', r.pick([DEVICES_PATH, '/', '/openapi/Token']));
      return header('uri not the one the response is over');
    }
    case 'replayed': {
      if (r.chance(0.5)) return tokenCase(base, 'digest replayed header', slot('last-auth'), {});
      set('nonce', slot('used-nonce'));
      return header('used nonce', { digest: { ...spec, over: 'used-nonce' } });
    }
    case 'unknown-nonce': {
      const nonce = r.pick([hex(r, 32), '', hex(r, 31), 'f'.repeat(32)]);
      set('nonce', nonce);
      return header('unknown nonce', { digest: { ...spec, over: { literal: nonce } } });
    }
    case 'qop': {
      // Quoted, so the parser reads the whole value (unquoted, `auth,auth-int` would read as auth).
      const qop = r.pick(['auth-int', '', 'AUTH', 'Auth', 'auth,auth-int', 'none']);
      set('qop', qop, true);
      // The response is over qop=auth, which the header no longer says: no token.
      return header(`qop=${qop}`);
    }
    case 'nc': {
      const nc = r.pick(['zz', '', '0', '00000000', 'ffffffff', '1'.repeat(100), '-1', '0x1']);
      if (r.chance(0.5)) {
        set('nc', nc, false);
        return header(`nc=${nc.slice(0, 12)}, response over 00000001`);
      }
      set('nc', nc, false);
      return header(`nc=${nc.slice(0, 12)}, response over it`, { digest: { ...spec, qop: { nc, cnonce: spec.qop!.cnonce } }, expect: 'any', lenient: 'digest nc not 8 hex digits accepted' });
    }
    case 'cnonce': return header('qop=auth without cnonce', {}, fields.filter(([k]) => k !== 'cnonce'));
    case 'syntax': {
      const text = digestText(r, fields);
      const broken = r.pick([
        () => text.replace(/"/, ''), () => text.replace(/", /g, '",,, '), () => text.replace(/=/g, ' = '), () => text.replace(/"([^"]*)"/, '"$1\\"'),
        () => 'Digest', () => 'Digest ', () => 'Digest ,,,,', () => 'Digest ==', () => `Digest${text.slice(6)}`.replace('Digest ', 'Digest'),
        () => text.replace(/, /g, ' '), () => text.replace(/response="/, 'response=" '), () => `${text}, ${Array.from({ length: 40 }, (_, i) => `x${i}=y`).join(', ')}`,
        () => `Digest ${Array.from({ length: 33 }, (_, i) => `x${i}=y`).join(', ')}, ${text.slice(7)}`, () => text.toUpperCase(), () => text.slice(0, r.int(text.length)),
      ])();
      return tokenCase(base, `digest syntax ${broken.slice(0, 30)}`, broken, { digest: spec, expect: 'any' });
    }
    case 'long': return tokenCase(base, 'digest header over 4096', `${digestText(r, fields)}, x="${'a'.repeat(r.pick([4100, 12_000]))}"`, { digest: spec });
    case 'scheme': return tokenCase(base, 'not Digest', r.pick([`Basic ${Buffer.from('admin:Vigi#Admin1').toString('base64')}`, `Bearer ${slot('access')}`, `Digest2 ${digestText(r, fields).slice(7)}`, `Bearer ${hex(r, 48)}`, '']), { digest: spec });
    case 'duplicate': {
      // The parser keeps the last of a repeated field: bad values first, good ones last, so a token may come.
      const list: Field[] = [['response', hex(r, 64), true], ['nonce', hex(r, 32), true], ...fields];
      return header('duplicate fields', { expect: 'any' }, list);
    }
    case 'weird-values': {
      const key = r.pick(['username', 'realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce']);
      set(key, r.pick([randomText(r, 30).replace(/["\\\r\n]/g, ''), r.string(r.between(1, 8), 'aé€中'), badlyEncoded(r), '%00', '__proto__']));
      return header(`weird ${key}`, { expect: 'any' });
    }
    default: return http(base, {
      label: 'digest two Authorization headers', device: NVR, method: 'GET', path: TOKEN_PATH, fresh: true, digest: spec, expect: 'any',
      headers: r.chance(0.5) ? [['Authorization', `Bearer ${hex(r, 48)}`], ['Authorization', digestText(r, fields)]] : [['Authorization', digestText(r, fields)], ['Authorization', 'Digest x=y']],
    });
  }
}

export function bearer(r: FuzzRandom, base: Base): HttpCase {
  const how = r.weighted<string>([
    [6, 'valid'], [1, 'lower'], [1, 'spaces'], [1, 'pct'], [3, 'garbled'], [2, 'dead'], [1, 'refresh-as-access'], [1, 'bare'], [1, 'junk-after'],
    [1, 'basic'], [1, 'none'], [2, 'garbage'], [1, 'huge'], [1, 'unicode'], [1, 'on-token-path'], [1, 'other-path'],
  ]);
  const value = {
    valid: () => `Bearer ${slot('access')}`, lower: () => `bearer ${slot('access')}`, spaces: () => `Bearer   ${slot('access')}  `, pct: () => `Bearer ${slot('access', 'pct')}`,
    garbled: () => `Bearer ${slot('access', r.pick<SlotMod>(['upper', 'cut', 'flip', 'dup', 'badpct', 'nul']))}`, dead: () => `Bearer ${slot('dead-access')}`,
    'refresh-as-access': () => `Bearer ${slot('refresh')}`, bare: () => r.pick(['Bearer', 'Bearer ', 'Bearer\t']), 'junk-after': () => `Bearer ${slot('access')} junk`,
    basic: () => `Basic ${Buffer.from('admin:Vigi#Admin1').toString('base64')}`, none: () => '', garbage: () => `Bearer ${randomText(r, 60).replace(/[\r\n]/g, '')}`,
    huge: () => `Bearer ${'t'.repeat(r.pick([5000, 12_000]))}`, unicode: () => `Bearer ${r.string(r.between(1, 10), 'é€中文😀')}`,
    'on-token-path': () => `Bearer ${slot('access')}`, 'other-path': () => `Bearer ${slot('access')}`,
  }[how]!();
  const path = how === 'on-token-path' ? TOKEN_PATH : how === 'other-path' ? r.pick(['/openapi/disks', '/openapi/record/list', '/openapi/added_devices/1', '/openapi/added_devices%00']) : r.weighted<string>([[9, DEVICES_PATH], [1, `${DEVICES_PATH}?${r.pick(['x=1', '%zz', 'access_token=x'])}`]]);
  const denied = !['valid', 'lower', 'spaces', 'pct'].includes(how);
  return http(base, {
    label: `bearer ${how} ${path.slice(0, 30)}`, device: NVR, method: 'GET', path, headers: how === 'none' ? [] : [['Authorization', value]],
    // The token path with a Bearer header is a Digest challenge; it never hands out a token.
    expect: denied ? 'denied' : 'any',
  });
}

export function refresh(r: FuzzRandom, base: Base): HttpCase {
  const how = r.weighted<string>([
    [4, 'valid'], [1, 'pct'], [2, 'junk'], [2, 'used'], [1, 'access-as-refresh'], [2, 'garbled'], [1, 'missing'], [1, 'empty'], [1, 'repeated'],
    [1, 'grant-type'], [1, 'huge'], [1, 'bad-escape'], [1, 'with-digest'],
  ]);
  const q = (token: string, grant = 'refresh_token') => `${TOKEN_PATH}?grant_type=${grant}&refresh_token=${token}`;
  const path = {
    valid: () => q(slot('refresh')), pct: () => q(slot('refresh', 'pct')), junk: () => q(encodeURIComponent(randomText(r, 48))), used: () => q(slot('used-refresh')),
    'access-as-refresh': () => q(slot('access')), garbled: () => q(slot('refresh', r.pick<SlotMod>(['upper', 'cut', 'flip', 'dup', 'badpct', 'nul']))),
    missing: () => `${TOKEN_PATH}?grant_type=refresh_token`, empty: () => q(''), repeated: () => `${q(hex(r, 48))}&refresh_token=${slot('refresh')}`,
    'grant-type': () => q(slot('refresh'), r.pick(['REFRESH_TOKEN', 'password', '', 'refresh_token+', 'refresh%5Ftoken', 'refresh_token%00'])),
    huge: () => q('r'.repeat(r.pick([3000, 8000]))), 'bad-escape': () => q(badlyEncoded(r)), 'with-digest': () => q(slot('refresh')),
  }[how]!();
  // `refresh%5Ftoken` decodes to refresh_token: that one is a real refresh.
  const real = ['valid', 'pct', 'with-digest'].includes(how) || path.includes('grant_type=refresh%5Ftoken&');
  return http(base, {
    label: `refresh ${how}`, device: NVR, method: 'GET', path,
    headers: how === 'with-digest' ? [['Authorization', `Digest username="admin", realm="${NVR_REALM}", nonce="${hex(r, 32)}", uri="${TOKEN_PATH}", response="${hex(r, 64)}"`]] : [],
    expect: real ? 'any' : 'denied',
  });
}

export function nvrRoute(r: FuzzRandom, base: Base): HttpCase {
  const wrongMethod = r.chance(0.5);
  const method = wrongMethod ? r.pick(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'LOCK', 'SEARCH', 'PURGE']) : 'GET';
  const path = wrongMethod ? r.pick([TOKEN_PATH, DEVICES_PATH, '/']) : r.pick([
    '/', '/openapi', '/openapi/', `${TOKEN_PATH}/`, '/openapi//token', '/OPENAPI/TOKEN', `${TOKEN_PATH}%00`, '/openapi/%zz', `${DEVICES_PATH}/1`,
    '/openapi/record/list', '/openapi/disks', `/stok=${hex(r, 32)}`, `/openapi/${'x'.repeat(r.pick([100, 8000]))}`, '/openapi/token#x', '/%2e%2e/openapi/token',
  ]);
  const body = r.chance(0.4) ? r.pick([call$('doAuth', null), call$('getStreamPort', {}), brokenJson(r, call$('doAuth', null))]) : undefined;
  return http(base, {
    label: `nvr ${method} ${path.slice(0, 40)}`, device: NVR, method, path,
    headers: [...(body !== undefined ? [JSON_TYPE] : []), ...(r.chance(0.3) ? [['Authorization', `Bearer ${slot('access')}`] as const] : [])],
    ...(body !== undefined ? { body } : {}), expect: 'denied',
  });
}
