import t from 'tap';
import { cameraFixture, PASSWORD } from '../../helpers/camera-fixture.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';
import { isRefusal } from '../../../devices/kernel/vendor-errors.js';

t.test('a challenge carries an 8-character nonce and the failure count', async (t) => {
  const { camera } = cameraFixture();
  const challenge = await camera.dispatch({ type: 'issue-challenge' });
  t.match(challenge, { code: 0, time: 0, maxTime: 5 });
  t.match(challenge, { nonce: /^[A-Za-z0-9]{8}$/ });
});

t.test('the right password gives a 32-hex stok that opens the session', async (t) => {
  const { camera, logIn } = cameraFixture();
  const reply = await logIn();
  t.match(reply, { stok: /^[0-9a-f]{32}$/ });
  if (isRefusal(reply)) return;
  t.same(await camera.dispatch({ type: 'check-session', stok: reply.stok }), {});
});

t.test('a nonce opens one envelope only', async (t) => {
  const { camera, nonce } = cameraFixture();
  const n = await nonce();
  t.notOk(isRefusal(await camera.dispatch({ type: 'log-in', username: 'admin', nonce: n, md5: md5Form(PASSWORD) })));
  t.match(await camera.dispatch({ type: 'log-in', username: 'admin', nonce: n, md5: md5Form(PASSWORD) }), { code: -40410 });
  t.match(await camera.dispatch({ type: 'log-in', username: 'admin', nonce: 'neverGiv', md5: md5Form(PASSWORD) }), { code: -40410 });
});

t.test('five wrong passwords lock the login with -40404 and sec_left, on the virtual clock', async (t) => {
  const { camera, clock, logIn, events } = cameraFixture();
  for (let i = 1; i <= 4; i++) t.match(await logIn('wrong'), { code: -40401, data: { time: i, max_time: 5 } });
  t.match(await logIn('wrong'), { code: -40404, data: { sec_left: 1800 } });
  t.match(await logIn(), { code: -40404 }, 'even the right password is refused while locked');
  t.match(await camera.dispatch({ type: 'issue-challenge' }), { code: -40404, secLeft: 1800 });
  clock.advance(1799_000);
  t.match(await logIn(), { code: -40404, data: { sec_left: 1 } });
  clock.advance(1000);
  t.match(await logIn(), { stok: /^[0-9a-f]{32}$/ }, 'the lock passes');
  t.equal(events.ofType('locked-out').length, 1);
});

t.test('a wrong username counts as a failed login', async (t) => {
  const { camera, nonce } = cameraFixture();
  t.match(await camera.dispatch({ type: 'log-in', username: 'root', nonce: await nonce(), md5: md5Form(PASSWORD) }), { code: -40401, data: { time: 1 } });
});

t.test('sessions die after 30 idle minutes; requests keep them alive', async (t) => {
  const { camera, clock, logIn } = cameraFixture();
  const reply = await logIn();
  if (isRefusal(reply)) throw new Error('login failed');
  clock.advance(29 * 60_000);
  t.same(await camera.dispatch({ type: 'check-session', stok: reply.stok }), {});
  clock.advance(29 * 60_000);
  t.same(await camera.dispatch({ type: 'check-session', stok: reply.stok }), {});
  clock.advance(30 * 60_000);
  t.match(await camera.dispatch({ type: 'check-session', stok: reply.stok }), { code: -40401 });
});

t.test('a factory-fresh camera answers -40405 to challenge and login', async (t) => {
  const { camera, logIn } = cameraFixture({ status: 'factory-fresh' });
  t.match(await camera.dispatch({ type: 'issue-challenge' }), { code: -40405 });
  t.match(await logIn(), { code: -40405 });
});

t.test('power-off loses sessions and challenges', async (t) => {
  const { camera, logIn, nonce } = cameraFixture();
  const reply = await logIn();
  if (isRefusal(reply)) throw new Error('login failed');
  const n = await nonce();
  await camera.dispatch({ type: 'power-off' });
  t.match(await camera.dispatch({ type: 'issue-challenge' }), { code: -51295 }, 'a powered-off camera does nothing');
  await camera.dispatch({ type: 'power-on' });
  t.match(await camera.dispatch({ type: 'check-session', stok: reply.stok }), { code: -40401 });
  t.match(await camera.dispatch({ type: 'log-in', username: 'admin', nonce: n, md5: md5Form(PASSWORD) }), { code: -40410 });
});

t.test('an authenticated password change needs the old password', async (t) => {
  const { camera, logIn, nonce } = cameraFixture();
  const reply = await logIn();
  if (isRefusal(reply)) throw new Error('login failed');
  t.match(await camera.dispatch({ type: 'change-password', stok: reply.stok, nonce: await nonce(), oldMd5: md5Form('nope'), newMd5: md5Form('New#Pass2') }), { code: -50925 });
  const once = await nonce();
  t.same(await camera.dispatch({ type: 'change-password', stok: reply.stok, nonce: once, oldMd5: md5Form(PASSWORD), newMd5: md5Form('New#Pass2') }), {});
  t.match(await camera.dispatch({ type: 'change-password', stok: reply.stok, nonce: once, oldMd5: md5Form('New#Pass2'), newMd5: md5Form('x') }), { code: -40410 }, 'one nonce, one change');
  t.match(await logIn(), { code: -40401 });
  t.match(await logIn('New#Pass2'), { stok: /^[0-9a-f]{32}$/ });
});
