import t from 'tap';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/**
 * The acceptance walk on real sockets: HTTPS to each camera's own loopback address,
 * real SMTP into the embedded sink, and the control plane over HTTP.
 */
const PASSWORD = 'Vigi#Admin1';
const fx = await startTestEmulator();
t.teardown(() => fx.emulator.close());

const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1] ?? '';
const newestMailTo = async (to: string) => {
  const mails = (await fx.control('GET', '/__sim/mail')).body as { to: string; from: string; text: string; html: string }[];
  return mails.find((mail) => mail.to === to);
};
const decodeQr = (base64: string) => {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  // jsqr is CommonJS: under NodeNext its callable export is `.default`.
  return jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
};

t.test('health is ready and lists every device with its own address', async (t) => {
  const health = await fx.control('GET', '/__sim/health');
  t.match(health, { status: 200, body: { status: 'ready', devices: 5 } });
  const devices = (await fx.control('GET', '/__sim/devices')).body as { id: string; ip: string }[];
  t.same(devices.map((d) => d.id), ['cam-front', 'cam-garage', 'cam-lobby', 'cam-backyard', 'nvr-main']);
  t.equal(new Set(devices.map((d) => d.ip)).size, 5);
  t.match(devices[0], { kind: 'camera', model: 'C540V', mac: '40-AE-30-00-00-01', activated: true, power: 'on', faults: [] });
});

t.test('activate a factory-fresh camera with an email and three questions, then log in', async (t) => {
  t.match(await fx.control('POST', '/__sim/devices/cam-backyard/factory-reset'), { status: 200, body: { activated: false } });
  const cam = fx.client('cam-backyard');
  t.match(await cam.challenge(), { code: -40405 });
  const questions = [
    { question: 'First pet?', answer: 'Rex' },
    { question: 'Birth city?', answer: 'Lyon' },
    { question: 'Favourite film?', answer: 'Alien' },
  ];
  t.match(await cam.activate({ password: 'Yard#Pass1', resetEmail: 'yard@example.test', questions }), { error_code: 0 });
  t.match(await cam.login('Yard#Pass1'), { error_code: 0, stok: /^[0-9a-f]{32}$/, user_group: 'root' });
  t.match(await cam.call({ method: 'get', device_info: { name: ['basic_info'] } }), { error_code: 0, device_info: { basic_info: { device_model: 'C250' } } });
});

t.test('the same API answers on plain HTTP', async (t) => {
  t.match(await fx.client('cam-front', 'http').login(PASSWORD), { error_code: 0 });
});

t.test('repeated failures lock the login with -40404 and sec_left', async (t) => {
  // cam-backyard is on no NVR, so nobody else's failed logins count against it.
  const cam = fx.client('cam-backyard');
  for (let i = 1; i <= 4; i++) t.match(await cam.login('wrong'), { error_code: -40401, data: { time: i, max_time: 5 } });
  t.match(await cam.login('wrong'), { error_code: -40404, data: { sec_left: 1800 } });
  t.match(await cam.login('Yard#Pass1'), { error_code: -40404 }, 'the right password waits for the lock');
  await fx.control('POST', '/__sim/clock/advance', { ms: 1800_000 });
  t.match(await cam.login('Yard#Pass1'), { error_code: 0 }, 'the lock passes on the virtual clock');
});

t.test('reset by security questions; the old password and the old stok stop working', async (t) => {
  const cam = fx.client('cam-lobby');
  await cam.login(PASSWORD);
  const oldStok = cam.stok ?? null;
  t.match(await cam.forget('get_sec_questions'), { error_code: 0, forget_password: { sec_question_1: 'What was your childhood nickname?' } });
  const check = await cam.forget('sec_answer_check', { sec_answer_1: 'Bolt', sec_answer_2: 'dupont', sec_answer_3: 'rue verte' });
  t.match(check, { error_code: 0 });
  t.match(await cam.resetPassword((check.forget_password as { reset_token: string }).reset_token, 'Lobby#New1'), { error_code: 0 });
  t.match(await cam.login(PASSWORD), { error_code: -40401 });
  t.match(await cam.call({ method: 'get', device_info: { name: 'basic_info' } }, oldStok), { error_code: -40401 });
  t.match(await cam.login('Lobby#New1'), { error_code: 0 });
});

t.test('reset by mailed code (camera online): a real SMTP mail from noreply@tp-link.com', async (t) => {
  const cam = fx.client('cam-front');
  t.match(await cam.forget('send_verification_code'), { error_code: 0, forget_password: { reset_pwd_email: 'o***r@example.test' } });
  const mail = await newestMailTo('owner@example.test');
  t.match(mail, { from: 'noreply@tp-link.com' });
  const code = codeIn(mail?.text ?? '');
  t.match(mail?.html, code);
  const check = await cam.forget('verification_code_check', { verify_code: code });
  t.match(await cam.resetPassword((check.forget_password as { reset_token: string }).reset_token, 'Front#New1'), { error_code: 0 });
  t.match(await cam.login('Front#New1'), { error_code: 0 });
});

t.test('reset by the app path (camera without internet): QR, cloud scan, mailed code', async (t) => {
  await fx.control('DELETE', '/__sim/mail');
  const cam = fx.client('cam-garage');
  const reply = await cam.forget('send_verification_code');
  t.match(reply, { error_code: -51218 });
  const { qrcode, qrcode_png } = reply.data as { qrcode: string; qrcode_png: string };
  t.equal(decodeQr(qrcode_png), qrcode, 'the PNG decodes with an ordinary QR reader');
  t.match(await fx.control('POST', '/__sim/cloud/app/scan', { qrcode }), { status: 200, body: { sent: true } });
  const code = codeIn((await newestMailTo('owner@example.test'))?.text ?? '');
  const check = await cam.forget('verification_code_check', { verify_code: code });
  t.match(await cam.resetPassword((check.forget_password as { reset_token: string }).reset_token, 'Garage#New1'), { error_code: 0 });
  t.match(await cam.login('Garage#New1'), { error_code: 0 });
});

t.test('support QR: valid at 299 s, refused at 301 s, refused after a power cycle', async (t) => {
  const cam = fx.client('cam-garage');
  const qrAt = async () => (await cam.forget('get_support_qrcode')).forget_password as { qrcode: string; qrcode_png: string; expire_in: number };
  const first = await qrAt();
  t.equal(first.expire_in, 300);
  t.equal(decodeQr(first.qrcode_png), first.qrcode);
  await fx.control('POST', '/__sim/clock/advance', { ms: 299_000 });
  const agent = await fx.control('POST', '/__sim/cloud/support/code', { qrcode: first.qrcode });
  t.match(agent, { status: 200, body: { code: /^\d{6}$/, expire_in: 1 } });
  t.match(await cam.forget('support_code_check', { verify_code: agent.body.code }), { error_code: 0 }, 'accepted at 299 s');

  const second = await qrAt();
  const code = (await fx.control('POST', '/__sim/cloud/support/code', { qrcode: second.qrcode })).body.code;
  await fx.control('POST', '/__sim/clock/advance', { ms: 301_000 });
  t.match(await fx.control('POST', '/__sim/cloud/support/code', { qrcode: second.qrcode }), { status: 400, body: { error: { code: -20673 } } });
  t.match(await cam.forget('support_code_check', { verify_code: code }), { error_code: -20673 }, 'refused at 301 s');

  const third = await qrAt();
  const thirdCode = (await fx.control('POST', '/__sim/cloud/support/code', { qrcode: third.qrcode })).body.code;
  t.match(await fx.control('POST', '/__sim/devices/cam-garage/faults', { type: 'power-off' }), { status: 201, body: { power: 'off', faults: ['power-off', 'no-internet'] } });
  await t.rejects(cam.forget('get_methods'), 'a powered-off camera does not answer');
  t.match(await fx.control('DELETE', '/__sim/devices/cam-garage/faults/power-off'), { status: 200, body: { power: 'on' } });
  t.match(await cam.forget('support_code_check', { verify_code: thirdCode }), { error_code: -20673 }, 'refused after a power cycle');
});

t.test('a camera activated without email or questions refuses those methods with their own codes', async (t) => {
  t.match(await fx.control('POST', '/__sim/devices/cam-backyard/factory-reset'), { status: 200, body: { activated: false } });
  const cam = fx.client('cam-backyard');
  t.match(await cam.activate({ password: 'Bare#Pass1' }), { error_code: 0 });
  t.match(await cam.forget('get_methods'), { forget_password: { methods: ['tech_support'] } });
  t.match(await cam.forget('send_verification_code'), { error_code: -51291 });
  t.match(await cam.forget('get_sec_questions'), { error_code: -50936 });
});

t.test('the offline fault refuses connections; clearing it restores them', async (t) => {
  t.match(await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'offline' }), { status: 201, body: { faults: ['offline'] } });
  await t.rejects(fx.client('cam-front').challenge());
  await fx.control('DELETE', '/__sim/devices/cam-front/faults');
  t.match(await fx.client('cam-front').challenge(), { code: 0 });
});

t.test('control plane refuses bad input with 4xx and a sentence', async (t) => {
  t.match(await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'meteor' }), { status: 400, body: { error: { message: /power-off/ } } });
  t.match(await fx.control('POST', '/__sim/devices/nope/faults', { type: 'power-off' }), { status: 404 });
  t.match(await fx.control('POST', '/__sim/clock/advance', { ms: -5 }), { status: 400 });
  t.match(await fx.control('POST', '/__sim/cloud/support/code', { qrcode: 'hello' }), { status: 400, body: { error: { code: -51293 } } });
  t.match(await fx.control('GET', '/__sim/nothing'), { status: 404 });
});
