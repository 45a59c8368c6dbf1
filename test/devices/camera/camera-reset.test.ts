import t from 'tap';
import { activatedFlash, cameraFixture, codeFromMail, PASSWORD, QUESTIONS } from '../../helpers/camera-fixture.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';
import { isRefusal } from '../../../devices/kernel/vendor-errors.js';
import { TpLinkCloud } from '../../../devices/cloud/tp-link-cloud.js';

const NEW = 'Brand#New2';

async function resetWith(fixture: ReturnType<typeof cameraFixture>, resetToken: string, password = NEW) {
  return fixture.camera.dispatch({ type: 'reset-password', resetToken, nonce: await fixture.nonce(), md5: md5Form(password) });
}

function tokenOf(reply: unknown): string {
  if (isRefusal(reply) || typeof (reply as { resetToken?: unknown }).resetToken !== 'string') throw new Error(`no reset token: ${JSON.stringify(reply)}`);
  return (reply as { resetToken: string }).resetToken;
}

t.test('get-reset-methods lists what was set up, with the email masked', async (t) => {
  t.same(await cameraFixture().camera.dispatch({ type: 'get-reset-methods' }), { methods: ['email', 'sec_question', 'tech_support'], maskedEmail: 'o***r@example.test', internet: true });
  t.same(await cameraFixture(activatedFlash({}), { internet: false }).camera.dispatch({ type: 'get-reset-methods' }), { methods: ['tech_support'], internet: false });
});

t.test('email: the mailed code gives a reset token; then only the new password logs in and old stoks die', async (t) => {
  const f = cameraFixture();
  const old = await f.logIn();
  if (isRefusal(old)) throw new Error('login');
  t.same(await f.camera.dispatch({ type: 'send-verification-code' }), { maskedEmail: 'o***r@example.test', expiresIn: 600 });
  const mail = f.mailer.sent[0];
  t.match(mail, { from: 'noreply@tp-link.com', to: 'owner@example.test' });
  const code = codeFromMail(f.mailer);
  t.match(mail?.html, code, 'the code is in the HTML part too');
  const token = tokenOf(await f.camera.dispatch({ type: 'check-verification-code', code }));
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code }), { code: -20673 }, 'a code is single-use');
  t.same(await resetWith(f, token), {});
  t.match(await f.logIn(PASSWORD), { code: -40401 }, 'the old password stops working');
  t.match(await f.logIn(NEW), { stok: /^[0-9a-f]{32}$/ });
  t.match(await f.camera.dispatch({ type: 'check-session', stok: old.stok }), { code: -40401 }, 'old stoks die');
  t.match(await resetWith(f, token), { code: -40412 }, 'a reset token is single-use');
  t.equal(f.events.ofType('password-reset')[0]?.method, 'email');
});

t.test('email: wrong, malformed, empty and expired codes', async (t) => {
  const f = cameraFixture();
  await f.camera.dispatch({ type: 'send-verification-code' });
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code: '' }), { code: -51228 });
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code: '12ab56' }), { code: -51221 });
  const wrong = codeFromMail(f.mailer) === '000000' ? '111111' : '000000';
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code: wrong }), { code: -20607, data: { attempts_left: 4 } });
  f.clock.advance(600_000);
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code: codeFromMail(f.mailer) }), { code: -20673 });
});

t.test('email: guessing locks the method with -40404 and sec_left; the right code waits for the lock', async (t) => {
  const f = cameraFixture();
  await f.camera.dispatch({ type: 'send-verification-code' });
  const right = codeFromMail(f.mailer);
  const wrong = right === '000000' ? '111111' : '000000';
  for (let i = 0; i < 4; i++) await f.camera.dispatch({ type: 'check-verification-code', code: wrong });
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code: wrong }), { code: -40404, data: { sec_left: 1800 } });
  t.match(await f.camera.dispatch({ type: 'check-verification-code', code: right }), { code: -40404 });
  f.clock.advance(1800_000);
  t.match(await f.camera.dispatch({ type: 'send-verification-code' }), { maskedEmail: 'o***r@example.test' });
  t.ok(tokenOf(await f.camera.dispatch({ type: 'check-verification-code', code: codeFromMail(f.mailer) })));
});

t.test('email: no reset email set refuses with its own code; sending is rate-limited', async (t) => {
  t.match(await cameraFixture(activatedFlash({ questions: true })).camera.dispatch({ type: 'send-verification-code' }), { code: -51291 });
  const f = cameraFixture();
  for (let i = 0; i < 5; i++) t.notOk(isRefusal(await f.camera.dispatch({ type: 'send-verification-code' })));
  t.match(await f.camera.dispatch({ type: 'send-verification-code' }), { code: -21002, data: { sec_left: 600 } });
  t.equal(f.mailer.sent.length, 5, 'a flood of Send Code does not flood the mailbox');
});

t.test('a mail server that refuses turns Send Code into -20609', async (t) => {
  const f = cameraFixture();
  f.mailer.failWith = new Error('421 service not available');
  t.match(await f.camera.dispatch({ type: 'send-verification-code' }), { code: -20609, message: /421/ });
});

t.test('app path: without internet the camera answers a QR; the cloud mails the code', async (t) => {
  const f = cameraFixture(activatedFlash(), { internet: false });
  const reply = await f.camera.dispatch({ type: 'send-verification-code' });
  t.match(reply, { code: -51218, data: { qrcode: /^vigi-reset:1:/ } });
  t.equal(f.mailer.sent.length, 0, 'the camera itself mails nothing');
  const cloud = new TpLinkCloud({ clock: f.clock, mailer: f.mailer, events: f.events });
  const qrcode = (reply as unknown as { data: { qrcode: string } }).data.qrcode;
  t.match(await cloud.scanAppQr(qrcode), { maskedTo: 'o***r@example.test' });
  t.equal(f.mailer.sent[0]?.to, 'owner@example.test');
  const token = tokenOf(await f.camera.dispatch({ type: 'check-verification-code', code: codeFromMail(f.mailer) }));
  t.same(await resetWith(f, token), {});
  t.match(await cloud.scanAppQr(qrcode.slice(0, -2) + 'xx'), { code: -51293 }, 'an altered QR is refused');
});

t.test('security questions: right answers (case and spacing aside) give a token; wrong ones lock', async (t) => {
  const f = cameraFixture();
  t.same(await f.camera.dispatch({ type: 'get-security-questions' }), { questions: QUESTIONS.map((q) => q.question) });
  t.match(await f.camera.dispatch({ type: 'check-security-answers', answers: ['rex', 'elm street'] }), { code: -40211 });
  t.match(await f.camera.dispatch({ type: 'check-security-answers', answers: ['rex', 'elm street', 'nobody'] }), { code: -51292, data: { attempts_left: 4 } });
  const token = tokenOf(await f.camera.dispatch({ type: 'check-security-answers', answers: ['  REX', 'elm   street', 'ms smith'] }));
  t.same(await resetWith(f, token), {});
  const g = cameraFixture();
  for (let i = 0; i < 4; i++) await g.camera.dispatch({ type: 'check-security-answers', answers: ['a', 'b', 'c'] });
  t.match(await g.camera.dispatch({ type: 'check-security-answers', answers: ['a', 'b', 'c'] }), { code: -40404, data: { sec_left: 1800 } });
  t.match(await g.camera.dispatch({ type: 'check-security-answers', answers: QUESTIONS.map((q) => q.answer) }), { code: -40404 });
});

t.test('security questions: none set refuses with its own code', async (t) => {
  const f = cameraFixture(activatedFlash({ email: true }));
  t.match(await f.camera.dispatch({ type: 'get-security-questions' }), { code: -50936 });
  t.match(await f.camera.dispatch({ type: 'check-security-answers', answers: ['a', 'b', 'c'] }), { code: -50936 });
});

t.test('support QR: valid at 299 s, refused at 301 s, and lost on a power cycle', async (t) => {
  const f = cameraFixture(activatedFlash({}));
  const cloud = new TpLinkCloud({ clock: f.clock, mailer: f.mailer, events: f.events });
  const qr = await f.camera.dispatch({ type: 'get-support-qr' });
  if (isRefusal(qr)) throw new Error('qr');
  t.equal(qr.expiresIn, 300);
  f.clock.advance(299_000);
  const agent = cloud.supportCode(qr.qrcode);
  if (isRefusal(agent)) throw new Error('agent refused');
  t.equal(agent.expiresIn, 1);
  t.ok(tokenOf(await f.camera.dispatch({ type: 'check-support-code', code: agent.code })), 'accepted at 299 s');

  const late = await f.camera.dispatch({ type: 'get-support-qr' });
  if (isRefusal(late)) throw new Error('qr');
  f.clock.advance(290_000);
  const lateCode = cloud.supportCode(late.qrcode);
  if (isRefusal(lateCode)) throw new Error('agent refused');
  f.clock.advance(11_000);
  t.match(cloud.supportCode(late.qrcode), { code: -20673 }, 'the desk refuses an expired QR');
  t.match(await f.camera.dispatch({ type: 'check-support-code', code: lateCode.code }), { code: -20673 }, 'refused at 301 s');

  const cycled = await f.camera.dispatch({ type: 'get-support-qr' });
  if (isRefusal(cycled)) throw new Error('qr');
  const cycledCode = cloud.supportCode(cycled.qrcode);
  if (isRefusal(cycledCode)) throw new Error('agent refused');
  await f.camera.dispatch({ type: 'power-off' });
  await f.camera.dispatch({ type: 'power-on' });
  t.match(await f.camera.dispatch({ type: 'check-support-code', code: cycledCode.code }), { code: -20673 }, 'refused after a power cycle');
  t.match(cloud.scanAppQr(cycled.qrcode), Promise, 'the app refuses support QR codes (async)');
  t.match(await cloud.scanAppQr(cycled.qrcode), { code: -51293 });
});

t.test('reset tokens expire, and a stale nonce keeps the token for a retry', async (t) => {
  const f = cameraFixture();
  const token = tokenOf(await f.camera.dispatch({ type: 'check-security-answers', answers: QUESTIONS.map((q) => q.answer) }));
  t.match(await f.camera.dispatch({ type: 'reset-password', resetToken: token, nonce: 'stale123', md5: md5Form(NEW) }), { code: -40410 });
  t.match(await f.camera.dispatch({ type: 'reset-password', resetToken: token, nonce: await f.nonce(), md5: 'not-md5' }), { code: -51222 });
  f.clock.advance(600_000);
  t.match(await resetWith(f, token), { code: -40412 });
});

t.test('a factory-fresh camera has nothing to reset', async (t) => {
  const f = cameraFixture({ status: 'factory-fresh' });
  for (const type of ['get-reset-methods', 'send-verification-code', 'get-security-questions', 'get-support-qr'] as const) {
    t.match(await f.camera.dispatch({ type }), { code: -40405 }, type);
  }
});
