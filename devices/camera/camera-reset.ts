import { expireLock, freshCounter, recordFailure, secondsLocked, type AttemptCounter } from '../kernel/attempt-counter.js';
import { randomHex } from '../kernel/rng.js';
import { refuse, vendorErrors, type Refusal } from '../kernel/vendor-errors.js';
import { isMd5Form } from '../credentials/md5-form.js';
import { secretsEqual } from '../credentials/secret-compare.js';
import { answerDigest } from '../credentials/security-answers.js';
import { deriveResetCode, isSixDigits } from '../cloud/reset-codes.js';
import { encodeResetQr } from '../cloud/reset-qr.js';
import { resetCodeMail } from '../cloud/reset-code-mail.js';
import type { CameraMemory, CameraState, PendingCode, ResetMethod } from './camera-state.js';
import { consumeNonce } from '../account/account-login.js';
import { maskEmail } from './mask-email.js';
import { done, emit, type CameraTransition, type StepContext } from './camera-transition.js';

/**
 * The forgotten-password flows (vendor article; module `forget_password`, ours): verify by
 * mailed code (or the VIGI app's QR path without internet), by security answers, or by a
 * technical-support QR; each pass yields a single-use reset token for `password_reset`.
 */
type Activated = CameraState & { flash: { status: 'activated' } };
const unchanged = (state: CameraState, outcome: Refusal) => ({ state, effects: [], outcome });

export function activatedOnly(state: CameraState): Refusal | undefined {
  return state.flash.status === 'activated' ? undefined : refuse('NOT_ACTIVATED', 'The camera is factory-fresh: it has no password to reset.');
}

export function getResetMethods(state: Activated): CameraTransition<'get-reset-methods'> {
  const { resetEmail, questions } = state.flash;
  const methods: ResetMethod[] = [...(resetEmail ? ['email' as const] : []), ...(questions?.length ? ['sec_question' as const] : []), 'tech_support'];
  return { state, effects: [], outcome: { methods, ...(resetEmail ? { maskedEmail: maskEmail(resetEmail) } : {}), internet: state.internet } };
}

function lockRefusal(counter: AttemptCounter, now: number, what: string): Refusal | undefined {
  const secLeft = secondsLocked(counter, now);
  return secLeft > 0 ? refuse('LOCKED', `Too many wrong ${what}; this method is locked for ${secLeft} s.`, { code: vendorErrors.LOCKED.code, sec_left: secLeft }) : undefined;
}

export function sendVerificationCode(state: Activated, ctx: StepContext): CameraTransition<'send-verification-code'> {
  const email = state.flash.resetEmail;
  if (!email) return unchanged(state, refuse('NO_RESET_EMAIL', 'No Reset Password Email was set up when this camera was activated; use security questions or technical support.'));
  const locked = lockRefusal(expireLock(state.memory.mailCodeAttempts, ctx.now), ctx.now, 'verification codes');
  if (locked) return unchanged(state, locked);
  const nonce = randomHex(ctx.rng, 16);
  const validForMs = ctx.policy.emailCodeValidMs;
  if (!state.internet) {
    // No cloud: the code is derived from a QR code that the VIGI app scans; TP-Link mails it.
    const pending: PendingCode = { purpose: 'app', nonce, issuedAt: ctx.now, validForMs, code: '' };
    const mailCode = { ...pending, code: deriveResetCode(pending) };
    const { identity } = state;
    const qrcode = encodeResetQr({ purpose: 'app', uuid: identity.uuid, mac: identity.mac, model: identity.model, serial: identity.serial, nonce, issuedAt: ctx.now, validForMs, email }, ctx.rng.bytes(12));
    return {
      state: { ...state, memory: { ...state.memory, mailCode } },
      effects: [emit('app-qr-issued', { expiresIn: validForMs / 1000 })],
      outcome: refuse('NO_INTERNET', 'The camera has no internet: scan the QR code with the VIGI app, and TP-Link mails the code.', { qrcode, expire_in: validForMs / 1000 }),
    };
  }
  const recent = state.memory.mailsSentAt.filter((at) => ctx.now - at < ctx.policy.mailWindowMs);
  if (recent.length >= ctx.policy.mailsPerWindow) {
    const secLeft = Math.ceil((recent[0]! + ctx.policy.mailWindowMs - ctx.now) / 1000);
    return unchanged(state, refuse('TOO_MANY_MAILS', `Too many codes sent; the next may be sent in ${secLeft} s.`, { sec_left: secLeft }));
  }
  const pending: PendingCode = { purpose: 'email', nonce, issuedAt: ctx.now, validForMs, code: '' };
  const mailCode = { ...pending, code: deriveResetCode(pending) };
  const mail = resetCodeMail({ to: email, code: mailCode.code, deviceName: state.identity.name, model: state.identity.model, validForMinutes: validForMs / 60_000 });
  return {
    state: { ...state, memory: { ...state.memory, mailCode, mailsSentAt: [...recent, ctx.now] } },
    effects: [{ type: 'send-mail', mail }, emit('verification-code-sent', { to: maskEmail(email) })],
    outcome: { maskedEmail: maskEmail(email), expiresIn: validForMs / 1000 },
  };
}

function issueResetToken(state: CameraState, memory: CameraMemory, method: ResetMethod, ctx: StepContext) {
  const token = randomHex(ctx.rng, 32);
  const live = memory.resetTokens.filter((t) => t.expiresAt > ctx.now);
  const resetTokens = [...live, { token, method, expiresAt: ctx.now + ctx.policy.resetTokenValidMs }].slice(-8);
  return {
    state: { ...state, memory: { ...memory, resetTokens } },
    effects: [emit('reset-verified', { method })],
    outcome: { resetToken: token, expiresIn: ctx.policy.resetTokenValidMs / 1000 },
  };
}

type CodeSlot = { pending: 'mailCode'; attempts: 'mailCodeAttempts'; method: 'email' } | { pending: 'supportCode'; attempts: 'supportCodeAttempts'; method: 'tech_support' };

/** Shared by mailed/app codes and support codes: format, lock, expiry, single use. */
export function checkCode(state: Activated, code: string, slot: CodeSlot, ctx: StepContext): CameraTransition<'check-verification-code'> {
  if (code === '') return unchanged(state, refuse('CODE_EMPTY'));
  if (!isSixDigits(code)) return unchanged(state, refuse('CODE_FORMAT'));
  const attempts = expireLock(state.memory[slot.attempts], ctx.now);
  const locked = lockRefusal(attempts, ctx.now, 'codes');
  if (locked) return unchanged(state, locked);
  const pending = state.memory[slot.pending];
  if (!pending || ctx.now >= pending.issuedAt + pending.validForMs) {
    return unchanged(state, refuse('CODE_EXPIRED', 'No valid code is pending: it expired, was used, or was lost when the camera restarted. Request a new one.'));
  }
  if (!secretsEqual(code, pending.code)) {
    const failed = recordFailure(attempts, { maxFailures: ctx.policy.verifyMaxFailures, lockMs: ctx.policy.verifyLockMs }, ctx.now);
    const next = { ...state, memory: { ...state.memory, [slot.attempts]: failed } };
    const nowLocked = lockRefusal(failed, ctx.now, 'codes');
    return { state: next, effects: [emit('verification-failed', { method: slot.method, failures: failed.failures })], outcome: nowLocked ?? refuse('CODE_WRONG', undefined, { attempts_left: ctx.policy.verifyMaxFailures - failed.failures }) };
  }
  const { [slot.pending]: _used, ...memory } = { ...state.memory, [slot.attempts]: freshCounter };
  return issueResetToken(state, memory as CameraMemory, slot.method, ctx);
}

export const mailSlot: CodeSlot = { pending: 'mailCode', attempts: 'mailCodeAttempts', method: 'email' };
export const supportSlot: CodeSlot = { pending: 'supportCode', attempts: 'supportCodeAttempts', method: 'tech_support' };

export function getSecurityQuestions(state: Activated): CameraTransition<'get-security-questions'> {
  const questions = state.flash.questions;
  if (!questions?.length) return unchanged(state, refuse('NO_SECURITY_QUESTIONS', 'No security questions were set up when this camera was activated; use email or technical support.'));
  return { state, effects: [], outcome: { questions: questions.map((q) => q.question) } };
}

export function checkSecurityAnswers(state: Activated, answers: readonly string[], ctx: StepContext): CameraTransition<'check-security-answers'> {
  const questions = state.flash.questions;
  if (!questions?.length) return unchanged(state, refuse('NO_SECURITY_QUESTIONS', 'No security questions were set up when this camera was activated.'));
  if (answers.length !== questions.length) return unchanged(state, refuse('MISSING_ARGUMENT', `Answer all ${questions.length} security questions (sec_answer_1..${questions.length}).`));
  const attempts = expireLock(state.memory.answerAttempts, ctx.now);
  const locked = lockRefusal(attempts, ctx.now, 'security answers');
  if (locked) return unchanged(state, locked);
  const right = questions.every((q, i) => secretsEqual(answerDigest(answers[i] ?? ''), q.answerDigest));
  if (!right) {
    const failed = recordFailure(attempts, { maxFailures: ctx.policy.verifyMaxFailures, lockMs: ctx.policy.verifyLockMs }, ctx.now);
    return { state: { ...state, memory: { ...state.memory, answerAttempts: failed } }, effects: [emit('verification-failed', { method: 'sec_question', failures: failed.failures })], outcome: lockRefusal(failed, ctx.now, 'security answers') ?? refuse('SECURITY_ANSWER_WRONG', undefined, { attempts_left: ctx.policy.verifyMaxFailures - failed.failures }) };
  }
  return issueResetToken(state, { ...state.memory, answerAttempts: freshCounter }, 'sec_question', ctx);
}

export function getSupportQr(state: Activated, ctx: StepContext): CameraTransition<'get-support-qr'> {
  const validForMs = ctx.policy.supportQrValidMs;
  const pending: PendingCode = { purpose: 'support', nonce: randomHex(ctx.rng, 16), issuedAt: ctx.now, validForMs, code: '' };
  const supportCode = { ...pending, code: deriveResetCode(pending) };
  const { identity } = state;
  const qrcode = encodeResetQr({ purpose: 'support', uuid: identity.uuid, mac: identity.mac, model: identity.model, serial: identity.serial, nonce: pending.nonce, issuedAt: ctx.now, validForMs }, ctx.rng.bytes(12));
  return { state: { ...state, memory: { ...state.memory, supportCode } }, effects: [emit('support-qr-issued', { expiresIn: validForMs / 1000 })], outcome: { qrcode, expiresIn: validForMs / 1000 } };
}

export function resetPassword(state: Activated, input: { resetToken: string; nonce: string; md5: string }, ctx: StepContext): CameraTransition<'reset-password'> {
  const { memory, valid } = consumeNonce(state.memory, input.nonce, ctx);
  const afterNonce = { ...state, memory };
  const token = memory.resetTokens.find((t) => secretsEqual(t.token, input.resetToken) && t.expiresAt > ctx.now);
  if (!token) return unchanged(afterNonce, refuse('RESET_TOKEN_INVALID', 'The reset token is unknown, used or expired: verify again.'));
  if (!valid) return unchanged(afterNonce, refuse('NONCE_INVALID', 'The nonce in the password envelope is stale, unknown or already used: fetch a new challenge.'));
  if (input.md5 === '') return unchanged(afterNonce, refuse('PASSWORD_EMPTY'));
  if (!isMd5Form(input.md5)) return unchanged(afterNonce, refuse('NEW_PASSWORD_INVALID'));
  // A new password ends everything the old one opened: sessions, tokens, pending codes, counters.
  const { mailCode: _m, supportCode: _s, ...rest } = memory;
  const cleared: CameraMemory = { ...rest, sessions: [], resetTokens: [], login: freshCounter };
  return {
    state: { ...state, flash: { ...state.flash, adminMd5: input.md5 }, memory: cleared },
    effects: [emit('password-reset', { method: token.method })],
    outcome: done,
  };
}
