/**
 * Everything that can happen to a camera, as data. Inputs are imperative. Credentials arrive
 * already out of their RSA envelope (protocol/ opens it): `md5` is the vendor MD5 form and
 * `nonce` the challenge nonce that was inside the envelope.
 */
export interface QuestionInput {
  readonly question: string;
  readonly answer: string;
}

export type CameraInput =
  | { readonly type: 'issue-challenge' }
  | { readonly type: 'activate'; readonly nonce: string; readonly md5: string; readonly resetEmail?: string; readonly questions?: readonly QuestionInput[] }
  /** `nonce` is absent for `encrypt_type` "1" (bare MD5 form, no envelope, no replay guard). */
  | { readonly type: 'log-in'; readonly username: string; readonly nonce?: string; readonly md5: string }
  | { readonly type: 'check-session'; readonly stok: string }
  | { readonly type: 'log-out'; readonly stok: string }
  | { readonly type: 'change-password'; readonly stok: string; readonly nonce: string; readonly oldMd5: string; readonly newMd5: string }
  | { readonly type: 'get-reset-methods' }
  | { readonly type: 'send-verification-code' }
  | { readonly type: 'check-verification-code'; readonly code: string }
  | { readonly type: 'get-security-questions' }
  | { readonly type: 'check-security-answers'; readonly answers: readonly string[] }
  | { readonly type: 'get-support-qr' }
  | { readonly type: 'check-support-code'; readonly code: string }
  | { readonly type: 'reset-password'; readonly resetToken: string; readonly nonce: string; readonly md5: string }
  | { readonly type: 'power-off' }
  | { readonly type: 'power-on' }
  | { readonly type: 'set-internet'; readonly internet: boolean }
  | { readonly type: 'factory-reset' };

export type CameraInputType = CameraInput['type'];
