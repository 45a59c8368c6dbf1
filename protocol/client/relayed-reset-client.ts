import type { PasswordResetSteps } from './password-reset-steps.js';
import type { VigiWebClient } from './vigi-web-client.js';
import type {
  CodeSent, Empty, FoundCamera, ModuleReply, PasswordResetParams, ResetGrant, ResetMethods, SecurityAnswerParams, SecurityAnswers, SecurityQuestions, SupportQrCode, VerifyCodeParams,
} from './wire-types.js';

type ChmReply<T> = ModuleReply<'chm', T>;

/**
 * A found (not added) camera's forgotten-password flow, relayed by the NVR (`chm_*` actions,
 * docs/protocol.md "Forgotten password of a found camera"): the same steps as the camera's own
 * `forget_password`, sent to the NVR with its session and the camera's `uuid` (or `ip`). The
 * camera's reply comes back under `chm`; its refusals pass through with their codes, plus
 * -71562 (no found camera by that name) and -71558 (the camera did not answer).
 */
export class RelayedResetClient implements PasswordResetSteps<'chm'> {
  readonly #nvr: VigiWebClient;
  readonly #camera: FoundCamera;

  /** `nvr`: a client of the NVR, logged in. */
  constructor(nvr: VigiWebClient, camera: FoundCamera) {
    this.#nvr = nvr;
    this.#camera = camera;
  }

  #do<T>(action: string, params: Record<string, unknown> = {}): Promise<ChmReply<T>> {
    return this.#nvr.call({ method: 'do', chm: { [action]: { ...this.#camera, ...params } } }) as Promise<ChmReply<T>>;
  }

  /** `chm_get_forget_methods` (relays `get_methods`). */
  getMethods(): Promise<ChmReply<ResetMethods>> {
    return this.#do('chm_get_forget_methods');
  }

  /** `chm_send_verification_code` (relays `send_verification_code`): the camera mails its reset email. */
  sendVerificationCode(): Promise<ChmReply<CodeSent>> {
    return this.#do('chm_send_verification_code');
  }

  /** `chm_verification_code_check` (relays `verification_code_check`). */
  checkVerificationCode(code: string): Promise<ChmReply<ResetGrant>> {
    const params: VerifyCodeParams = { verify_code: code };
    return this.#do('chm_verification_code_check', params);
  }

  /** `chm_get_adding_dev_sec_question` (relays `get_sec_questions`). */
  getSecurityQuestions(): Promise<ChmReply<SecurityQuestions>> {
    return this.#do('chm_get_adding_dev_sec_question');
  }

  /** `chm_forget_password` (relays `sec_answer_check`). */
  checkSecurityAnswers([first, second, third]: SecurityAnswers): Promise<ChmReply<ResetGrant>> {
    const params: SecurityAnswerParams = { sec_answer_1: first, sec_answer_2: second, sec_answer_3: third };
    return this.#do('chm_forget_password', params);
  }

  /** `chm_get_support_qrcode` (relays `get_support_qrcode`). */
  getSupportQrCode(): Promise<ChmReply<SupportQrCode>> {
    return this.#do('chm_get_support_qrcode');
  }

  /** `chm_support_code_check` (relays `support_code_check`). */
  checkSupportCode(code: string): Promise<ChmReply<ResetGrant>> {
    const params: VerifyCodeParams = { verify_code: code };
    return this.#do('chm_support_code_check', params);
  }

  /**
   * `chm_password_reset` (relays `password_reset`): the envelope is made under the **NVR's**
   * challenge, and the NVR re-wraps the password for the camera.
   */
  async setNewPassword(resetToken: string, newPassword: string): Promise<ChmReply<Empty>> {
    const params: PasswordResetParams = { reset_token: resetToken, password: await this.#nvr.envelope(newPassword), encrypt_type: '2' };
    return this.#do('chm_password_reset', params);
  }
}
