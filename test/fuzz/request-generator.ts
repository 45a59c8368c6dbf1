import { FuzzRandom, ALNUM, PRINTABLE } from './fuzz-random.js';
import { badlyEncoded, deepNesting, hugeString, objectWith, protoObject, RawJson, randomText, toJsonText, weirdValue } from './fuzz-values.js';
import {
  ACTIONS, actionsFor, CAMERAS, Envelope, envelopeBody, isPlaceholder, keepAddListOnLoopback, NVR, REAL_PASSWORD,
  type ActionSpec, type DeviceId,
} from './device-actions.js';

/**
 * Seeded generator of malformed and adversarial requests to the VIGI web API of the emulated
 * cameras and NVR. Request `index` of seed `seed` is a pure function of both (its own
 * SeededRng stream), so `FUZZ_SEED=<seed> FUZZ_ONLY=<index>` replays it alone.
 *
 * Families: wrong types at every field of every action, plausible-but-wrong requests, valid
 * requests (real logins, live stoks) interleaved so the state machines run, broken JSON,
 * random bytes, unknown modules/actions/methods, bad URL-encoding, odd paths, odd HTTP
 * methods, wrong content types, huge and deeply nested bodies, chunked bodies, and raw
 * transport-level garbage on plain TCP and TLS.
 */

/** How the fuzz client fills `{stok}` in a path. */
export type StokKind = 'live' | 'dead' | 'other-device';

export interface FuzzRequest {
  readonly index: number;
  /** Family and detail, e.g. `wrong-type login.password`. */
  readonly label: string;
  readonly device: DeviceId;
  readonly scheme: 'http' | 'https';
  /**
   * `agent`: a pooled keep-alive connection. `fresh`: a connection of its own, for requests the
   * server may answer and then close (oversized, `Connection: close`, unknown HTTP methods).
   * `raw`: bytes written to a socket (plain TCP, or TLS when `rawTls`), for transport garbage.
   */
  readonly transport: 'agent' | 'fresh' | 'raw';
  readonly method: string;
  /** May contain `{stok}`. */
  readonly path: string;
  readonly stok?: StokKind;
  readonly headers: Readonly<Record<string, string>>;
  /** A value tree (placeholders resolved by the client) or exact text or bytes. */
  readonly body?: { readonly json: unknown } | { readonly text: string } | { readonly bytes: Buffer };
  /** Send the body in this many chunks (Transfer-Encoding: chunked). */
  readonly chunks?: number;
  readonly rawBytes?: Buffer;
  readonly rawTls?: boolean;
  /**
   * Transport-level garbage: the server may answer 4xx without a JSON body, or close the
   * connection, and both are fine. Counted apart from the rest.
   */
  readonly garbage: boolean;
  /** What a success does to the client's sessions. */
  readonly effect?: 'login' | 'logout';
}

type Family =
  | 'wrong-type' | 'plausible' | 'valid' | 'broken-json' | 'random-bytes' | 'unknown' | 'bad-encoding'
  | 'odd-path' | 'odd-method' | 'content-type' | 'huge' | 'deep' | 'raw';

const FAMILIES: readonly (readonly [number, Family])[] = [
  [30, 'wrong-type'], [8, 'plausible'], [14, 'valid'], [9, 'broken-json'], [5, 'random-bytes'], [8, 'unknown'],
  [5, 'bad-encoding'], [7, 'odd-path'], [5, 'odd-method'], [4, 'content-type'], [2, 'huge'], [1, 'deep'], [2, 'raw'],
];

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=UTF-8', 'X-Requested-With': 'XMLHttpRequest' };
const STOK_PATH = '/stok={stok}/ds';

interface Draft {
  label: string;
  device: DeviceId;
  method: string;
  path: string;
  stok?: StokKind;
  headers: Record<string, string>;
  body?: NonNullable<FuzzRequest['body']>;
  transport: FuzzRequest['transport'];
  garbage: boolean;
  effect?: 'login' | 'logout';
  rawBytes?: Buffer;
  rawTls?: boolean;
}

export function generateRequest(seed: string | number, index: number): FuzzRequest {
  const r = new FuzzRandom(`${seed}/${index}`);
  const device = r.weighted<DeviceId>([[16, 'cam-front'], [10, 'cam-garage'], [10, 'cam-lobby'], [12, 'cam-backyard'], [30, NVR]]);
  const scheme = r.chance(0.5) ? 'https' : 'http';
  const family = r.weighted(FAMILIES);
  const draft = build(r, family, device);
  const chunkable = draft.transport !== 'raw' && draft.body !== undefined && r.chance(0.1);
  return {
    index, scheme, ...draft, label: `${family} ${draft.label}`,
    ...(chunkable ? { chunks: r.between(2, 6) } : {}),
  };
}

function build(r: FuzzRandom, family: Family, device: DeviceId): Draft {
  switch (family) {
    case 'wrong-type': return wrongType(r, device);
    case 'plausible': return plausible(r, device);
    case 'valid': return valid(r, device);
    case 'broken-json': return brokenJson(r, device);
    case 'random-bytes': return randomBytes(r, device);
    case 'unknown': return unknown(r, device);
    case 'bad-encoding': return badEncoding(r, device);
    case 'odd-path': return oddPath(r, device);
    case 'odd-method': return oddMethod(r, device);
    case 'content-type': return contentType(r, device);
    case 'huge': return huge(r, device);
    case 'deep': return deep(r, device);
    case 'raw': return raw(r, device);
  }
}

/** Where an action is sent: mostly where it belongs, sometimes not (pre-auth with a stok, authenticated without). */
function route(r: FuzzRandom, action: ActionSpec | undefined): { path: string; stok?: StokKind } {
  const wantsStok = action ? (action.preAuth ? r.chance(0.25) : r.chance(0.92)) : r.chance(0.5);
  if (!wantsStok) return { path: '/' };
  const kind = r.weighted<StokKind | 'garbage'>([[80, 'live'], [8, 'dead'], [6, 'other-device'], [6, 'garbage']]);
  if (kind === 'garbage') return { path: `/stok=${r.pick([r.string(32, '0123456789abcdef'), r.string(32, 'ABCDEF0123456789'), r.string(r.between(1, 64), ALNUM), '0'])}/ds` };
  return { path: STOK_PATH, stok: kind };
}

function pickAction(r: FuzzRandom, device: DeviceId): ActionSpec {
  return r.pick(actionsFor(device));
}

function jsonDraft(label: string, device: DeviceId, body: unknown, where: { path: string; stok?: StokKind }, extra: Partial<Draft> = {}): Draft {
  return { label, device, method: 'POST', ...where, headers: { ...JSON_HEADERS }, body: { json: body }, transport: 'agent', garbage: false, ...extra };
}

// ---- wrong types at every field -------------------------------------------------------------

/** Paths to every field of a params tree (into device_list entries too), e.g. ['device_list', 0, 'port']. */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || isPlaceholder(value) || value instanceof RawJson) return [];
  const out: (string | number)[][] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path, ...fieldPaths(inner, path));
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown, remove: boolean): void {
  let node: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

function wrongType(r: FuzzRandom, device: DeviceId): Draft {
  const action = pickAction(r, device);
  let params: unknown = action.params(r, device) ?? {};
  let label = action.id;
  const paths = fieldPaths(params);
  const how = r.weighted<string>([[60, 'field'], [10, 'remove'], [8, 'extra'], [12, 'params'], [6, 'two-fields'], [4, 'action-value']]);
  if ((how === 'field' || how === 'remove' || how === 'two-fields') && paths.length > 0) {
    const rounds = how === 'two-fields' ? 2 : 1;
    for (let i = 0; i < rounds; i++) {
      const path = r.pick(fieldPaths(params).length ? fieldPaths(params) : paths);
      setAt(params as Record<string, unknown>, path, weirdValue(r), how === 'remove');
      label += ` ${how === 'remove' ? '-' : ''}${path.join('.')}`;
    }
  } else if (how === 'extra') {
    const key = r.pick(['__proto__', 'constructor', 'extra', '', 'error_code', 'stok', 'password', '%zz']);
    setAt(params as Record<string, unknown>, [key], weirdValue(r), false);
    label += ` +${key}`;
  } else {
    params = weirdValue(r);
    label += ' params';
  }
  keepAddListOnLoopback(params);
  const body = how === 'action-value' && action.action !== undefined
    ? { method: action.method, [action.module]: r.chance(0.5) ? weirdValue(r) : { [action.action]: params, [r.pick(['x', action.action.toUpperCase()])]: null } }
    : envelopeBody(action, params);
  const methodSwap = r.chance(0.05);
  if (methodSwap) body.method = weirdValue(r);
  return jsonDraft(`${label}${methodSwap ? ' method' : ''}`, device, body, route(r, action));
}

// ---- plausible (right types, wrong secrets) and valid ----------------------------------------

function plausible(r: FuzzRandom, device: DeviceId): Draft {
  const action = pickAction(r, device);
  const params = action.params(r, device);
  keepAddListOnLoopback(params);
  const method = r.chance(0.05) ? r.pick(['get', 'set', 'add', 'delete', 'forward', 'do']) : action.method;
  return jsonDraft(action.id, device, envelopeBody(action, params, method), route(r, action));
}

function find(id: string): ActionSpec {
  const action = ACTIONS.find((a) => a.id === id);
  if (!action) throw new Error(`no action ${id}`);
  return action;
}

function valid(r: FuzzRandom, device: DeviceId): Draft {
  const camera = device !== NVR ? device : r.pick(CAMERAS);
  const kind = r.weighted<string>([
    [30, 'login'], [10, 'challenge'], [12, 'device_info'], [10, 'table'], [10, 'forget'], [3, 'logout'], [6, 'relay'], [3, 'discovery'],
  ]);
  const live = { path: STOK_PATH, stok: 'live' as const };
  switch (kind) {
    case 'login': {
      const target = r.chance(0.3) ? NVR : camera;
      const password = new Envelope({ device: target, password: REAL_PASSWORD, nonce: 'fresh', staleNonce: '', encode: true });
      const body = { method: 'do', login: { username: 'admin', password, passwdType: 'md5', encrypt_type: '2' } };
      return jsonDraft('login (real password)', target, body, { path: '/' }, { effect: 'login' });
    }
    case 'challenge': return jsonDraft('challenge', device, { method: 'do', user_management: { get_encrypt_info: null } }, { path: '/' });
    case 'device_info': return jsonDraft('device_info', device, { method: 'get', device_info: { name: ['basic_info'] } }, live);
    case 'table': return jsonDraft('chm.added_dev', NVR, { method: 'get', chm: { table: 'added_dev' } }, live);
    case 'forget': {
      const action = r.pick(['get_methods', 'get_sec_questions', 'get_support_qrcode', 'send_verification_code', 'get_methods']);
      return jsonDraft(`forget_password.${action}`, camera, { method: 'do', forget_password: { [action]: null } }, r.chance(0.8) ? { path: '/' } : live);
    }
    case 'logout': return jsonDraft('system.logout', device, { method: 'do', system: { logout: null } }, live, { effect: 'logout' });
    case 'relay': {
      const action = r.pick(['chm_get_forget_methods', 'chm_get_adding_dev_sec_question', 'chm_get_support_qrcode']);
      return jsonDraft(`chm.${action}`, NVR, { method: 'do', chm: { [action]: find(`chm.${action}`).params(r, NVR) } }, live);
    }
    default: return jsonDraft('chm.chm_device_discovery', NVR, { method: 'do', chm: { chm_device_discovery: null } }, live);
  }
}

// ---- text-level damage -----------------------------------------------------------------------

/** The JSON text of a plausible request, placeholders replaced by plain strings. */
function plausibleText(r: FuzzRandom, device: DeviceId): { text: string; action: ActionSpec } {
  const action = pickAction(r, device);
  const text = toJsonText(envelopeBody(action, action.params(r, device)), () => 'x');
  return { text, action };
}

function brokenJson(r: FuzzRandom, device: DeviceId): Draft {
  const { text, action } = plausibleText(r, device);
  const at = r.int(text.length + 1);
  const how = r.weighted<string>([
    [10, 'truncate'], [8, 'delete-char'], [8, 'insert-char'], [6, 'replace-char'], [3, 'twice'], [3, 'append'], [3, 'bom'],
    [3, 'single-quotes'], [3, 'trailing-comma'], [2, 'comment'], [2, 'literal'], [2, 'unquoted-keys'], [2, 'bad-escape'],
    [2, 'control-char'], [2, 'empty'], [2, 'whitespace'], [2, 'scalar'], [2, 'duplicate-key'], [1, 'leading-zero'],
  ]);
  const damaged: Record<string, () => string> = {
    truncate: () => text.slice(0, at),
    'delete-char': () => text.slice(0, at) + text.slice(at + 1),
    'insert-char': () => text.slice(0, at) + r.pick(['{', '}', '[', ']', '"', ',', ':', '\\', "'", '\u0000', 'x']) + text.slice(at),
    'replace-char': () => text.slice(0, at) + r.string(1, PRINTABLE) + text.slice(at + 1),
    twice: () => text + text,
    append: () => text + r.pick(['garbage', '}', ']', '\u0000', '\n\n{"method":"do"}', ' ']),
    bom: () => `\ufeff${text}`,
    'single-quotes': () => text.replace(/"/g, "'"),
    'trailing-comma': () => text.replace(/}$/, ',}'),
    comment: () => `/* c */${text}// end`,
    literal: () => text.replace(/null|"2"/, r.pick(['NaN', 'undefined', 'Infinity', '-Infinity', 'None', 'nil'])),
    'unquoted-keys': () => text.replace(/"([a-z_]+)":/g, '$1:'),
    'bad-escape': () => text.replace(/"do"|"get"/, r.pick(['"d\\o"', '"\\x64o"', '"\\u00"', '"\\ud800\\u"'])),
    'control-char': () => text.replace(/"do"|"get"/, '"d\no"'),
    empty: () => '',
    whitespace: () => r.pick([' ', '\n\t\r ', '\u00a0', '\u2028']),
    scalar: () => r.pick(['null', 'true', '0', '"do"', '[]', '[{}]', '{}', '-', '""', '1e999']),
    'duplicate-key': () => text.replace(/^\{/, `{"method":"${r.pick(['get', 'nope', 'do'])}",`),
    'leading-zero': () => text.replace(/^\{/, '{"n":0012,'),
  };
  return jsonText(`${how} ${action.id}`, device, damaged[how]!(), route(r, action));
}

function jsonText(label: string, device: DeviceId, text: string, where: { path: string; stok?: StokKind }, extra: Partial<Draft> = {}): Draft {
  return { label, device, method: 'POST', ...where, headers: { ...JSON_HEADERS }, body: { text }, transport: 'agent', garbage: false, ...extra };
}

function randomBytes(r: FuzzRandom, device: DeviceId): Draft {
  const size = r.pick([0, 1, 2, 16, 256, 4096, 30_000, 65_000]);
  const headers: Record<string, string> = { ...JSON_HEADERS, 'Content-Type': contentTypeValue(r) ?? 'application/octet-stream' };
  return { label: `${size} bytes`, device, method: 'POST', ...route(r, undefined), headers, body: { bytes: r.bytes(size) }, transport: 'agent', garbage: false };
}

// ---- unknown modules, actions and methods ------------------------------------------------------

function unknown(r: FuzzRandom, device: DeviceId): Draft {
  const how = r.weighted<string>([[25, 'module'], [20, 'action'], [15, 'method'], [10, 'module-count'], [10, 'top-level'], [8, 'no-method'], [7, 'proto-module'], [5, 'surrogate-key']]);
  const action = pickAction(r, device);
  const params = action.params(r, device);
  keepAddListOnLoopback(params);
  const where = route(r, action);
  const name = () => r.pick(['foo', 'chm', 'forget_password', 'LOGIN', 'login ', 'Login', '', ' ', 'user%5Fmanagement', 'device_info.basic_info', 'system', 'openapi', 'firmware', 'network', randomText(r, 16), 'a'.repeat(r.pick([100, 5000]))]);
  switch (how) {
    case 'module': { const m = name(); return jsonDraft(`module "${m.slice(0, 20)}"`, device, { method: r.pick(['do', 'get', 'set']), [m]: r.chance(0.5) ? {} : params }, where); }
    case 'action': {
      const module = r.pick(['user_management', 'forget_password', 'chm', 'system', 'login', 'device_info']);
      const a = r.pick(['foo', 'logout', 'login', 'get_encrypt_info ', 'GET_METHODS', 'chm_del_dev', '', 'toString', 'constructor', 'hasOwnProperty', randomText(r, 12)]);
      return jsonDraft(`action ${module}.${a.slice(0, 20)}`, device, { method: r.pick(['do', 'do', 'get']), [module]: objectWith([[a, r.chance(0.5) ? null : weirdValue(r)]]) }, where);
    }
    case 'method': { const m = r.pick<unknown>(['DO', 'post', 'remove', '', ' do', 'do ', 'd%6F', 'forward', 'multi', 1, null, true, ['do'], {}, 'get%00']); return jsonDraft(`method ${JSON.stringify(m)}`, device, envelopeBody(action, params, m as string), where); }
    case 'module-count': {
      const count = r.pick([0, 2, 3]);
      const body: Record<string, unknown> = { method: action.method };
      for (const a of [action, ...Array.from({ length: 3 }, () => pickAction(r, device))].slice(0, count)) body[a.module] = a.action ? { [a.action]: null } : {};
      return jsonDraft(`${count} modules`, device, body, where);
    }
    case 'top-level': return jsonDraft('top-level', device, r.pick<unknown>([[], [envelopeBody(action, null)], 'do', 1, null, true, 0]), where);
    case 'no-method': { const body = envelopeBody(action, params); delete body.method; return jsonDraft(`no method ${action.id}`, device, body, where); }
    case 'proto-module': return jsonDraft('prototype keys', device, objectWith([['method', 'do'], ...Object.entries(protoObject(r))]), where);
    default: return jsonText('lone surrogate key', device, r.pick(['{"method":"do","\\ud800":{}}', '{"method":"do","login\\udfff":null}', '{"method":"do","user_management":{"\\ud83d":null}}', '{"method":"do","forget_password":{"get_methods\\ud800":null}}']), where);
  }
}

function badEncoding(r: FuzzRandom, device: DeviceId): Draft {
  const action = pickAction(r, device);
  const params = action.params(r, device) ?? {};
  const paths = fieldPaths(params);
  const body = envelopeBody(action, params);
  let label = action.id;
  if (paths.length > 0 && r.chance(0.8)) {
    const path = r.pick(paths);
    setAt(params, path, badlyEncoded(r), false);
    label += ` ${path.join('.')}`;
  } else {
    body.method = r.pick(['d%6', '%64o', 'do%', '%zz']);
    label += ' method';
  }
  keepAddListOnLoopback(params);
  return jsonDraft(label, device, body, route(r, action));
}

// ---- HTTP-level oddities ---------------------------------------------------------------------

const ODD_PATHS = [
  '/stok=/ds', '/stok={stok}/ds/', '/stok={stok}', '/stok={stok}/ds?x=1', '/?stok=abc', '//', '/../', '/..%2f', '/%2e%2e/', '/stok=%00/ds',
  '/stok=%zz/ds', '/stok=%/ds', '/stok={stok}/ds/../../', '/%', '/%%', '/index.html', '/cgi-bin/luci', '/__sim/health', '/stok={stok}/admin',
  '/ds', '/stok=../ds', '/STOK={stok}/DS', '/stok={stok}/ds;x', '/stok={stok}%2Fds', '/?', '/#frag', '/stok={stok}/ds#x', '/stok=%7Bstok%7D/ds',
  '/stok={stok}/ds/stok={stok}/ds', '/stok=a/b/ds', '/./', '/stok={stok}/./ds', '/%2F', '/?%zz', '/?a=%E0%A4%A', '/stok=\u00e9/ds',
];

function oddPath(r: FuzzRandom, device: DeviceId): Draft {
  const action = pickAction(r, device);
  const params = action.params(r, device);
  keepAddListOnLoopback(params);
  const long = r.chance(0.15);
  const size = r.pick([1000, 4000, 8000, 20_000]);
  let path = long ? r.pick([`/${'a'.repeat(size)}`, `/stok=${'a'.repeat(size)}/ds`, `/?q=${'%41'.repeat(size / 3)}`]) : r.pick(ODD_PATHS);
  if (path.includes('\u00e9')) path = path.replace('\u00e9', encodeURIComponent('\u00e9'));
  // Past Node's 16 KiB header limit the server answers 431 and closes: transport level.
  const tooLong = long && size > 16_000;
  return jsonDraft(`${path.slice(0, 40)}${long ? `(${path.length})` : ''}`, device, envelopeBody(action, params), { path, ...(path.includes('{stok}') ? { stok: 'live' as const } : {}) }, tooLong ? { transport: 'fresh', garbage: true } : {});
}

const KNOWN_METHODS = ['GET', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'MKCOL', 'PURGE', 'COPY', 'MOVE'];

function oddMethod(r: FuzzRandom, device: DeviceId): Draft {
  const unknownToken = r.chance(0.12);
  const method = unknownToken ? r.pick(['FOO', 'get', 'POSTX', 'CONNECT', 'PRI']) : r.pick(KNOWN_METHODS);
  const where = r.chance(0.5) ? { path: '/' } : { path: STOK_PATH, stok: 'live' as const };
  const withBody = method !== 'HEAD' && method !== 'CONNECT' && r.chance(0.6);
  const { text } = plausibleText(r, device);
  // Unknown method tokens are a parse error for Node's HTTP parser: 400 and close.
  return {
    label: `${method} ${where.path}${withBody ? ' +body' : ''}`, device, method, ...where, headers: { ...JSON_HEADERS },
    ...(withBody ? { body: { text } } : {}), transport: unknownToken ? 'fresh' : 'agent', garbage: unknownToken,
  };
}

function contentTypeValue(r: FuzzRandom): string | undefined {
  return r.pick([
    undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'application/octet-stream',
    'text/html', '*/*', 'application/json; charset=utf-16', 'application/json; charset=latin1', ';;;', 'a/b/c', 'application/xml', ' ',
    'application/json; boundary="', 'x'.repeat(2000), 'application/json;charset=', 'APPLICATION/JSON', 'application/vnd.api+json', 'text/plain; charset=unknown-8bit',
  ]);
}

function contentType(r: FuzzRandom, device: DeviceId): Draft {
  const { text, action } = plausibleText(r, device);
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  const type = contentTypeValue(r);
  if (type !== undefined) headers['Content-Type'] = type;
  const extra = r.weighted<string>([[30, 'none'], [8, 'gzip'], [8, 'expect'], [6, 'host'], [6, 'close'], [6, 'cookie'], [4, 'upgrade'], [5, 'long-header'], [5, 'many-headers']]);
  let transport: Draft['transport'] = 'agent';
  let garbage = false;
  switch (extra) {
    case 'gzip': headers['Content-Encoding'] = r.pick(['gzip', 'deflate', 'br', 'identity, gzip']); break;
    case 'expect': headers.Expect = r.pick(['100-continue', '200-ok']); transport = 'fresh'; garbage = headers.Expect !== '100-continue'; break;
    case 'host': headers.Host = r.pick(['127.77.0.250', 'example.test', '', 'a'.repeat(300), '[::1]:1', '127.77.0.1:99999']); break;
    case 'close': headers.Connection = 'close'; transport = 'fresh'; break;
    case 'cookie': headers.Cookie = `stok=${'a'.repeat(32)}; ${r.string(40, ALNUM)}=1`; break;
    // No upgrade handler on the device server: Node may close the connection.
    case 'upgrade': headers.Connection = 'Upgrade'; headers.Upgrade = 'websocket'; transport = 'fresh'; garbage = true; break;
    case 'long-header': headers['X-Fuzz'] = 'v'.repeat(r.pick([1000, 8000, 17_000])); if (headers['X-Fuzz'].length > 16_000) { transport = 'fresh'; garbage = true; } break;
    case 'many-headers': for (let i = 0; i < r.pick([50, 200]); i++) headers[`X-Fuzz-${i}`] = String(i); break;
    default: break;
  }
  return { label: `${type ?? '(none)'} ${extra} ${action.id}`.slice(0, 80), device, method: 'POST', ...route(r, action), headers, body: { text }, transport, garbage };
}

function huge(r: FuzzRandom, device: DeviceId): Draft {
  const action = pickAction(r, device);
  const params = action.params(r, device) ?? {};
  const how = r.weighted<string>([[5, 'field'], [2, 'padding'], [2, 'many-keys'], [2, 'long-array']]);
  let body: unknown;
  let label = how;
  if (how === 'field') {
    const paths = fieldPaths(params);
    const value = hugeString(r);
    if (paths.length > 0) setAt(params, r.pick(paths), value, false);
    else setAt(params, ['huge'], value, false);
    keepAddListOnLoopback(params);
    body = envelopeBody(action, params);
    label += ` ${value.length}`;
  } else if (how === 'padding') {
    body = new RawJson(`${' '.repeat(r.pick([1000, 60_000, 70_000]))}${toJsonText(envelopeBody(action, null), () => 'x')}`);
  } else if (how === 'many-keys') {
    body = envelopeBody(action, Object.fromEntries(Array.from({ length: r.pick([1000, 5000]) }, (_, i) => [`k${i}`, i])));
  } else {
    body = envelopeBody(action, { device_list: Array.from({ length: r.pick([65, 1000, 8000]) }, () => 1), ids: Array.from({ length: 2000 }, (_, i) => String(i)) });
  }
  const size = toJsonText(body, () => 'x'.repeat(200)).length;
  // Over the 64 KiB body limit: 413 with -40210, then the server may close the connection.
  const over = size > 64 * 1024;
  return jsonDraft(`${label} ${action.id} ~${size}B`, device, body, route(r, action), over ? { transport: 'fresh', garbage: true } : {});
}

function deep(r: FuzzRandom, device: DeviceId): Draft {
  const action = pickAction(r, device);
  const nested = deepNesting(r);
  const how = r.pick(['params', 'field', 'body']);
  if (how === 'body') return jsonDraft(`body ${nested.text.length}B`, device, nested, route(r, action));
  const params = action.params(r, device) ?? {};
  if (how === 'field') {
    const paths = fieldPaths(params);
    setAt(params, paths.length ? r.pick(paths) : ['deep'], nested, false);
    keepAddListOnLoopback(params);
    return jsonDraft(`field ${action.id} ${nested.text.length}B`, device, envelopeBody(action, params), route(r, action));
  }
  return jsonDraft(`params ${action.id} ${nested.text.length}B`, device, envelopeBody(action, nested), route(r, action));
}

// ---- raw transport garbage -------------------------------------------------------------------

function raw(r: FuzzRandom, device: DeviceId): Draft {
  const body = '{"method":"do","user_management":{"get_encrypt_info":null}}';
  const ok = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const cases: Record<string, () => Buffer | string> = {
    'random-bytes': () => r.bytes(r.pick([1, 10, 100, 2000])),
    'no-http': () => 'hello\r\n\r\n',
    'bad-header': () => 'POST / HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n',
    'bad-version': () => `POST / HTTP/${r.pick(['9.9', '1.x', '0.9', '2.0', ''])}\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`,
    'bad-length': () => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${r.pick(['-1', 'abc', '1e3', '99999999999999999999', '2, 3'])}\r\n\r\n{}`,
    'two-lengths': () => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 60\r\n\r\n{}`,
    'bad-chunk': () => `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${r.pick(['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}', 'ffffffffffffffffff\r\n', '-1\r\n'])}`,
    smuggling: () => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n`,
    'short-body': () => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"method":`,
    'huge-header': () => `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    'raw-bytes-path': () => Buffer.concat([Buffer.from('POST /stok=\u00e9\u0000 /ds HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')]),
    'space-path': () => 'POST /a b HTTP/1.1\r\nHost: x\r\n\r\n',
    pipelined: () => `${ok}${r.pick(['GARBAGE\r\n\r\n', ok, '\u0000\u0001'])}`,
    http10: () => `POST / HTTP/1.0\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    connect: () => 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n',
    upgrade: () => 'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    h2: () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    'lf-only': () => `POST / HTTP/1.1\nHost: x\nContent-Length: ${body.length}\n\n${body}`,
    'obs-fold': () => `POST / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nContent-Length: 2\r\n\r\n{}`,
    'nul-header': () => 'POST / HTTP/1.1\r\nHost: x\u0000y\r\nContent-Length: 2\r\n\r\n{}',
  };
  const name = r.pick(Object.keys(cases));
  const bytes = cases[name]!();
  // On the HTTPS port: sometimes the garbage goes inside TLS, sometimes plain bytes hit the TLS listener.
  const rawTls = r.chance(0.6);
  return { label: `${name}${rawTls ? '' : ' (no TLS)'}`, device, method: 'RAW', path: '', headers: {}, transport: 'raw', garbage: true, rawBytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), rawTls };
}

