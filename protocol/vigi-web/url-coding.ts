/**
 * Every JSON string value on the VIGI web API is URL-encoded (encodeURIComponent), in both
 * directions (research/vigi-wire-facts.md §1.3): "Front Door" travels as "Front%20Door".
 * Keys are not encoded; numbers, booleans and null pass as they are.
 */
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

/** Deeper than any real request nests; deeper input is refused before it can exhaust the stack. */
export const MAX_WIRE_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any UTF-16 surrogate at all: text without one (nearly all) needs no repair. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** encodeURIComponent throws on a lone surrogate (which a client may send us): make it U+FFFD. */
function wellFormed(text: string): string {
  return ANY_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text;
}

export function encodeWireStrings(value: unknown, depth = 0): WireValue {
  if (typeof value === 'string') return encodeURIComponent(wellFormed(value));
  if (depth > MAX_WIRE_DEPTH) return null;
  if (Array.isArray(value)) return value.map((inner) => encodeWireStrings(inner, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) out[wellFormed(key)] = encodeWireStrings(inner, depth + 1);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return null;
}

/** Decodes every string; a malformed escape (or nesting past MAX_WIRE_DEPTH) is reported with its path. */
export function decodeWireStrings(value: unknown): { ok: true; value: unknown } | { ok: false; path: string; tooDeep?: true } {
  // Every request comes through here: decode without building paths, and find the path of a
  // failure only when there is one.
  const decoded = decodeFast(value, 0);
  return decoded === FAILED ? decodeWithPath(value, '', 0) : { ok: true, value: decoded };
}

const FAILED: unique symbol = Symbol('undecodable');

function decodeFast(value: unknown, depth: number): unknown {
  if (depth > MAX_WIRE_DEPTH) return FAILED;
  if (typeof value === 'string') {
    if (value.indexOf('%') < 0) return value;
    try {
      return decodeURIComponent(value);
    } catch {
      return FAILED;
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const inner of value) {
      const decoded = decodeFast(inner, depth + 1);
      if (decoded === FAILED) return FAILED;
      out.push(decoded);
    }
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const decoded = decodeFast((value as Record<string, unknown>)[key], depth + 1);
      if (decoded === FAILED) return FAILED;
      out[key] = decoded;
    }
    return out;
  }
  return value;
}

function decodeWithPath(value: unknown, path: string, depth: number): { ok: true; value: unknown } | { ok: false; path: string; tooDeep?: true } {
  if (depth > MAX_WIRE_DEPTH) return { ok: false, path: path || '(root)', tooDeep: true };
  if (typeof value === 'string') {
    try {
      return { ok: true, value: decodeURIComponent(value) };
    } catch {
      return { ok: false, path: path || '(root)' };
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, inner] of value.entries()) {
      const decoded = decodeWithPath(inner, `${path}[${i}]`, depth + 1);
      if (!decoded.ok) return decoded;
      out.push(decoded.value);
    }
    return { ok: true, value: out };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const decoded = decodeWithPath(inner, path ? `${path}.${key}` : key, depth + 1);
      if (!decoded.ok) return decoded;
      out[key] = decoded.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

/**
 * `JSON.stringify(encodeWireStrings(value))` in one pass, without building the encoded copy:
 * what a device sends on every reply. encodeURIComponent's output needs no JSON escaping, so a
 * string goes out as `"` + its encoding + `"`. Long strings that repeat reply after reply (a
 * device's challenge key) are encoded once and remembered (a bounded memo of public reply text).
 */
export function stringifyWire(value: unknown): string {
  // A key that needs surrogate repair could collide with another once repaired: the slow path
  // keeps encodeWireStrings' last-one-wins. No key of ours needs it.
  return wireJson(value, 0) ?? JSON.stringify(encodeWireStrings(value));
}

const MEMO_MIN_LENGTH = 64;
const MEMO_MAX_LENGTH = 1024;
const MEMO_ENTRIES = 4096;
const encodedMemo = new Map<string, string>();

function encodeReplyString(text: string): string {
  if (text.length < MEMO_MIN_LENGTH || text.length > MEMO_MAX_LENGTH) return encodeURIComponent(wellFormed(text));
  let encoded = encodedMemo.get(text);
  if (encoded === undefined) {
    encoded = encodeURIComponent(wellFormed(text));
    if (encodedMemo.size >= MEMO_ENTRIES) encodedMemo.clear();
    encodedMemo.set(text, encoded);
  }
  return encoded;
}

/** The JSON text, or undefined when a key needs repair (then the caller takes the slow path). */
function wireJson(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return `"${encodeReplyString(value)}"`;
  if (depth > MAX_WIRE_DEPTH) return 'null';
  if (typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || typeof value !== 'object') return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const inner = wireJson(value[i], depth + 1);
      if (inner === undefined) return undefined;
      out += i === 0 ? inner : `,${inner}`;
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    if (ANY_SURROGATE.test(key)) return undefined;
    const inner = wireJson(field, depth + 1);
    if (inner === undefined) return undefined;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${inner}`;
    first = false;
  }
  return `${out}}`;
}
