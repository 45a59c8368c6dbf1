import t from 'tap';
import { ManualClock } from '../../../devices/kernel/clock.js';
import { SeededRng } from '../../../devices/kernel/rng.js';
import { MemoryMailer } from '../../../devices/kernel/mailer.js';
import { MemoryEventSink } from '../../../devices/kernel/device-events.js';
import { MemoryFlashStore } from '../../../devices/kernel/flash-store.js';
import { Camera } from '../../../devices/camera/camera.js';
import { newCamera } from '../../../devices/camera/camera-state.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';
import { isRefusal } from '../../../devices/kernel/vendor-errors.js';
import { activatedFlash, identity, PASSWORD, QUESTIONS } from '../../helpers/camera-fixture.js';

/** What reaches flash, and when: before the reply, and only what a real device keeps there. */
function flashFixture() {
  const flash = new MemoryFlashStore();
  const events = new MemoryEventSink();
  const camera = new Camera(newCamera(identity, activatedFlash()), { clock: new ManualClock(), rng: new SeededRng(1), mailer: new MemoryMailer(), events, flash });
  const nonce = async () => {
    const c = await camera.dispatch({ type: 'issue-challenge' });
    if (isRefusal(c)) throw new Error('challenge');
    return c.nonce;
  };
  return { flash, events, camera, nonce };
}

t.test('logins and challenges never touch flash; a password reset is saved before it is acknowledged', async (t) => {
  const f = flashFixture();
  await f.camera.dispatch({ type: 'log-in', username: 'admin', nonce: await f.nonce(), md5: md5Form(PASSWORD) });
  t.equal(f.flash.records.size, 0);
  const token = await f.camera.dispatch({ type: 'check-security-answers', answers: QUESTIONS.map((q) => q.answer) });
  if (isRefusal(token)) throw new Error('answers');
  t.same(await f.camera.dispatch({ type: 'reset-password', resetToken: token.resetToken, nonce: await f.nonce(), md5: md5Form('Saved#Pass1') }), {});
  t.match(f.flash.records.get('cam-1'), { kind: 'camera', flash: { status: 'activated', adminMd5: md5Form('Saved#Pass1') } });
});

t.test('when flash cannot be written, the change is not made and the reply says so', async (t) => {
  const f = flashFixture();
  f.flash.failWith = new Error('EIO: disk full');
  await f.camera.dispatch({ type: 'factory-reset' });
  t.equal(f.camera.state.flash.status, 'activated', 'still activated');
  const token = await f.camera.dispatch({ type: 'check-security-answers', answers: QUESTIONS.map((q) => q.answer) });
  if (isRefusal(token)) throw new Error('answers');
  t.match(await f.camera.dispatch({ type: 'reset-password', resetToken: token.resetToken, nonce: await f.nonce(), md5: md5Form('Lost#Pass1') }), { code: -40101, message: /disk full/ });
  t.match(f.camera.state.flash, { adminMd5: md5Form(PASSWORD) });
  t.equal(f.events.ofType('flash-write-failed').length, 2);
});

t.test('concurrent inputs are not lost while one waits for flash', async (t) => {
  const f = flashFixture();
  let release: () => void = () => undefined;
  const slow = new Promise<void>((resolve) => (release = resolve));
  const original = f.flash.save.bind(f.flash);
  f.flash.save = async (id, record) => {
    await slow;
    return original(id, record);
  };
  const reset = f.camera.dispatch({ type: 'factory-reset' });
  const challenge = f.camera.dispatch({ type: 'issue-challenge' });
  release();
  await reset;
  t.match(await challenge, { code: -40405 }, 'the challenge comes after the reset, in order');
});
