import type { PasswordResetSteps } from './password-reset-steps.js';
import type { VigiWebClient } from './vigi-web-client.js';
import type {
  CodeSent, Empty, ModuleReply, PasswordResetParams, ResetGrant, ResetMethods, SecurityAnswerParams, SecurityAnswers, SecurityQuestions, SupportQrCode, VerifyCodeParams,
} from './wire-types.js';

type ForgetReply<T> = ModuleReply<'forget_password', T>;

/**
 * Module `forget_password` of a camera (docs/protocol.md, "Forgotten password"): every action,
 * typed. Pre-auth, as VIGI Security Manager calls them for a Discovered Device; `withSession()`
 * sends the same calls with the client's stok (a camera already in My Devices). An NVR answers
 * -40106 here: its cameras' resets go through `client.channels.relayedReset(...)`.
 */
export class CameraResetClient implements PasswordResetSteps<'forget_password'> {
  readonly #client: VigiWebClient;
  readonly #withSession: boolean;

  constructor(client: VigiWebClient, withSession = false) {
    this.#client = client;
    this.#withSession = withSession;
  }

  /** The same actions sent with the client's stok (`POST /stok=<stok>/ds`). */
  withSession(): CameraResetClient {
    return new CameraResetClient(this.#client, true);
  }

  #do<T>(action: string, params: Record<string, unknown> | null = null): Promise<ForgetReply<T>> {
    return this.#client.forget(action, params, this.#withSession) as Promise<ForgetReply<T>>;
  }

  /** `get_methods`. */
  getMethods(): Promise<ForgetReply<ResetMethods>> {
    return this.#do('get_methods');
  }

  /** `send_verification_code`: the mail goes from noreply@tp-link.com to the reset email. */
  sendVerificationCode(): Promise<ForgetReply<CodeSent>> {
    return this.#do('send_verification_code');
  }

  /** `verification_code_check` with the mailed code (or the one the VIGI-app path mailed). */
  checkVerificationCode(code: string): Promise<ForgetReply<ResetGrant>> {
    const params: VerifyCodeParams = { verify_code: code };
    return this.#do('verification_code_check', params);
  }

  /** `get_sec_questions`. */
  getSecurityQuestions(): Promise<ForgetReply<SecurityQuestions>> {
    return this.#do('get_sec_questions');
  }

  /** `sec_answer_check`. */
  checkSecurityAnswers([first, second, third]: SecurityAnswers): Promise<ForgetReply<ResetGrant>> {
    const params: SecurityAnswerParams = { sec_answer_1: first, sec_answer_2: second, sec_answer_3: third };
    return this.#do('sec_answer_check', params);
  }

  /** `get_support_qrcode`: give `qrcode` to support (`POST /__sim/cloud/support/code` in the simulator). */
  getSupportQrCode(): Promise<ForgetReply<SupportQrCode>> {
    return this.#do('get_support_qrcode');
  }

  /** `support_code_check` with the code support gave back. */
  checkSupportCode(code: string): Promise<ForgetReply<ResetGrant>> {
    const params: VerifyCodeParams = { verify_code: code };
    return this.#do('support_code_check', params);
  }

  /**
   * `password_reset`: the new password as an envelope under a fresh challenge of the camera.
   * Afterwards the new password logs in, the old one does not, and every stok is dead.
   */
  async setNewPassword(resetToken: string, newPassword: string): Promise<ForgetReply<Empty>> {
    const params: PasswordResetParams = { reset_token: resetToken, password: await this.#client.envelope(newPassword), encrypt_type: '2' };
    return this.#do('password_reset', params);
  }
}
