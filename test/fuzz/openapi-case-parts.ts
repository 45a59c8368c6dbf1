import { FuzzRandom, PRINTABLE } from './fuzz-random.js';
import { toJsonText } from './fuzz-values.js';
import { CAMERAS, REAL_PASSWORD, type DeviceId } from './device-actions.js';
import { detectionTypes } from '../../devices/camera/camera-detection.js';
import { CAMERA_REALM, DO_AUTH_METHOD, DO_AUTH_URI } from '../../devices/openapi/camera-openapi.js';
import { ADMIN_USER, NVR_REALM } from '../../devices/openapi/nvr-openapi.js';

/**
 * The parts the OpenAPI fuzz's case generators share (openapi-generator.ts for the cameras,
 * transport garbage and the control plane; openapi-nvr-cases.ts for the NVR): the case types,
 * slots for what only the running emulator knows, paths and digests, and the HTTP case builder.
 */

export type SlotName =
  | 'stok' | 'other-stok' | 'dead-stok' | 'nonce' | 'used-nonce' | 'response'
  | 'access' | 'refresh' | 'dead-access' | 'used-refresh' | 'last-auth';
export type SlotMod = 'pct' | 'upper' | 'cut' | 'flip' | 'dup' | 'badpct' | 'nul' | 'space';

/** `⟦stok⟧`, `⟦stok|upper⟧`, `⟦access|pct⟧`… (⟦ and ⟧ are in none of the fuzz alphabets). */
export const SLOT = /⟦([a-z-]+)((?:\|[a-z]+)*)⟧/g;

export function slot(name: SlotName, ...mods: SlotMod[]): string {
  return `⟦${[name, ...mods].join('|')}⟧`;
}

/** What a slot's modifiers do to its value: garbled forms are never the value itself; `pct` decodes back to it. */
export function applyMods(value: string, mods: readonly string[]): string {
  let out = value;
  for (const mod of mods) {
    if (mod === 'pct') out = [...Buffer.from(out, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    else if (mod === 'upper') out = out.toUpperCase() === out ? `${out}X` : out.toUpperCase();
    else if (mod === 'cut') out = out.slice(0, -1);
    else if (mod === 'flip') out = `${out.slice(0, -1)}${out.endsWith('0') ? '1' : '0'}`;
    else if (mod === 'dup') out = `${out}${out}`;
    else if (mod === 'badpct') out = `${out}%zz`;
    else if (mod === 'nul') out = `${out}%00`;
    else if (mod === 'space') out = `${out} `;
  }
  return out;
}

/** How the test computes `⟦response⟧`: SHA-256 digest (openapi-digest.ts) over which nonce. */
export interface DigestSpec {
  readonly user: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly qop?: { readonly nc: string; readonly cnonce: string };
  /** The nonce the response is computed over: the case's fresh one, a used one, or a literal. */
  readonly over: 'nonce' | 'used-nonce' | { readonly literal: string };
}

export type Expect = 'denied' | 'granted' | 'any';

interface CaseBase {
  readonly index: number;
  readonly family: Family;
  readonly label: string;
}

/** A request on a TLS connection of its own to the device's OpenAPI port. */
export interface HttpCase extends CaseBase {
  readonly action: 'http';
  readonly device: DeviceId;
  readonly method: string;
  /** May hold slots. */
  readonly path: string;
  /** In order, duplicates allowed; values may hold slots. The test adds `Host` and the framing. */
  readonly headers: readonly (readonly [string, string])[];
  /** May hold slots (a string); framed with Content-Length unless `chunks`. */
  readonly body?: string | Buffer;
  /** Send the body chunked, in this many pieces. */
  readonly chunks?: number;
  /** Fetch a fresh challenge nonce from the device first (for `⟦nonce⟧`). */
  readonly fresh?: boolean;
  readonly digest?: DigestSpec;
  readonly expect: Expect;
  /** A stream that opens is read for this long after its first part, then closed. */
  readonly holdMs?: number;
  /** After a success, set this switch method back `on` (the run leaves every push switch on). */
  readonly restoreSwitch?: string;
  /** A success here shows a leniency worth counting (e.g. the digest `uri` is not the request's). */
  readonly lenient?: string;
  /** Deliberately not well-formed HTTP: a bare 4xx or a close is fine. */
  readonly garbage: boolean;
}

/** Bytes on a TLS connection (or plain TCP to the TLS port): half-closed, must be answered or closed within 5 s. */
export interface RawCase extends CaseBase {
  readonly action: 'raw';
  readonly device: DeviceId;
  readonly bytes: Buffer;
  readonly tls: boolean;
  /** Written under the TLS layer after `bytes`: a record the server cannot decrypt, an alert... */
  readonly corrupt?: Buffer;
}

/** `POST /__sim/devices/<id>/detections` on the control plane. */
export interface DetectCase extends CaseBase {
  readonly action: 'detect';
  readonly device: string;
  readonly body: string;
}

/** `POST /__sim/clock/advance`. */
export interface ClockCase extends CaseBase {
  readonly action: 'clock';
  readonly ms: number;
}

export type OpenApiCase = HttpCase | RawCase | DetectCase | ClockCase;

export type Family =
  | 'doauth-valid' | 'doauth-challenge' | 'doauth-broken' | 'call' | 'switch' | 'subscribe' | 'camera-route' | 'camera-body' | 'oversized'
  | 'token-valid' | 'digest-broken' | 'bearer' | 'refresh' | 'nvr-route' | 'raw' | 'detect' | 'clock';


export const JSON_TYPE = ['Content-Type', 'application/json'] as const;
export const TOKEN_PATH = '/openapi/token';
export const DEVICES_PATH = '/openapi/added_devices';
export const SWITCH_KINDS = detectionTypes.map((t) => t.replace(/Detection$/, ''));

export const cameraDigest: DigestSpec = { user: ADMIN_USER, realm: CAMERA_REALM, password: REAL_PASSWORD, method: DO_AUTH_METHOD, uri: DO_AUTH_URI, over: 'nonce' };
export const nvrDigest = (r: FuzzRandom): DigestSpec => ({
  user: ADMIN_USER, realm: NVR_REALM, password: REAL_PASSWORD, method: 'GET', uri: TOKEN_PATH, over: 'nonce',
  qop: { nc: '00000001', cnonce: r.string(16, '0123456789abcdef') },
});

export const hex = (r: FuzzRandom, length: number) => r.string(length, '0123456789abcdef');

export type Base = { readonly index: number; readonly family: Family };
export type Draft = Omit<HttpCase, 'index' | 'family' | 'action' | 'garbage' | 'headers' | 'method'> & Partial<Pick<HttpCase, 'garbage' | 'headers' | 'method'>>;

/**
 * A request line or header the HTTP parser must refuse (a control character in a header, a
 * byte outside visible ASCII in the path) makes the case transport garbage.
 */
export function http(base: Base, draft: Draft): HttpCase {
  const out: HttpCase = { ...base, action: 'http', method: 'POST', headers: [JSON_TYPE], garbage: false, ...draft };
  const badPath = /[^\x21-\x7e]/.test(out.path.replace(SLOT, ''));
  const badHeader = out.headers.some(([, value]) => /[\x00-\x08\x0a-\x1f\x7f]/.test(value));
  return badPath || badHeader ? { ...out, garbage: true } : out;
}

export const camera = (r: FuzzRandom): DeviceId => r.pick(CAMERAS);
export const call$ = (method: unknown, params?: unknown): string => toJsonText(params === undefined ? { method } : { method, params });

export function brokenJson(r: FuzzRandom, text: string): string {
  const at = r.int(text.length + 1);
  const how = r.pick(['truncate', 'delete', 'insert', 'replace', 'twice', 'append', 'bom', 'single-quotes', 'trailing-comma', 'comment', 'literal', 'unquoted-keys', 'bad-escape', 'control-char', 'empty', 'whitespace', 'scalar', 'leading-zero', 'lone-surrogate', 'nul']);
  switch (how) {
    case 'truncate': return text.slice(0, at);
    case 'delete': return text.slice(0, at) + text.slice(at + 1);
    case 'insert': return text.slice(0, at) + r.pick(['{', '}', '[', ']', '"', ',', ':', '\\', "'", '\u0000', 'x']) + text.slice(at);
    case 'replace': return text.slice(0, at) + r.string(1, PRINTABLE) + text.slice(at + 1);
    case 'twice': return text + text;
    case 'append': return text + r.pick(['garbage', '}', ']', '\u0000', '\n\n{"method":"doAuth"}', ' ']);
    case 'bom': return `\ufeff${text}`;
    case 'single-quotes': return text.replace(/"/g, "'");
    case 'trailing-comma': return text.replace(/}$/, ',}');
    case 'comment': return `/* c */${text}// end`;
    case 'literal': return text.replace(/null|\{\}/, r.pick(['NaN', 'undefined', 'Infinity', '-Infinity', 'None']));
    case 'unquoted-keys': return text.replace(/"([a-z_]+)":/gi, '$1:');
    case 'bad-escape': return text.replace(/"(doAuth|getStreamPort|subscribeMsg)"/, r.pick(['"d\\o"', '"\\x64o"', '"\\u00"', '"\\ud800\\u"']));
    case 'control-char': return text.replace(/"(doAuth|getStreamPort|subscribeMsg)"/, '"do\nAuth"');
    case 'empty': return '';
    case 'whitespace': return r.pick([' ', '\n\t\r ', '\u00a0', '\u2028']);
    case 'scalar': return r.pick(['null', 'true', '0', '"doAuth"', '[]', '[{}]', '{}', '-', '""', '1e999', '[{"method":"doAuth","params":null}]']);
    case 'leading-zero': return text.replace(/^\{/, '{"n":0012,');
    case 'lone-surrogate': return text.replace(/"(doAuth|getStreamPort|subscribeMsg)"/, r.pick(['"\\ud800"', '"getStreamPort\\udfff"', '"\\udc00doAuth"']));
    default: return text.replace(/"method"/, '"meth\u0000od"');
  }
}
