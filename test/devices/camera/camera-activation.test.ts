import t from 'tap';
import { cameraFixture, QUESTIONS } from '../../helpers/camera-fixture.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';

t.test('activation with an email and three questions enables every method', async (t) => {
  const f = cameraFixture({ status: 'factory-fresh' });
  t.same(await f.camera.dispatch({ type: 'activate', nonce: await f.nonce(), md5: md5Form('Vigi#Admin1'), resetEmail: 'me@example.test', questions: QUESTIONS }), {});
  t.match(await f.logIn('Vigi#Admin1'), { stok: /^[0-9a-f]{32}$/ });
  t.same(await f.camera.dispatch({ type: 'get-reset-methods' }), { methods: ['email', 'sec_question', 'tech_support'], maskedEmail: 'm***@example.test', internet: true });
  t.match(await f.camera.dispatch({ type: 'activate', nonce: await f.nonce(), md5: md5Form('x') }), { code: -50932 }, 'once only');
  t.equal(f.events.ofType('activated').length, 1);
});

t.test('activation without email or questions leaves only technical support', async (t) => {
  const f = cameraFixture({ status: 'factory-fresh' });
  t.same(await f.camera.dispatch({ type: 'activate', nonce: await f.nonce(), md5: md5Form('Vigi#Admin1') }), {});
  t.match(await f.camera.dispatch({ type: 'send-verification-code' }), { code: -51291 });
  t.match(await f.camera.dispatch({ type: 'get-security-questions' }), { code: -50936 });
  t.match(await f.camera.dispatch({ type: 'get-support-qr' }), { expiresIn: 300 });
});

t.test('activation refuses bad input and changes nothing', async (t) => {
  const cases = [
    { why: 'stale nonce', input: { nonce: 'stale123', md5: md5Form('a') }, code: -40410 },
    { why: 'empty password', md5: '', code: -50926 },
    { why: 'not an MD5 form', md5: 'plain-password', code: -51222 },
    { why: 'bad email', email: 'bob@', code: -50201 },
    { why: 'two questions', questions: QUESTIONS.slice(0, 2), code: -50939 },
    { why: 'empty answer', questions: [QUESTIONS[0]!, QUESTIONS[1]!, { question: 'Q3?', answer: '  ' }], code: -50938 },
    { why: 'repeated question', questions: [QUESTIONS[0]!, QUESTIONS[1]!, { question: QUESTIONS[0]!.question, answer: 'x' }], code: -50940 },
  ];
  for (const c of cases) {
    const f = cameraFixture({ status: 'factory-fresh' });
    const nonce = c.input?.nonce ?? (await f.nonce());
    const reply = await f.camera.dispatch({ type: 'activate', nonce, md5: c.md5 ?? md5Form('Vigi#Admin1'), ...(c.email ? { resetEmail: c.email } : {}), ...(c.questions ? { questions: c.questions } : {}) });
    t.match(reply, { code: c.code }, c.why);
    t.equal(f.camera.state.flash.status, 'factory-fresh', `${c.why}: still factory-fresh`);
  }
});

t.test('factory reset forgets password, email and questions but keeps identity', async (t) => {
  const f = cameraFixture();
  await f.camera.dispatch({ type: 'factory-reset' });
  t.same(f.camera.state.flash, { status: 'factory-fresh' });
  t.equal(f.camera.state.identity.mac, '40-AE-30-00-00-01');
  t.match(await f.logIn(), { code: -40405 });
});
