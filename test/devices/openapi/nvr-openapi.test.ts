import t from 'tap';
import { createHash } from 'node:crypto';
import { SeededRng } from '../../../devices/kernel/rng.js';
import { isRefusal } from '../../../devices/kernel/vendor-errors.js';
import { NVR_REALM, checkBearer, emptyNvrOpenApi, issueNvrNonce, issueTokens, refreshTokens, type DigestCredentials } from '../../../devices/openapi/nvr-openapi.js';
import { digestHa1 } from '../../../devices/openapi/openapi-digest.js';
import { PasswordBook } from '../../../devices/openapi/password-book.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const PASSWORD = 'Vigi#Admin1';
const secret = { ha1: digestHa1('admin', NVR_REALM, PASSWORD), verifier: 'MD5' };
const T0 = Date.UTC(2026, 0, 1);
const rng = new SeededRng(3);
const URI = '/openapi/token';

function rfc(nonce: string, password = PASSWORD): DigestCredentials {
  const ha1 = sha(`admin:${NVR_REALM}:${password}`);
  const response = sha(`${ha1}:${nonce}:00000001:c0ffee:auth:${sha(`GET:${URI}`)}`);
  return { username: 'admin', realm: NVR_REALM, nonce, uri: URI, response, qop: 'auth', nc: '00000001', cnonce: 'c0ffee' };
}

t.test('a Digest answer with qop=auth, or without qop, gets bearer tokens', async (t) => {
  const first = issueNvrNonce(emptyNvrOpenApi, { now: T0, rng });
  const step = issueTokens(first.state, rfc(first.nonce), 'GET', secret, { now: T0, rng });
  t.match(step.outcome, { token_type: 'bearer', access_token: /^[0-9a-f]{48}$/, refresh_token: /^[0-9a-f]{48}$/, expires_in: 1800 });
  const second = issueNvrNonce(step.state, { now: T0, rng });
  const bare = { username: 'admin', realm: NVR_REALM, nonce: second.nonce, uri: URI, response: sha(`${sha(`admin:${NVR_REALM}:${PASSWORD}`)}:${second.nonce}:${sha(`GET:${URI}`)}`) };
  t.notOk(isRefusal(issueTokens(second.state, bare, 'GET', secret, { now: T0, rng }).outcome));
});

t.test('bearer tokens expire, refresh once, and die with a password change', async (t) => {
  const issued = issueNvrNonce(emptyNvrOpenApi, { now: T0, rng });
  const step = issueTokens(issued.state, rfc(issued.nonce), 'GET', secret, { now: T0, rng });
  if (isRefusal(step.outcome)) {
    t.fail('no token');
    return;
  }
  const { access_token: access, refresh_token: refresh } = step.outcome;
  t.equal(checkBearer(step.state, access, 'MD5', { now: T0 + 1_799_999 }), true);
  t.match(checkBearer(step.state, access, 'MD5', { now: T0 + 1_800_000 }), { code: -10002 });
  t.match(checkBearer(step.state, access, 'OTHER', { now: T0 }), { code: -10002 });
  const renewed = refreshTokens(step.state, refresh, 'MD5', { now: T0 + 1_800_000, rng });
  t.notOk(isRefusal(renewed.outcome));
  t.match(refreshTokens(renewed.state, refresh, 'MD5', { now: T0 + 1_800_000, rng }).outcome, { code: -10002 }, 'single use');
  t.match(checkBearer(renewed.state, access, 'MD5', { now: T0 }), { code: -10002 }, 'the old pair is gone');
});

t.test('refusals: wrong password, user or realm -10002; unknown nonce -10020', async (t) => {
  const a = issueNvrNonce(emptyNvrOpenApi, { now: T0, rng });
  t.match(issueTokens(a.state, rfc(a.nonce, 'nope'), 'GET', secret, { now: T0, rng }).outcome, { code: -10002 });
  const b = issueNvrNonce(a.state, { now: T0, rng });
  t.match(issueTokens(b.state, { ...rfc(b.nonce), username: 'root' }, 'GET', secret, { now: T0, rng }).outcome, { code: -10002 });
  t.match(issueTokens(b.state, rfc('never-issued'), 'GET', secret, { now: T0, rng }).outcome, { code: -10020 });
  const c = issueNvrNonce(b.state, { now: T0, rng });
  t.match(issueTokens(c.state, rfc(c.nonce), 'GET', undefined, { now: T0, rng }).outcome, { code: -10002 }, 'no plain password known');
});

t.test('an answer RFC 7616 does not allow is refused before its response is checked', async (t) => {
  let state = emptyNvrOpenApi;
  const attempt = (change: Partial<DigestCredentials> | ((c: DigestCredentials) => DigestCredentials)) => {
    const issued = issueNvrNonce(state, { now: T0, rng });
    const base = rfc(issued.nonce);
    const step = issueTokens(issued.state, typeof change === 'function' ? change(base) : { ...base, ...change }, 'GET', secret, { now: T0, rng });
    state = step.state;
    return step.outcome;
  };
  t.notOk(isRefusal(attempt({ algorithm: 'SHA-256' })), 'algorithm=SHA-256, as challenged');
  t.notOk(isRefusal(attempt({ algorithm: 'sha-256' })), 'in any case');
  t.match(attempt({ algorithm: 'MD5' }), { code: -10002, message: /algorithm=SHA-256; the answer says algorithm=MD5/ });
  t.match(attempt({ uri: '/openapi/added_devices' }), { code: -10002, message: /uri must be the request's, \/openapi\/token/ });
  t.match(attempt({ qop: 'auth-int' }), { code: -10002, message: /qop="auth"/ });
  t.match(attempt({ nc: '1' }), { code: -10002, message: /nc \(8 hex digits\)/ });
  t.match(attempt(({ cnonce: _c, ...rest }) => rest), { code: -10002, message: /cnonce/ });
});

t.test('the password book finds a plain password by its MD5 form', async (t) => {
  const book = new PasswordBook(['Vigi#Admin1', 'Old#Pass0', '']);
  t.equal(book.plainFor(md5Form('Old#Pass0')), 'Old#Pass0');
  t.equal(book.plainFor(md5Form('unknown')), undefined);
});
