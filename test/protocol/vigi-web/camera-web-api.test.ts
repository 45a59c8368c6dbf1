import t from 'tap';
import { webAppFixture } from '../../helpers/web-app-fixture.js';
import { activatedFlash, codeFromMail, PASSWORD, QUESTIONS } from '../../helpers/camera-fixture.js';
import { passwordEnvelope } from '../../../protocol/client/vigi-web-client.js';

t.test('the challenge answers -40401 with key, 8-char nonce, time and max_time, all URL-encoded', async (t) => {
  const { raw } = await webAppFixture();
  const response = await raw('/', '{"method":"do","user_management":{"get_encrypt_info":null}}');
  t.equal(response.status, 200);
  const body = JSON.parse(response.body);
  t.match(body, { error_code: -40401, data: { code: 0, encrypt_type: ['1', '2'], time: 0, max_time: 5 } });
  t.match(body.data.nonce, /^[A-Za-z0-9]{8}$/);
  t.notMatch(body.data.key, /[+/=]/, 'the base64 key travels URL-encoded');
  t.ok(Buffer.from(decodeURIComponent(body.data.key), 'base64').length > 150, 'an SPKI DER RSA-1024 key');
});

t.test('login gives a top-level 32-hex stok and user_group root; the stok opens device_info', async (t) => {
  const { client } = await webAppFixture();
  const reply = await client.login(PASSWORD);
  t.match(reply, { error_code: 0, stok: /^[0-9a-f]{32}$/, user_group: 'root' });
  const info = await client.call({ method: 'get', device_info: { name: ['basic_info'] } });
  t.match(info, { error_code: 0, device_info: { basic_info: { device_model: 'VIGI C340', device_alias: 'Front Door', mac: '40-AE-30-00-00-01' } } });
});

t.test('encrypt_type "1" logs in with the bare MD5 form', async (t) => {
  const { client } = await webAppFixture();
  t.match(await client.call({ method: 'do', login: { username: 'admin', password: 'C6540324DA511B742986E0C6B85CF0DC', passwdType: 'md5', encrypt_type: '1' } }), { error_code: 0 });
});

t.test('failed logins rise in data.time, then lock with -40404 and sec_left', async (t) => {
  const { client } = await webAppFixture();
  for (let i = 1; i <= 4; i++) t.match(await client.login('wrong'), { error_code: -40401, data: { time: i, max_time: 5 } });
  t.match(await client.login('wrong'), { error_code: -40404, data: { code: -40404, sec_left: 1800 } });
  t.match(await client.challenge(), { code: -40404, sec_left: 1800 });
});

t.test('a reused nonce is -40410; an unknown or expired stok is -40401', async (t) => {
  const { client, clock } = await webAppFixture();
  const { key, nonce } = await client.challenge();
  const password = passwordEnvelope(key, PASSWORD, nonce);
  t.match(await client.call({ method: 'do', login: { username: 'admin', password, passwdType: 'md5', encrypt_type: '2' } }), { error_code: 0 });
  t.match(await client.call({ method: 'do', login: { username: 'admin', password, passwdType: 'md5', encrypt_type: '2' } }), { error_code: -40410 });
  t.match(await client.call({ method: 'get', device_info: { name: 'basic_info' } }, '0'.repeat(32)), { error_code: -40401 });
  clock.advance(31 * 60_000);
  t.match(await client.call({ method: 'get', device_info: { name: 'basic_info' } }), { error_code: -40401 });
});

t.test('change_user_info changes the password with a session, both envelopes under one challenge', async (t) => {
  const { client } = await webAppFixture();
  const change = async (oldPw: string, newPw: string, sameNonce = true) => {
    const first = await client.challenge();
    const second = sameNonce ? first : await client.challenge();
    return client.call({ method: 'do', user_management: { change_user_info: {
      old_passwd: passwordEnvelope(first.key, oldPw, first.nonce), new_passwd: passwordEnvelope(second.key, newPw, second.nonce), encrypt_type: '2' } } });
  };
  t.match(await change(PASSWORD, 'Changed#1'), { error_code: -40401 }, 'needs a session');
  await client.login(PASSWORD);
  t.match(await change(PASSWORD, 'Changed#1', false), { error_code: -40410 });
  t.match(await change('wrong', 'Changed#1'), { error_code: -50925 });
  t.match(await change(PASSWORD, 'Changed#1'), { error_code: 0 });
  t.match(await client.login(PASSWORD), { error_code: -40401 });
  t.match(await client.login('Changed#1'), { error_code: 0 });
});

t.test('logout ends the session', async (t) => {
  const { client } = await webAppFixture();
  await client.login(PASSWORD);
  t.match(await client.call({ method: 'do', system: { logout: null } }), { error_code: 0 });
  t.match(await client.call({ method: 'get', device_info: { name: 'basic_info' } }), { error_code: -40401 });
  t.match(await client.call({ method: 'do', system: { logout: null } }, null), { error_code: -40401 }, 'pre-auth there is nothing to log out of');
});

t.test('unknown modules are -40106; device_info needs a session', async (t) => {
  const { client } = await webAppFixture();
  t.match(await client.call({ method: 'get', no_such_module: {} }), { error_code: -40106 });
  t.match(await client.call({ method: 'get', device_info: { name: ['basic_info'] } }), { error_code: -40401 });
});

t.test('activation over the wire, then every method works', async (t) => {
  const { client, mailer } = await webAppFixture({ status: 'factory-fresh' });
  t.match(await client.challenge(), { code: -40405 });
  t.match(await client.login(PASSWORD), { error_code: -40405 });
  t.match(await client.activate({ password: 'First#Pass1', resetEmail: 'owner+cam@example.test', questions: QUESTIONS }), { error_code: 0 });
  t.match(await client.activate({ password: 'again' }), { error_code: -50932 });
  t.match(await client.forget('get_methods'), { error_code: 0, forget_password: { methods: ['email', 'sec_question', 'tech_support'], reset_pwd_email: 'o***m@example.test', internet: '1' } });
  t.match(await client.forget('send_verification_code'), { error_code: 0 });
  t.equal(mailer.sent[0]?.to, 'owner+cam@example.test', 'the + survives URL-encoding');
  t.match(await client.login('First#Pass1'), { error_code: 0 });
});

t.test('reset by email over the wire: old password and old stoks stop working', async (t) => {
  const { client, mailer } = await webAppFixture();
  await client.login(PASSWORD);
  const oldStok = client.stok;
  t.match(await client.forget('send_verification_code'), { error_code: 0, forget_password: { reset_pwd_email: 'o***r@example.test', expire_in: 600 } });
  const check = await client.forget('verification_code_check', { verify_code: codeFromMail(mailer) });
  t.match(check, { error_code: 0, forget_password: { reset_token: /^[0-9a-f]{32}$/, expire_in: 600 } });
  t.match(await client.resetPassword(String((check.forget_password as { reset_token: string }).reset_token), 'Brand#New2'), { error_code: 0 });
  t.match(await client.login(PASSWORD), { error_code: -40401 });
  t.match(await client.call({ method: 'get', device_info: { name: 'basic_info' } }, oldStok ?? null), { error_code: -40401 });
  t.match(await client.login('Brand#New2'), { error_code: 0 });
});

t.test('reset by security questions over the wire, reached with a session too (camera already added)', async (t) => {
  const { client } = await webAppFixture();
  await client.login(PASSWORD);
  t.match(await client.forget('get_sec_questions', null, true), { error_code: 0, forget_password: { sec_question_1: QUESTIONS[0]!.question } });
  const check = await client.forget('sec_answer_check', { sec_answer_1: 'rex', sec_answer_2: 'Elm Street', sec_answer_3: 'ms smith' }, true);
  t.match(check, { error_code: 0 });
  t.match(await client.resetPassword(String((check.forget_password as { reset_token: string }).reset_token), 'Other#Pass3'), { error_code: 0 });
  t.match(await client.login('Other#Pass3'), { error_code: 0 });
});

t.test('without internet, Send Code answers the app QR with its PNG; the cloud mails the code', async (t) => {
  const { client, cloud, mailer } = await webAppFixture(activatedFlash(), { internet: false });
  const reply = await client.forget('send_verification_code');
  t.match(reply, { error_code: -51218, data: { qrcode: /^vigi-reset:1:/, qrcode_png: /^[A-Za-z0-9+/]+=*$/, expire_in: 600 } });
  const qrcode = (reply.data as { qrcode: string }).qrcode;
  t.match(await cloud.scanAppQr(qrcode), { maskedTo: 'o***r@example.test' });
  const check = await client.forget('verification_code_check', { verify_code: codeFromMail(mailer) });
  t.match(check, { error_code: 0 });
});

t.test('support QR over the wire: PNG, 300 s, the agent code gives a token', async (t) => {
  const { client, cloud, clock } = await webAppFixture(activatedFlash({}));
  t.match(await client.forget('send_verification_code'), { error_code: -51291 });
  t.match(await client.forget('get_sec_questions'), { error_code: -50936 });
  const qr = await client.forget('get_support_qrcode');
  t.match(qr, { error_code: 0, forget_password: { expire_in: 300, qrcode_png: /^[A-Za-z0-9+/]+=*$/ } });
  clock.advance(299_000);
  const agent = cloud.supportCode((qr.forget_password as { qrcode: string }).qrcode);
  t.match(await client.forget('support_code_check', { verify_code: (agent as { code: string }).code }), { error_code: 0 });
});

t.test('bad input gets vendor codes and HTTP 200/4xx, never a 5xx', async (t) => {
  const { raw, client } = await webAppFixture();
  const cases: [string, string, number][] = [
    ['not JSON', '{"method":', -40210],
    ['empty body', '', -40210],
    ['an array', '[1,2]', -40210],
    ['no method', '{"login":{}}', -40210],
    ['bad method', '{"method":"explode","login":{}}', -40210],
    ['two modules', '{"method":"do","login":{},"system":{}}', -40210],
    ['bad URL-encoding', '{"method":"do","login":{"username":"%E0%A4%A","password":"x"}}', -40210],
    ['wrong type', '{"method":"do","login":{"username":5,"password":"x"}}', -40209],
    ['missing field', '{"method":"do","login":{"username":"admin"}}', -40211],
    ['unknown action', '{"method":"do","forget_password":{"open_sesame":null}}', -40105],
    ['params not an object', '{"method":"do","forget_password":{"verification_code_check":"123456"}}', -40209],
    ['undecryptable envelope', '{"method":"do","login":{"username":"admin","password":"AAAA","encrypt_type":"2"}}', -40401],
    ['prototype key', '{"method":"do","forget_password":{"__proto__":null}}', -40210],
    ['constructor action', '{"method":"do","forget_password":{"constructor":null}}', -40105],
  ];
  for (const [why, body, code] of cases) {
    const response = await raw('/', body);
    t.equal(response.status, 200, `${why}: HTTP 200`);
    t.match(JSON.parse(response.body), { error_code: code }, why);
  }
  const huge = await raw('/', JSON.stringify({ method: 'do', login: { username: 'x'.repeat(200_000) } }));
  t.equal(huge.status, 413);
  t.match(JSON.parse(huge.body), { error_code: -40210 });
  const other = await raw('/cgi-bin/nothing', '{}');
  t.equal(other.status, 404);
  const plain = await raw('/', '{"method":"do","user_management":{"get_encrypt_info":null}}', { 'content-type': 'text/plain' });
  t.match(JSON.parse(plain.body), { error_code: -40401 }, 'any content type is read as JSON');
  t.match(await client.login(PASSWORD), { error_code: 0 }, 'and the device still works');
});

t.test('a request for an address with no device is 404 with a vendor-style code', async (t) => {
  const { app } = await webAppFixture();
  const response = await app.inject({ method: 'POST', url: '/', payload: '{}', headers: { host: '127.77.9.9:8443' } });
  t.equal(response.statusCode, 404);
  t.match(JSON.parse(response.body), { error_code: -51294 });
});

t.test('found by fuzzing: deep nesting, lone surrogates and unroutable paths get vendor codes', async (t) => {
  const { raw, app } = await webAppFixture();
  const deep = `{"method":"do","forget_password":{"get_sec_questions":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
  t.match(JSON.parse((await raw('/', deep)).body), { error_code: -40210 }, 'deep nesting is a format error, not -40101');
  t.match(JSON.parse((await raw('/', '{"method":"do","forget_password":{"get_methods\\ud800":null}}')).body), { error_code: -40105 }, 'a lone surrogate in a name');
  const badPath = await app.inject({ method: 'POST', url: '/%', payload: '{}', headers: { host: '127.77.0.1:8443' } });
  t.equal(badPath.statusCode, 400);
  t.match(JSON.parse(badPath.body), { error_code: -40210 });
});
