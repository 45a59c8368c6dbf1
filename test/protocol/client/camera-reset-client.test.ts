import t, { type Test } from 'tap';
import { CameraResetClient } from '../../../protocol/client/camera-reset-client.js';
import { mailedCode, PASSWORD, quickstart } from './quickstart-simulator.js';

/**
 * `client.reset`: a camera's forgotten-password actions (module `forget_password`), typed, on
 * the quickstart over real sockets. Each way of proving ownership ends the same way: a reset
 * token, spent on a new password that then logs in while the old one no longer does.
 */
const sim = await quickstart(t);
t.beforeEach(() => sim.reset());

const NEW_PASSWORD = 'New#Pass2';

/** The password has changed: the new one logs in, the old one is refused. */
async function passwordIsNow(t: Test, deviceId: string, password: string, old: string) {
  t.match(await sim.client(deviceId).login(password), { error_code: 0, stok: /^[0-9a-f]{32}$/ }, 'the new password logs in');
  t.match(await sim.client(deviceId).login(old), { error_code: -40401 }, 'the old one does not');
}

t.test('getMethods says which ways a camera offers', async (t) => {
  t.ok(sim.client('cam-front').reset instanceof CameraResetClient);
  t.same(await sim.client('cam-front').reset.getMethods(), {
    forget_password: { methods: ['email', 'sec_question', 'tech_support'], reset_pwd_email: 'o***r@example.test', internet: '1' }, error_code: 0,
  }, 'email, questions and support, with the reset email masked');
  t.same(await sim.client('cam-lobby').reset.getMethods(), { forget_password: { methods: ['sec_question', 'tech_support'], internet: '1' }, error_code: 0 }, 'no email set: no email method');
  t.same(await sim.client('cam-garage').reset.getMethods(), {
    forget_password: { methods: ['email', 'tech_support'], reset_pwd_email: 'o***r@example.test', internet: '0' }, error_code: 0,
  }, 'an email but no internet');
});

t.test('withSession() sends the same actions with the stok (My Devices)', async (t) => {
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);
  t.match(await camera.reset.withSession().getMethods(), { error_code: 0, forget_password: { methods: ['email', 'sec_question', 'tech_support'] } });
  camera.stok = '0123456789abcdef0123456789abcdef';
  t.match(await camera.reset.withSession().getMethods(), { error_code: -40401 }, 'so a dead stok is refused');
  t.match(await camera.reset.getMethods(), { error_code: 0 }, 'while the pre-auth call does not use it');
});

t.test('by email: Send Code mails a code, the code gives a reset token, the token a new password', async (t) => {
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);

  t.same(await camera.reset.sendVerificationCode(), { forget_password: { reset_pwd_email: 'o***r@example.test', expire_in: 600 }, error_code: 0 });
  const code = await mailedCode(sim);
  const checked = await camera.reset.checkVerificationCode(code);
  t.match(checked, { error_code: 0, forget_password: { reset_token: /^[0-9a-f]+$/, expire_in: 600 } });
  const token = checked.forget_password!.reset_token;

  t.same(await camera.reset.setNewPassword(token, NEW_PASSWORD), { forget_password: {}, error_code: 0 });
  await passwordIsNow(t, 'cam-front', NEW_PASSWORD, PASSWORD);
  t.match(await camera.basicInfo(), { error_code: -40401 }, 'the session from before the reset is dead');
  t.match(await camera.reset.setNewPassword(token, 'Again#Pass3'), { error_code: -40412 }, 'a token is spent once');
  t.match(await camera.reset.checkVerificationCode(code), { error_code: -20673 }, 'and the code with it');
});

t.test('a mailed code is checked: format, value, and that one is pending', async (t) => {
  const reset = sim.client('cam-front').reset;
  t.match(await reset.checkVerificationCode('123456'), { error_code: -20673 }, 'none pending');
  await reset.sendVerificationCode();
  const code = await mailedCode(sim);
  t.match(await reset.checkVerificationCode('12ab'), { error_code: -51221 }, 'not six digits');
  const wrong = code === '000000' ? '111111' : '000000';
  t.match(await reset.checkVerificationCode(wrong), { error_code: -20607, data: { attempts_left: 4 } }, 'a wrong code says how many guesses are left');
  t.match(await reset.checkVerificationCode(code), { error_code: 0 }, 'the right one still works');
  t.match(await sim.client('cam-lobby').reset.sendVerificationCode(), { error_code: -51291, msg: /No Reset Password Email/ }, 'no reset email set');
});

t.test('by email through the VIGI app: a camera without internet hands out a QR, the cloud mails the code', async (t) => {
  const reset = sim.client('cam-garage').reset;
  const refused = await reset.sendVerificationCode();
  t.match(refused, { error_code: -51218, data: { qrcode: /^vigi-reset:1:/, qrcode_png: /^[A-Za-z0-9+/]+=*$/, expire_in: 600 } });
  await sim.cloud.appScan(refused.data!.qrcode!);
  const checked = await reset.checkVerificationCode(await mailedCode(sim));
  t.match(checked, { error_code: 0 });
  t.match(await reset.setNewPassword(checked.forget_password!.reset_token, NEW_PASSWORD), { error_code: 0 });
  await passwordIsNow(t, 'cam-garage', NEW_PASSWORD, PASSWORD);
});

t.test('by security questions: the three questions, the answers (case and spaces ignored), a new password', async (t) => {
  const reset = sim.client('cam-front').reset;
  t.same(await reset.getSecurityQuestions(), {
    forget_password: { sec_question_1: 'What was the name of your first pet?', sec_question_2: 'In what city were you born?', sec_question_3: 'What is your favourite film?' },
    error_code: 0,
  });
  t.match(await reset.checkSecurityAnswers(['rex', 'paris', 'alien']), { error_code: -51292, data: { attempts_left: 4 } }, 'one wrong answer refuses all');
  const checked = await reset.checkSecurityAnswers(['Rex', ' lyon', 'ALIEN']);
  t.match(checked, { error_code: 0, forget_password: { reset_token: /^[0-9a-f]+$/, expire_in: 600 } });
  t.match(await reset.setNewPassword(checked.forget_password!.reset_token, NEW_PASSWORD), { error_code: 0 });
  await passwordIsNow(t, 'cam-front', NEW_PASSWORD, PASSWORD);
});

t.test('a camera without questions refuses that way (-50936)', async (t) => {
  const reset = sim.client('cam-garage').reset;
  t.match(await reset.getSecurityQuestions(), { error_code: -50936, msg: /No security questions/ });
  t.match(await reset.checkSecurityAnswers(['a', 'b', 'c']), { error_code: -50936 });
});

t.test('by technical support: the support QR, the code support reads from it, a new password', async (t) => {
  const reset = sim.client('cam-lobby').reset;
  const qr = await reset.getSupportQrCode();
  t.match(qr, { error_code: 0, forget_password: { qrcode: /^vigi-reset:1:/, qrcode_png: /^[A-Za-z0-9+/]+=*$/, expire_in: 300 } });
  const { code } = await sim.cloud.supportCode(qr.forget_password!.qrcode);
  t.match(await reset.checkSupportCode(code === '000000' ? '111111' : '000000'), { error_code: -20607 }, 'a wrong code is refused');
  const checked = await reset.checkSupportCode(code);
  t.match(checked, { error_code: 0, forget_password: { reset_token: /^[0-9a-f]+$/ } });
  t.match(await reset.setNewPassword(checked.forget_password!.reset_token, NEW_PASSWORD), { error_code: 0 });
  await passwordIsNow(t, 'cam-lobby', NEW_PASSWORD, PASSWORD);
});

t.test('a token that is unknown, used or expired is refused (-40412), and the password stays', async (t) => {
  t.match(await sim.client('cam-front').reset.setNewPassword('0000000000000000', NEW_PASSWORD), { error_code: -40412 });
  t.match(await sim.client('cam-front').resetPassword('0000000000000000', NEW_PASSWORD), { error_code: -40412 }, 'resetPassword is the same call');
  t.match(await sim.client('cam-front').login(PASSWORD), { error_code: 0 });
});

t.test('a factory-fresh camera has nothing to reset (-40405); an NVR has no forget_password (-40106)', async (t) => {
  const response = await fetch(`${sim.controlUrl}/__sim/devices/cam-backyard/factory-reset`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
  t.equal(response.status, 200);
  t.match(await sim.client('cam-backyard').reset.getMethods(), { error_code: -40405 });
  t.match(await sim.client('nvr-main').reset.getMethods(), { error_code: -40106 });
});
