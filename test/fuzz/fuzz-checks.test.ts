import t from 'tap';
import { md5Form } from '../../devices/credentials/md5-form.js';
import { checkExchange, haystack, SecretScanner, stackTraceIn } from './reply-checks.js';
import { generateRequest } from './request-generator.js';
import { generateControlRequest } from './control-generator.js';
import { mutateScenario, scenarioSeeds } from './scenario-mutator.js';
import { toJsonText } from './fuzz-values.js';
import { parseOnly } from './fuzz-config.js';

/** The fuzz suite's own detectors and generators, checked on known inputs (a fuzz that sees nothing proves nothing). */

t.test('secrets are found as whole tokens, in URL-encoded replies, unless the request carried them', async (t) => {
  const md5 = md5Form('Vigi#Admin1');
  const scanner = new SecretScanner([md5, 'rue verte', 'rex', '123456']);
  t.equal(scanner.find(haystack(`{"msg":"stored ${md5}"}`), ''), md5);
  t.equal(scanner.find(haystack('{"msg":"answer%20was%20rue%20verte"}'), ''), 'rue verte');
  t.equal(scanner.find(haystack('{"a":"REX"}'), ''), 'REX', 'case-insensitive');
  t.equal(scanner.find(haystack('{"code":"123456"}'), ''), '123456');
  t.equal(scanner.find('{"key":"MIGfMA0rexAB"}', ''), undefined, 'not inside a base64 run');
  t.equal(scanner.find('{"n":"91234567"}', ''), undefined, 'not inside a longer number');
  t.equal(scanner.find('{"msg":"Unknown module rex"}', '{"method":"do","rex":{}}'), undefined, 'an echo of the request is no leak');
});

t.test('stack traces are recognised, echoes of the request are not', async (t) => {
  t.ok(stackTraceIn('TypeError: x is not a function\n    at handle (file:///work/main/protocol/x.ts:12:5)', ''));
  t.ok(stackTraceIn('{"msg":"failed at /work/main/protocol/vigi-web/url-coding.ts:31"}', ''));
  t.notOk(stackTraceIn('{"msg":"Nothing answered at 127.77.0.9:1"}', ''), 'plain English "at" is fine');
  t.notOk(stackTraceIn('{"msg":"Unknown module \\"Error: \\""}', '{"Error: ":1}'), 'an echo is fine');
});

t.test('checkExchange flags a 5xx, a hidden handler failure, a missing error_code and a drop', async (t) => {
  const ctx = { index: 1, label: 'x', method: 'POST', path: '/', garbage: false, raw: false };
  const secrets = new SecretScanner([]);
  const base = { statuses: [], sent: 'POST /\n\n{}', ms: 1 };
  const kinds = (exchange: Parameters<typeof checkExchange>[1]) => checkExchange(ctx, exchange, secrets).map((f) => f.kind);
  t.same(kinds({ ...base, status: 200, statuses: [200], body: '{"error_code":0}' }), []);
  t.same(kinds({ ...base, status: 500, statuses: [500], body: '{"error_code":-1}' }), ['status-5xx']);
  t.same(kinds({ ...base, status: 200, statuses: [200], body: '{"error_code":-40101}' }), ['system-error']);
  t.same(kinds({ ...base, status: 200, statuses: [200], body: '{"ok":true}' }), ['no-error-code']);
  t.same(kinds({ ...base, status: 200, statuses: [200], body: '<html>' }), ['not-json']);
  t.same(kinds({ ...base, status: 404, statuses: [404], body: '{"error":"Not Found"}' }), ['no-error-code']);
  t.same(kinds({ ...base, body: '', error: 'ECONNRESET: socket hang up' }), ['dropped']);
  t.same(checkExchange({ ...ctx, garbage: true }, { ...base, body: '', error: 'ECONNRESET' }, secrets), [], 'transport garbage may be closed');
  t.same(checkExchange({ ...ctx, method: 'get', path: '/' }, { ...base, status: 200, statuses: [200], body: '<!doctype html>' }, secrets), [], 'GET / is the HTML page');
});

t.test('a case is a pure function of (seed, index)', async (t) => {
  const text = (i: number) => {
    const r = generateRequest(7, i);
    return JSON.stringify({ ...r, body: r.body && 'json' in r.body ? toJsonText(r.body.json, (p) => `<${p.constructor.name} ${JSON.stringify(p)}>`) : r.body, rawBytes: r.rawBytes?.toString('hex') });
  };
  for (const i of [0, 1, 500, 9999]) t.equal(text(i), text(i), `device case ${i}`);
  t.not(text(1), text(2));
  const samples = { appQr: 'vigi-reset:1:a:b', supportQr: 'vigi-reset:1:c:d' };
  t.same(generateControlRequest(7, 42, samples), generateControlRequest(7, 42, samples), 'control case');
  const seeds = scenarioSeeds();
  t.same(mutateScenario('7', 42, seeds), mutateScenario('7', 42, seeds), 'scenario case');
});

t.test('FUZZ_ONLY takes indexes and ranges', async (t) => {
  t.same(parseOnly('3,7-9, 12'), [3, 7, 8, 9, 12]);
  t.equal(parseOnly(''), undefined);
  t.throws(() => parseOnly('x'));
});
