import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import { isMd5Form } from '../credentials/md5-form.js';
import { answerDigest, normaliseAnswer } from '../credentials/security-answers.js';
import type { StoredQuestion } from './camera-state.js';
import type { AccountContext, AccountState, AccountStep } from '../account/account-state.js';
import type { QuestionInput } from './camera-inputs.js';
import { consumeNonce } from '../account/account-login.js';
import { done, emit } from '../kernel/device-effect.js';

/**
 * Activation of a factory-fresh device (`set_initial_password`, ours): the admin password in
 * its RSA envelope, and optionally a Reset Password Email and three security questions. A
 * method not set up here fails later with its own code.
 */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const MAX_TEXT = 128;

export function checkQuestions(questions: readonly QuestionInput[]): Refusal | StoredQuestion[] {
  if (questions.length !== 3) return refuse('INVALID_QUESTION_COUNT', `Give exactly three security questions with answers, not ${questions.length}.`);
  for (const [i, q] of questions.entries()) {
    if (q.question.trim() === '' || normaliseAnswer(q.answer) === '') return refuse('INVALID_QUESTION', `Security question ${i + 1} or its answer is empty.`);
    if (q.question.length > MAX_TEXT || q.answer.length > MAX_TEXT) return refuse('INVALID_QUESTION', `Security question ${i + 1} or its answer is longer than ${MAX_TEXT} characters.`);
  }
  const distinct = new Set(questions.map((q) => q.question.trim().toLowerCase()));
  if (distinct.size !== questions.length) return refuse('REPEATED_QUESTION', 'The same security question appears twice.');
  return questions.map((q) => ({ question: q.question.trim(), answerDigest: answerDigest(q.answer) }));
}

/** Activation is the same on cameras and NVRs: the flash gains the password and reset setup. */
export function activate<S extends AccountState>(state: S, input: { nonce: string; md5: string; resetEmail?: string; questions?: readonly QuestionInput[] }, ctx: AccountContext): AccountStep<S, Record<string, never>> {
  if (state.flash.status !== 'factory-fresh') return { state, effects: [], outcome: refuse('ALREADY_ACTIVATED') };
  const { memory, valid } = consumeNonce(state.memory, input.nonce, ctx);
  const afterNonce = { ...state, memory };
  if (!valid) return { state: afterNonce, effects: [], outcome: refuse('NONCE_INVALID', 'The nonce in the password envelope is stale, unknown or already used: fetch a new challenge.') };
  if (input.md5 === '') return { state: afterNonce, effects: [], outcome: refuse('PASSWORD_BLANK') };
  if (!isMd5Form(input.md5)) return { state: afterNonce, effects: [], outcome: refuse('NEW_PASSWORD_INVALID') };
  const email = input.resetEmail?.trim();
  if (email && !EMAIL.test(email)) return { state: afterNonce, effects: [], outcome: refuse('INVALID_EMAIL', `"${email}" is not an email address.`) };
  const stored = input.questions?.length ? checkQuestions(input.questions) : [];
  if (!Array.isArray(stored)) return { state: afterNonce, effects: [], outcome: stored };
  const flash = { status: 'activated' as const, adminMd5: input.md5, ...(email ? { resetEmail: email } : {}), ...(stored.length ? { questions: stored } : {}) };
  return {
    state: { ...afterNonce, flash },
    effects: [emit('activated', { resetEmail: Boolean(email), securityQuestions: stored.length > 0 })],
    outcome: done,
  };
}
