import { ManualClock } from '../../devices/kernel/clock.js';
import { SeededRng } from '../../devices/kernel/rng.js';
import { MemoryMailer } from '../../devices/kernel/mailer.js';
import { MemoryEventSink } from '../../devices/kernel/device-events.js';
import { Camera } from '../../devices/camera/camera.js';
import { newCamera, type CameraFlash, type CameraIdentity } from '../../devices/camera/camera-state.js';
import { md5Form } from '../../devices/credentials/md5-form.js';
import { answerDigest } from '../../devices/credentials/security-answers.js';
import { isRefusal } from '../../devices/kernel/vendor-errors.js';

/** A camera on a manual clock with memory ports, for tests of the core. */
export const identity: CameraIdentity = {
  id: 'cam-1', model: 'VIGI C340', name: 'Front Door', mac: '40-AE-30-00-00-01', uuid: 'uuid-cam-1',
  serial: 'SN0001', firmware: '1.0.0 Build 260101', hardware: '1.0', ip: '127.77.0.1',
};

export const PASSWORD = 'Vigi#Admin1';
export const QUESTIONS = [
  { question: 'First pet?', answer: 'Rex' },
  { question: 'Street you grew up on?', answer: 'Elm Street' },
  { question: 'Favourite teacher?', answer: 'Ms Smith' },
];

export function activatedFlash(setup: { email?: boolean; questions?: boolean } = { email: true, questions: true }): CameraFlash {
  return {
    status: 'activated',
    adminMd5: md5Form(PASSWORD),
    ...(setup.email ? { resetEmail: 'owner@example.test' } : {}),
    ...(setup.questions ? { questions: QUESTIONS.map((q) => ({ question: q.question, answerDigest: answerDigest(q.answer) })) } : {}),
  };
}

export function cameraFixture(flash: CameraFlash = activatedFlash(), environment: { internet?: boolean } = {}) {
  const clock = new ManualClock();
  const mailer = new MemoryMailer();
  const events = new MemoryEventSink();
  const camera = new Camera(newCamera(identity, flash, environment), { clock, rng: new SeededRng(7), mailer, events });
  /** Fetches a challenge and returns its nonce. */
  const nonce = async () => {
    const challenge = await camera.dispatch({ type: 'issue-challenge' });
    if (isRefusal(challenge)) throw new Error('challenge refused');
    return challenge.nonce;
  };
  const logIn = async (password = PASSWORD) => camera.dispatch({ type: 'log-in', username: 'admin', nonce: await nonce(), md5: md5Form(password) });
  return { clock, mailer, events, camera, nonce, logIn };
}

/** The six-digit code in the newest mail. */
export function codeFromMail(mailer: MemoryMailer): string {
  const mail = mailer.sent.at(-1);
  const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1];
  if (!code) throw new Error('no code in the newest mail');
  return code;
}
