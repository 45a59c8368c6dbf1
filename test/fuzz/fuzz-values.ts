import { ALNUM, PRINTABLE, UNICODE, type FuzzRandom } from './fuzz-random.js';

/**
 * Adversarial JSON values for fuzzing: every JSON type, edge numbers, huge and badly
 * URL-encoded strings, unicode, prototype keys, deep nesting. Values are built in *wire* form
 * (strings already URL-encoded where a real client would encode them), so a bad %-escape
 * reaches the server exactly as generated.
 */

/** A piece of JSON text spliced in verbatim (e.g. `1e999`, `"\ud800"`, 20,000 nested arrays). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object with an own key such as `__proto__`, which a literal cannot create. */
export function objectWith(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Serialises a value tree (RawJson spliced in, own `__proto__` keys kept). Depth is bounded by the generator. */
export function toJsonText(value: unknown, resolve: (placeholder: object) => unknown = () => null): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJsonText(item, resolve)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return toJsonText(resolve(value), resolve);
    return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key], resolve)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const BAD_ESCAPES = ['%', '%%', '%zz', '%4', 'abc%', '%E0%A4%A', '%C0%80', '%ED%A0%80', '%FF', '%F0%9F%98', 'ok%2', '%u0041', '%0', '100%'];
const ODD_STRINGS = [
  '', ' ', '  admin  ', 'null', 'undefined', 'true', 'NaN', 'Infinity', '-0', '1e999', '0x10', '[object Object]',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '<script>alert(1)</script>', "' OR 1=1 --",
  '../../../../etc/passwd', '%s%s%n', '${jndi:ldap://127.0.0.1/x}', '{{7*7}}', 'admin\u0000', '\u0000', 'ADMIN', 'admin ',
  '000000', '123456', '12345', '1234567', '12345a', ' 123456 ', '１２３４５６', '-1', '1.5', '2', '1', '0',
];

/** A string in wire form: URL-encoded, or (sometimes) deliberately not, or with a bad escape. */
export function wireString(r: FuzzRandom, plain: string): string {
  return r.chance(0.1) ? plain.replace(/%/g, '') : encodeURIComponent(plain);
}

export function randomText(r: FuzzRandom, maxLength = 40): string {
  return r.string(r.between(0, maxLength), r.chance(0.3) ? UNICODE + ALNUM : PRINTABLE);
}

/** A large string: up to ~100 KB, some over the device's 64 KiB body limit. */
export function hugeString(r: FuzzRandom): string {
  // 60,000 stays under the limit with the rest of a body; 66,000 and 100,000 do not.
  const size = r.pick([1024, 4096, 16_384, 40_000, 60_000, 66_000, 100_000]);
  return r.chance(0.7) ? r.pick(['A', '%41', '7', ' ']).repeat(size) : r.string(size, ALNUM);
}

/** A string with a bad %-escape somewhere (invalid for decodeURIComponent). */
export function badlyEncoded(r: FuzzRandom): string {
  const bad = r.pick(BAD_ESCAPES);
  const around = encodeURIComponent(randomText(r, 8));
  return r.pick([bad, `${around}${bad}`, `${bad}${around}`, `${around}${bad}${around}`]);
}

export function weirdNumber(r: FuzzRandom): unknown {
  return r.pick<unknown>([
    0, -1, 1, 2, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324, 123456, 65536, 443,
    new RawJson('1e999'), new RawJson('-1e999'), new RawJson('1E-400'), new RawJson('-0'), new RawJson('1.0000000000000000000000001'),
    new RawJson('123456789012345678901234567890'),
  ]);
}

/** Deeply nested arrays or objects as raw text: `[[[…]]]`, up to ~30,000 levels (under the body limit). */
export function deepNesting(r: FuzzRandom, maxDepth = 30_000): RawJson {
  const depth = r.pick([64, 512, 2000, 8000, maxDepth]);
  if (r.chance(0.5)) return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** Any adversarial JSON value; `depth` bounds nesting of generated containers. */
export function weirdValue(r: FuzzRandom, depth = 0): unknown {
  const kind = r.weighted<string>([
    [6, 'null'], [4, 'bool'], [10, 'number'], [10, 'odd-string'], [8, 'random-string'], [6, 'bad-escape'],
    [5, 'unicode'], [3, 'lone-surrogate'], [2, 'huge-string'], [8, 'array'], [8, 'object'], [5, 'proto-object'],
    [1, 'deep'],
  ]);
  switch (kind) {
    case 'null': return null;
    case 'bool': return r.chance(0.5);
    case 'number': return weirdNumber(r);
    case 'odd-string': return wireString(r, r.pick(ODD_STRINGS));
    case 'random-string': return wireString(r, randomText(r));
    case 'bad-escape': return badlyEncoded(r);
    case 'unicode': return r.chance(0.5) ? r.string(r.between(1, 12), UNICODE) : encodeURIComponent(r.string(r.between(1, 12), UNICODE));
    case 'lone-surrogate': return new RawJson(r.pick(['"\\ud800"', '"\\udfff"', '"a\\ud83d"', '"\\udc00b"', '"%ED%A0%80\\ud800"']));
    // Bodies stay around the brief's ~100 KB: huge strings only at the top, long lists only of small values.
    case 'huge-string': return depth === 0 ? hugeString(r) : randomText(r, 200);
    case 'array': return depth > 3 ? [] : r.chance(0.15) ? Array.from({ length: r.pick([100, 1000]) }, () => r.pick<unknown>([1, null, 'x', true, {}])) : Array.from({ length: r.pick([0, 1, 2, 5]) }, () => weirdValue(r, depth + 1));
    case 'object': return depth > 3 ? {} : Object.fromEntries(Array.from({ length: r.between(0, 4) }, () => [r.pick(['a', 'name', 'ip', 'id', 'uuid', 'password', '', ' ', '%zz', '0', 'length']), weirdValue(r, depth + 1)]));
    case 'proto-object': return protoObject(r, depth);
    default: return depth === 0 ? deepNesting(r) : new RawJson('[[[[[[[[[[]]]]]]]]]]');
  }
}

/** Objects with the keys that trouble JavaScript: `__proto__` (null or an object), `constructor`, `toString`... */
export function protoObject(r: FuzzRandom, depth = 0): Record<string, unknown> {
  const key = r.pick(['__proto__', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']);
  const value = r.pick<unknown>([null, {}, { polluted: 'yes', username: 'admin', error_code: 0 }, 'x', 1, [], depth > 2 ? null : objectWith([['prototype', { polluted: 'yes' }]])]);
  return objectWith([[key, value], ...(r.chance(0.5) ? [[r.pick(['a', 'ip', 'password']), 'x'] as const] : [])]);
}
