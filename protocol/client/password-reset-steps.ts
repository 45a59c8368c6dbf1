import type { CodeSent, Empty, ModuleReply, ResetGrant, ResetMethods, SecurityAnswers, SecurityQuestions, SupportQrCode } from './wire-types.js';

/**
 * The steps of a forgotten-password reset, the same whether a client talks to the camera
 * (`forget_password`, replies under M = "forget_password") or has an NVR relay them to a found
 * camera (`chm_*`, replies under M = "chm"). So one flow function serves both: pick a method,
 * prove ownership (mailed code, security answers or support code), get a reset token, spend it.
 */
export interface PasswordResetSteps<M extends string> {
  /** The methods offered (`email`, `sec_question`, `tech_support`), the masked reset email, internet "1"/"0". */
  getMethods(): Promise<ModuleReply<M, ResetMethods>>;
  /** Mails a six-digit code to the reset email. -51291 no email; -51218 no internet (data has the app QR); -21002 too many mails. */
  sendVerificationCode(): Promise<ModuleReply<M, CodeSent>>;
  /** The mailed code for a reset token. -51221 not six digits; -20607 wrong (`attempts_left`); -20673 none pending; -40404 locked. */
  checkVerificationCode(code: string): Promise<ModuleReply<M, ResetGrant>>;
  /** The three questions set at activation. -50936 none set. */
  getSecurityQuestions(): Promise<ModuleReply<M, SecurityQuestions>>;
  /** The three answers for a reset token. -51292 wrong (`attempts_left`); -50936 none set; -40404 locked. */
  checkSecurityAnswers(answers: SecurityAnswers): Promise<ModuleReply<M, ResetGrant>>;
  /** The QR code TP-Link support reads (valid 300 s). */
  getSupportQrCode(): Promise<ModuleReply<M, SupportQrCode>>;
  /** The code support read from the QR, for a reset token. Refusals as checkVerificationCode. */
  checkSupportCode(code: string): Promise<ModuleReply<M, ResetGrant>>;
  /** Spends a reset token on a new password. -40412 token unknown, used or expired. */
  setNewPassword(resetToken: string, newPassword: string): Promise<ModuleReply<M, Empty>>;
}
