import type { AccountInput, ControlInput } from '../account/account-device.js';
import type { DetectionType } from './camera-detection.js';

/**
 * Everything that can happen to a camera, as data. Inputs are imperative. Credentials arrive
 * already out of their RSA envelope (protocol/ opens it): `md5` is the vendor MD5 form and
 * `nonce` the challenge nonce that was inside the envelope.
 */
export interface QuestionInput {
  readonly question: string;
  readonly answer: string;
}

/** The account's inputs (shared with NVRs), the power switch and reset button, and the reset flows. */
export type CameraInput =
  | AccountInput
  | ControlInput
  | { readonly type: 'get-reset-methods' }
  | { readonly type: 'send-verification-code' }
  | { readonly type: 'check-verification-code'; readonly code: string }
  | { readonly type: 'get-security-questions' }
  | { readonly type: 'check-security-answers'; readonly answers: readonly string[] }
  | { readonly type: 'get-support-qr' }
  | { readonly type: 'check-support-code'; readonly code: string }
  | { readonly type: 'reset-password'; readonly resetToken: string; readonly nonce: string; readonly md5: string }
  | { readonly type: 'detect'; readonly eventType: DetectionType }
  | { readonly type: 'set-message-push'; readonly eventType: DetectionType; readonly enabled: boolean };

export type CameraInputType = CameraInput['type'];
