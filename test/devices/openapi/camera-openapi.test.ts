import t from 'tap';
import { createHash } from 'node:crypto';
import { SeededRng } from '../../../devices/kernel/rng.js';
import { isRefusal } from '../../../devices/kernel/vendor-errors.js';
import { CAMERA_REALM, checkStok, emptyCameraOpenApi, issueCameraChallenge, verifyDoAuth, type CameraOpenApiState } from '../../../devices/openapi/camera-openapi.js';
import { digestHa1, digestResponse } from '../../../devices/openapi/openapi-digest.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const PASSWORD = 'Vigi#Admin1';
const secret = { ha1: digestHa1('admin', CAMERA_REALM, PASSWORD), verifier: 'MD5FORM' };
const T0 = Date.UTC(2026, 0, 1);

/** The public formula, written out: SHA256(SHA256(user:realm:pw):nonce:SHA256("POST:doAuth")). */
function answer(nonce: string, password = PASSWORD): string {
  return sha(`${sha(`admin:${CAMERA_REALM}:${password}`)}:${nonce}:${sha('POST:doAuth')}`);
}

function challenged(now = T0, state: CameraOpenApiState = emptyCameraOpenApi) {
  return issueCameraChallenge(state, { now, rng: new SeededRng(7) });
}

t.test('the digest helpers follow the public formula', async (t) => {
  t.equal(digestResponse({ ha1: secret.ha1, nonce: 'abc', method: 'POST', uri: 'doAuth' }), answer('abc'));
});

t.test('a challenge is realm, nonce, SHA-256, uri doAuth, method POST', async (t) => {
  const { challenge } = challenged();
  t.match(challenge, { realm: 'TP-LINK IP-Camera', nonce: /^[0-9a-f]{32}$/, algorithm: 'SHA-256', uri: 'doAuth', method: 'POST' });
});

t.test('the right digest gives a stok that lives 30 minutes, then -10002', async (t) => {
  const { state, challenge } = challenged();
  const step = verifyDoAuth(state, { nonce: challenge.nonce, response: answer(challenge.nonce) }, secret, { now: T0, rng: new SeededRng(1) });
  t.notOk(isRefusal(step.outcome));
  if (isRefusal(step.outcome)) return;
  const { stok } = step.outcome;
  t.equal(checkStok(step.state, stok, 'MD5FORM', { now: T0 + 30 * 60_000 - 1 }), true);
  t.match(checkStok(step.state, stok, 'MD5FORM', { now: T0 + 30 * 60_000 }), { code: -10002 });
  t.match(checkStok(step.state, stok, 'OTHERMD5', { now: T0 }), { code: -10002 }, 'a password change kills it');
  t.match(checkStok(step.state, 'nope', 'MD5FORM', { now: T0 }), { code: -10002 });
});

t.test('refusals: wrong password -10002, nonce used once or stale -10020, no secret -10002', async (t) => {
  const rng = new SeededRng(2);
  const { state, challenge } = challenged();
  const wrong = verifyDoAuth(state, { nonce: challenge.nonce, response: answer(challenge.nonce, 'nope') }, secret, { now: T0, rng });
  t.match(wrong.outcome, { code: -10002 });
  const reused = verifyDoAuth(wrong.state, { nonce: challenge.nonce, response: answer(challenge.nonce) }, secret, { now: T0, rng });
  t.match(reused.outcome, { code: -10020 }, 'the nonce went with the first attempt');
  const fresh = challenged(T0, reused.state);
  t.match(verifyDoAuth(fresh.state, { nonce: fresh.challenge.nonce, response: answer(fresh.challenge.nonce) }, secret, { now: T0 + 5 * 60_000, rng }).outcome, { code: -10020 }, 'stale after 5 minutes');
  const again = challenged(T0, fresh.state);
  t.match(verifyDoAuth(again.state, { nonce: again.challenge.nonce, response: answer(again.challenge.nonce) }, undefined, { now: T0, rng }).outcome, { code: -10002 });
  t.ok(again.state.nonces.length <= 16, 'nonces kept are bounded');
});
