import t from 'tap';
import { subsetMismatch } from '../../../protocol/suite-runner/subset-match.js';
import { MissingCapture, substitute } from '../../../protocol/suite-runner/placeholders.js';
import { at, capture } from '../../../protocol/suite-runner/captures.js';
import { printable } from '../../../protocol/suite-runner/step-result.js';

/** The pure parts of a suite step: expectations, placeholders and captures. */

t.test('expect is a subset match: partial objects, array prefixes, /regex/ strings, strict equality', async (t) => {
  const reply = { error_code: 0, forget_password: { reset_token: 'ab12', expire_in: 600 }, list: [{ a: 1, b: 2 }, { a: 3 }], n: 42 };
  t.equal(subsetMismatch({ error_code: 0 }, reply), undefined);
  t.equal(subsetMismatch({ forget_password: { reset_token: '/^[0-9a-f]+$/' } }, reply), undefined);
  t.equal(subsetMismatch({ list: [{ a: 1 }] }, reply), undefined, 'arrays match as a prefix, elements partially');
  t.equal(subsetMismatch({ n: '/^4\\d$/' }, reply), undefined, 'a regex is tried on a number\'s text');
  t.equal(subsetMismatch({}, reply), undefined);

  t.match(subsetMismatch({ error_code: -40401 }, reply), { path: 'error_code', expected: -40401, actual: 0, why: 'expected -40401, got 0' });
  t.match(subsetMismatch({ list: [{ a: 1 }, { a: 4 }] }, reply), { path: 'list[1].a', why: 'expected 4, got 3' });
  t.match(subsetMismatch({ list: [{}, {}, {}] }, reply), { path: 'list', why: 'expected at least 3 elements, got 2' });
  t.match(subsetMismatch({ forget_password: { missing: 'x' } }, reply), { path: 'forget_password.missing', why: 'expected "x", got nothing' });
  t.match(subsetMismatch({ n: '42' }, reply), { path: 'n' }, 'no type coercion');
  t.match(subsetMismatch({ forget_password: '/^x/' }, reply), { why: /expected a value matching \/\^x\//, path: 'forget_password' });
  t.match(subsetMismatch({ n: { a: 1 } }, reply), { why: 'expected an object, got 42' });
  t.match(subsetMismatch({ n: [1] }, reply), { why: 'expected an array, got 42' });
  t.equal(subsetMismatch('/path/', '/path/'), undefined, 'a regex string also matches itself when it should');
  t.equal(subsetMismatch(null, null), undefined);
});

t.test('placeholders: deep, whole values keep their type, missing ones throw', async (t) => {
  const captures = new Map<string, unknown>([['token', 'ab12'], ['id', 3], ['list', ['x']]]);
  t.same(
    substitute({ a: '${token}', b: ['x-${token}-y', { c: '${id}' }], d: 'id ${id}', e: 5, f: null, g: '${list}' }, captures),
    { a: 'ab12', b: ['x-ab12-y', { c: 3 }], d: 'id 3', e: 5, f: null, g: ['x'] },
  );
  t.same(substitute('no placeholders, $ and {} alone', captures), 'no placeholders, $ and {} alone');
  t.throws(() => substitute({ a: '${code}' }, captures), new MissingCapture('code', ['token', 'id', 'list']));
  t.throws(() => substitute('${code}', new Map()), { message: 'no capture named "code" (nothing was captured yet)' });
});

t.test('captures: dotted paths (array indexes too), /regex/ with one group over a mail\'s text', async (t) => {
  t.equal(at({ chm: { added_dev: [{ chn_1: { id: '1' } }] } }, 'chm.added_dev.0.chn_1.id'), '1');
  t.equal(at({ a: 1 }, 'a.b'), undefined);

  const fromReply = capture({ token: 'forget_password.reset_token' }, { forget_password: { reset_token: 'ab12' } });
  t.same(fromReply, { ok: true, values: new Map([['token', 'ab12']]) });
  const fromMail = capture({ code: '/\\b(\\d{6})\\b/' }, { received: true, text: 'Your code is 123456.', html: '<b>654321</b>' });
  t.same(fromMail, { ok: true, values: new Map([['code', '123456']]) }, 'the text, not the HTML');

  t.same(capture({ token: 'nope.nothing' }, { a: 1 }), { ok: false, message: 'capture token: the reply has nothing at "nope.nothing"' });
  t.same(capture({ code: '/(\\d{6})/' }, { text: 'no code here' }), { ok: false, message: 'capture code: /(\\d{6})/ does not match the mail\'s text' });
  t.same(capture({ code: '/\\d{6}/' }, { text: '123456' }), { ok: false, message: 'capture code: /\\d{6}/ needs one group, (...), around the value to keep' });
  t.same(capture({ id: '/"id":"(\\d+)"/' }, { chm: { id: '7' } }), { ok: true, values: new Map([['id', '7']]) }, 'a regex over any other reply searches its JSON');
  t.same(capture(undefined, {}), { ok: true, values: new Map() });
});

t.test('printable: long strings (QR PNGs, keys) are cut for reports', async (t) => {
  const png = 'A'.repeat(4000);
  t.same(printable({ data: { qrcode_png: png, qrcode: 'short' }, list: [png] }), {
    data: { qrcode_png: `${'A'.repeat(48)}… (4000 characters)`, qrcode: 'short' },
    list: [`${'A'.repeat(48)}… (4000 characters)`],
  });
});
