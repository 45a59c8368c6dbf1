import { isRefusal, refuse } from '../../devices/kernel/vendor-errors.js';
import { openPasswordEnvelope } from './password-envelope.js';
import { optionalString, requiredString, requireEnvelopeType, type Params } from './web-params.js';
import { moduleReply, refusalReply, replyFor, type WebReply } from './web-reply.js';
import type { Camera } from '../../devices/camera/camera.js';
import type { ActionHandler, CameraCall } from './camera-call.js';

/**
 * Module `forget_password` (ours; contract §3): the three verification methods and the final
 * `password_reset`. Reachable before login (Discovered Devices) and with a stok (My Devices).
 */
const M = 'forget_password';

const tokenReply = (value: { resetToken: string; expiresIn: number }) => ({ reset_token: value.resetToken, expire_in: value.expiresIn });

async function withQrPng(reply: WebReply, call: CameraCall): Promise<WebReply> {
  const data = reply.data as Record<string, unknown> | undefined;
  if (typeof data?.qrcode !== 'string') return reply;
  return { ...reply, data: { ...data, qrcode_png: await call.renderQrPng(data.qrcode) } };
}

export const forgetPasswordActions: Record<string, ActionHandler<Camera>> = {
  async get_methods(_params, call) {
    const outcome = await call.device.dispatch({ type: 'get-reset-methods' });
    return replyFor(M, outcome, (v) => ({ methods: v.methods, ...(v.maskedEmail ? { reset_pwd_email: v.maskedEmail } : {}), internet: v.internet ? '1' : '0' }));
  },

  async send_verification_code(_params, call) {
    const outcome = await call.device.dispatch({ type: 'send-verification-code' });
    // Without internet the refusal carries the QR code for the VIGI app; add its picture.
    if (isRefusal(outcome)) return withQrPng(refusalReply(outcome), call);
    return moduleReply(M, { reset_pwd_email: outcome.maskedEmail, expire_in: outcome.expiresIn });
  },

  async verification_code_check(params, call) {
    const code = requiredString(params, 'verify_code');
    if (isRefusal(code)) return refusalReply(code);
    return replyFor(M, await call.device.dispatch({ type: 'check-verification-code', code: code.trim() }), tokenReply);
  },

  async get_sec_questions(_params, call) {
    const outcome = await call.device.dispatch({ type: 'get-security-questions' });
    return replyFor(M, outcome, (v) => Object.fromEntries(v.questions.map((q, i) => [`sec_question_${i + 1}`, q])));
  },

  async sec_answer_check(params, call) {
    const answers: string[] = [];
    for (const i of [1, 2, 3]) {
      const answer = optionalString(params, `sec_answer_${i}`);
      if (isRefusal(answer)) return refusalReply(answer);
      if (answer !== undefined) answers.push(answer);
    }
    return replyFor(M, await call.device.dispatch({ type: 'check-security-answers', answers }), tokenReply);
  },

  async get_support_qrcode(_params, call) {
    const outcome = await call.device.dispatch({ type: 'get-support-qr' });
    if (isRefusal(outcome)) return refusalReply(outcome);
    return moduleReply(M, { qrcode: outcome.qrcode, qrcode_png: await call.renderQrPng(outcome.qrcode), expire_in: outcome.expiresIn });
  },

  async support_code_check(params, call) {
    const code = requiredString(params, 'verify_code');
    if (isRefusal(code)) return refusalReply(code);
    return replyFor(M, await call.device.dispatch({ type: 'check-support-code', code: code.trim() }), tokenReply);
  },

  async password_reset(params: Params, call: CameraCall) {
    const typeError = requireEnvelopeType(params);
    if (typeError) return refusalReply(typeError);
    const resetToken = requiredString(params, 'reset_token');
    if (isRefusal(resetToken)) return refusalReply(resetToken);
    const password = requiredString(params, 'password');
    if (isRefusal(password)) return refusalReply(password);
    if (password === '') return refusalReply(refuse('PASSWORD_EMPTY'));
    const envelope = openPasswordEnvelope(call.key(), password);
    if (!envelope) return refusalReply(refuse('NEW_PASSWORD_INVALID', 'The new password envelope does not open with this camera\'s key: encrypt MD5 form + ":" + nonce with the key from get_encrypt_info.'));
    const outcome = await call.device.dispatch({ type: 'reset-password', resetToken, nonce: envelope.nonce, md5: envelope.md5 });
    return isRefusal(outcome) ? refusalReply(outcome) : moduleReply(M, {});
  },
};
