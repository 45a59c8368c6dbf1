import { isRefusal, refuse, vendorErrors } from '../../devices/kernel/vendor-errors.js';
import type { QuestionInput } from '../../devices/camera/camera-inputs.js';
import { openPasswordEnvelope } from './password-envelope.js';
import { optionalString, requiredString, requireEnvelopeType, type Params } from './web-params.js';
import { moduleReply, refusalReply, type WebReply } from './web-reply.js';
import type { ActionHandler, DeviceCall } from './camera-call.js';

/**
 * Module `user_management` (pre-auth): `get_encrypt_info` (public: the login challenge) and
 * `set_initial_password` (ours: activation of a factory-fresh camera).
 */
export async function getEncryptInfo(_params: Params, call: DeviceCall): Promise<WebReply> {
  const challenge = await call.device.dispatch({ type: 'issue-challenge' });
  if (isRefusal(challenge)) return refusalReply(challenge);
  // error_code -40401 even on success: it means "not yet authenticated" (public).
  return {
    error_code: vendorErrors.UNAUTHENTICATED.code,
    data: {
      code: challenge.code,
      encrypt_type: ['1', '2'],
      key: call.key().publicKeySpkiBase64,
      nonce: challenge.nonce,
      time: challenge.time,
      max_time: challenge.maxTime,
      ...(challenge.secLeft !== undefined ? { sec_left: challenge.secLeft } : {}),
    },
  };
}

export function questionsFrom(params: Params): QuestionInput[] | WebReply {
  const questions: QuestionInput[] = [];
  for (const i of [1, 2, 3]) {
    const question = optionalString(params, `sec_question_${i}`);
    const answer = optionalString(params, `sec_answer_${i}`);
    if (isRefusal(question)) return refusalReply(question);
    if (isRefusal(answer)) return refusalReply(answer);
    if (question !== undefined || answer !== undefined) questions.push({ question: question ?? '', answer: answer ?? '' });
  }
  return questions;
}

export async function setInitialPassword(params: Params, call: DeviceCall): Promise<WebReply> {
  const username = optionalString(params, 'username');
  if (isRefusal(username)) return refusalReply(username);
  if (username !== undefined && username !== 'admin') return refusalReply(refuse('INVALID_ARGUMENT', 'The only account on a VIGI camera is "admin".'));
  const typeError = requireEnvelopeType(params);
  if (typeError) return refusalReply(typeError);
  const password = requiredString(params, 'password');
  if (isRefusal(password)) return refusalReply(password);
  if (password === '') return refusalReply(refuse('PASSWORD_BLANK'));
  const envelope = openPasswordEnvelope(call.key(), password);
  if (!envelope) return refusalReply(refuse('NEW_PASSWORD_INVALID', 'The password envelope does not open with this camera\'s key: encrypt MD5 form + ":" + nonce with the key from get_encrypt_info.'));
  const resetEmail = optionalString(params, 'reset_pwd_email');
  if (isRefusal(resetEmail)) return refusalReply(resetEmail);
  const questions = questionsFrom(params);
  if (!Array.isArray(questions)) return questions;
  const outcome = await call.device.dispatch({ type: 'activate', nonce: envelope.nonce, md5: envelope.md5, ...(resetEmail ? { resetEmail } : {}), ...(questions.length ? { questions } : {}) });
  return isRefusal(outcome) ? refusalReply(outcome) : moduleReply('user_management', {});
}

/**
 * `change_user_info` (ours; the name is in the NVR's public catalogue): with a session, both
 * passwords as envelopes under one challenge. An NVR's password management uses it.
 */
export async function changeUserInfo(params: Params, call: DeviceCall): Promise<WebReply> {
  const typeError = requireEnvelopeType(params);
  if (typeError) return refusalReply(typeError);
  const opened: { md5: string; nonce: string }[] = [];
  for (const field of ['old_passwd', 'new_passwd']) {
    const value = requiredString(params, field);
    if (isRefusal(value)) return refusalReply(value);
    const envelope = openPasswordEnvelope(call.key(), value);
    if (!envelope) return refusalReply(refuse(field === 'old_passwd' ? 'OLD_PASSWORD_WRONG' : 'NEW_PASSWORD_INVALID', `"${field}" does not open with this device's key.`));
    opened.push(envelope);
  }
  const [oldPassword, newPassword] = opened as [{ md5: string; nonce: string }, { md5: string; nonce: string }];
  if (oldPassword.nonce !== newPassword.nonce) return refusalReply(refuse('NONCE_INVALID', 'Both envelopes must carry the nonce of one challenge.'));
  const outcome = await call.device.dispatch({ type: 'change-password', stok: call.stok ?? '', nonce: oldPassword.nonce, oldMd5: oldPassword.md5, newMd5: newPassword.md5 });
  return isRefusal(outcome) ? refusalReply(outcome) : moduleReply('user_management', {});
}

export const userManagementActions: Record<string, ActionHandler> = {
  get_encrypt_info: getEncryptInfo,
  set_initial_password: setInitialPassword,
  change_user_info: changeUserInfo,
};
