import t, { type Test } from 'tap';
import { decodeWireStrings, encodeWireStrings, stringifyWire } from '../../../protocol/vigi-web/url-coding.js';

/**
 * stringifyWire is the one-pass form of JSON.stringify(encodeWireStrings(value)) that devices
 * send replies with: it must give the same text for any value, odd ones included.
 */
const same = (t: Test, value: unknown, what: string) =>
  t.equal(stringifyWire(value), JSON.stringify(encodeWireStrings(value)), what);

t.test('a challenge reply, with its long key remembered and asked again', async (t) => {
  const key = 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC+/x'.repeat(5);
  const reply = { error_code: -40401, data: { code: 0, encrypt_type: ['1', '2'], key, nonce: 'K3vQ9xZa', time: 0, max_time: 5 } };
  same(t, reply, 'first time');
  same(t, reply, 'from the memo');
  t.match(stringifyWire(reply), /"key":"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC%2B%2Fx/, 'URL-encoded');
});

t.test('odd values: surrogates, escapes, numbers, holes, undefined, functions, dates, depth', async (t) => {
  const values: [unknown, string][] = [
    [{ a: 'Front Door', b: 'owner+cam@example.test', c: 'é😀', d: '"\\\n\u0000\u2028' }, 'strings to encode'],
    [{ lone: '\uD800x', trail: 'x\uDC00' }, 'lone surrogates in values'],
    [{ '\uD800': 1, '\uFFFD': 2 }, 'a key that needs repair, colliding once repaired'],
    [{ n: [NaN, Infinity, -0, 1.5e300, -7] }, 'numbers JSON cannot say'],
    [[1, , 3], 'an array with a hole'],
    [{ a: undefined, b: [undefined], c: () => 1, d: Symbol('s'), e: 10n }, 'undefined, functions, symbols, bigints'],
    [{ when: new Date(0), map: new Map([[1, 2]]) }, 'objects without own fields'],
    [{ 2: 'b', 1: 'a', z: 'z', y: 'y' }, 'key order'],
    [Object.assign(Object.create({ inherited: 1 }), { own: 2 }), 'inherited fields left out'],
    [null, 'null'],
    [undefined, 'undefined'],
    ['top', 'a bare string'],
    [true, 'a boolean'],
  ];
  for (const [value, what] of values) same(t, value, what);
  let deep: unknown = 'leaf';
  for (let i = 0; i < 40; i++) deep = i % 2 ? [deep, i] : { inner: deep, i };
  same(t, deep, 'nesting past the depth limit');
});

t.test('decoding: strings without escapes pass as they are; a bad escape or deep nesting is named by its path', async (t) => {
  t.same(decodeWireStrings({ method: 'do', login: { username: 'admin', password: 'a%2Bb%3D', n: [1, 'Front%20Door', null] } }),
    { ok: true, value: { method: 'do', login: { username: 'admin', password: 'a+b=', n: [1, 'Front Door', null] } } });
  t.same(decodeWireStrings({ a: { b: ['ok', '%E9'] } }), { ok: false, path: 'a.b[1]' });
  t.same(decodeWireStrings('%'), { ok: false, path: '(root)' });
  let deep: unknown = 'x';
  for (let i = 0; i < 40; i++) deep = { d: deep };
  t.match(decodeWireStrings(deep), { ok: false, tooDeep: true, path: /^d\.d\./ });
});
